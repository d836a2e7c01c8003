using System.Diagnostics;
using System.Text;
using System.Text.Json;

namespace ScimOrleans.Bench;

/// <summary>What a /Bulk import achieved: users created (with their ids) and how long it took, end to end.</summary>
public sealed record BulkLoadResult(
    IReadOnlyList<LoadedUser> Users, int Requested, int Requests, TimeSpan Elapsed, long FailedOperations, long FailedRequests,
    string? FirstFailure)
{
    public double Rate => Users.Count / Elapsed.TotalSeconds;
}

/// <summary>
/// Imports users through <c>POST /Bulk</c>, <c>batch</c> POST operations per request and
/// <c>connections</c> requests in flight; every operation's status is checked and the created
/// ids are read from the operations' <c>location</c>.
/// </summary>
public static class BulkLoader
{
    public static async Task<BulkLoadResult> LoadAsync(
        string scimBase, string token, int first, int count, int batch, int connections, string run)
    {
        using var client = BenchHttp.Client(connections, token);
        var bulkUrl = scimBase + "/Bulk";
        var requests = (count + batch - 1) / batch;
        var users = new LoadedUser?[count];
        var next = -1;
        long failedOperations = 0, failedRequests = 0, done = 0;
        string? firstFailure = null;
        var clock = Stopwatch.StartNew();

        async Task WorkerAsync()
        {
            int request;
            while ((request = Interlocked.Increment(ref next)) < requests)
            {
                var from = request * batch;
                var size = Math.Min(batch, count - from);
                try
                {
                    using var content = new StringContent(Body(first + from, size, run), Encoding.UTF8, BenchHttp.ScimMediaType);
                    using var response = await client.PostAsync(bulkUrl, content);
                    var body = await response.Content.ReadAsStringAsync();
                    if (!response.IsSuccessStatusCode)
                    {
                        Interlocked.Increment(ref failedRequests);
                        Interlocked.Add(ref failedOperations, size);
                        Interlocked.CompareExchange(ref firstFailure, $"{(int)response.StatusCode}: {Truncate(body)}", null);
                        continue;
                    }

                    using var json = JsonDocument.Parse(body);
                    var succeeded = 0;
                    foreach (var operation in json.RootElement.GetProperty("Operations").EnumerateArray())
                    {
                        var status = operation.GetProperty("status").GetString();
                        var bulkId = operation.GetProperty("bulkId").GetString()!;
                        var index = int.Parse(bulkId.AsSpan(1), System.Globalization.CultureInfo.InvariantCulture) - first;
                        if (status == "201" && operation.TryGetProperty("location", out var location)
                            && index >= from && index < from + size && users[index] is null)
                        {
                            var url = location.GetString()!;
                            users[index] = new LoadedUser(url[(url.LastIndexOf('/') + 1)..], UserName(first + index, run));
                            succeeded++;
                        }
                        else
                        {
                            Interlocked.CompareExchange(ref firstFailure, $"operation {bulkId}: {Truncate(operation.GetRawText())}", null);
                        }
                    }

                    Interlocked.Add(ref failedOperations, size - succeeded);
                }
                catch (Exception e) when (e is HttpRequestException or TaskCanceledException or JsonException or KeyNotFoundException)
                {
                    Interlocked.Increment(ref failedRequests);
                    Interlocked.Add(ref failedOperations, size);
                    Interlocked.CompareExchange(ref firstFailure, $"{e.GetType().Name}: {e.Message}", null);
                }

                Interlocked.Add(ref done, size);
            }
        }

        using var stop = new CancellationTokenSource();
        var progress = ReportProgressAsync(() => Interlocked.Read(ref done), count, clock, stop.Token);
        await Task.WhenAll(Enumerable.Range(0, connections).Select(_ => Task.Run(WorkerAsync)));
        clock.Stop();
        await stop.CancelAsync();
        await progress;
        return new BulkLoadResult([.. users.OfType<LoadedUser>()], count, requests, clock.Elapsed, failedOperations, failedRequests, firstFailure);
    }

    /// <summary>The userName of the <paramref name="index"/>th imported user of a run.</summary>
    public static string UserName(int index, string run) => $"u{index}.{run}@bench.test";

    private static string Body(int from, int size, string run)
    {
        var text = new StringBuilder(size * 260);
        text.Append("{\"schemas\":[\"urn:ietf:params:scim:api:messages:2.0:BulkRequest\"],\"Operations\":[");
        for (var i = 0; i < size; i++)
        {
            if (i > 0)
            {
                text.Append(',');
            }

            var index = from + i;
            text.Append("{\"method\":\"POST\",\"path\":\"/Users\",\"bulkId\":\"b")
                .Append(index.ToString(System.Globalization.CultureInfo.InvariantCulture))
                .Append("\",\"data\":").Append(BenchHttp.UserBody(UserName(index, run))).Append('}');
        }

        return text.Append("]}").ToString();
    }

    private static async Task ReportProgressAsync(Func<long> done, int count, Stopwatch clock, CancellationToken stop)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(15));
        try
        {
            while (await timer.WaitForNextTickAsync(stop))
            {
                var finished = done();
                Console.Error.WriteLine($"  imported {finished}/{count} in {clock.Elapsed.TotalSeconds:F0} s ({finished / clock.Elapsed.TotalSeconds:F0}/s)");
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    private static string Truncate(string text) => text.Length <= 300 ? text : text[..300] + "...";
}
