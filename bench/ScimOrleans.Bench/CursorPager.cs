using System.Diagnostics;
using System.Text.Json;

namespace ScimOrleans.Bench;

/// <summary>What paging through a whole tenant measured: each page's latency, in order.</summary>
public sealed record CursorPagingResult(int Resources, int? TotalResults, IReadOnlyList<double> PageMs, TimeSpan Elapsed, string? Failure)
{
    /// <summary>How many pages at each end <see cref="FirstMs"/> and <see cref="LastMs"/> average over.</summary>
    public int Edge => Math.Max(1, Math.Min(5, PageMs.Count / 4));

    public double FirstMs => PageMs.Count == 0 ? double.NaN : PageMs.Take(Edge).Average();

    /// <summary>The last full pages (the final page may be short, so it is left out when there are others).</summary>
    public double LastMs
    {
        get
        {
            if (PageMs.Count == 0)
            {
                return double.NaN;
            }

            var full = PageMs.Count > Edge + 1 ? PageMs.Take(PageMs.Count - 1).ToList() : [.. PageMs];
            return full.Skip(Math.Max(0, full.Count - Edge)).Average();
        }
    }
}

/// <summary>
/// Reads every user of a tenant with cursor paging (RFC 9865): <c>GET /Users?cursor=&amp;count=N</c>,
/// then <c>cursor=&lt;nextCursor&gt;</c> until a page has none; one page at a time, each timed
/// from send to the whole response read.
/// </summary>
public static class CursorPager
{
    public static async Task<CursorPagingResult> PageAllAsync(string usersUrl, string token, int count)
    {
        using var client = BenchHttp.Client(1, token);
        var pages = new List<double>();
        var resources = 0;
        int? total = null;
        var cursor = "";
        var clock = Stopwatch.StartNew();
        while (true)
        {
            var url = $"{usersUrl}?count={count}&cursor={Uri.EscapeDataString(cursor)}";
            var started = Stopwatch.GetTimestamp();
            using var response = await client.GetAsync(url);
            var body = await response.Content.ReadAsStringAsync();
            pages.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
            if (!response.IsSuccessStatusCode)
            {
                return new CursorPagingResult(resources, total, pages, clock.Elapsed, $"page {pages.Count}: {(int)response.StatusCode} {body[..Math.Min(300, body.Length)]}");
            }

            using var json = JsonDocument.Parse(body);
            var root = json.RootElement;
            if (root.TryGetProperty("totalResults", out var totalResults))
            {
                total ??= totalResults.GetInt32();
            }

            resources += root.TryGetProperty("Resources", out var listed) ? listed.GetArrayLength() : 0;
            if (!root.TryGetProperty("nextCursor", out var nextCursor) || nextCursor.GetString() is not { Length: > 0 } next)
            {
                break;
            }

            cursor = next;
        }

        return new CursorPagingResult(resources, total, pages, clock.Elapsed, null);
    }
}
