using System.Diagnostics;
using System.Text;
using System.Text.Json;

namespace ScimOrleans.Bench;

/// <summary>What loading users achieved.</summary>
public sealed record LoadResult(
    IReadOnlyList<LoadedUser> Users, int Requested, int Connections, TimeSpan Elapsed, long NonSuccess, long Errors,
    string? FirstFailure)
{
    public double Rate => Users.Count / Elapsed.TotalSeconds;
}

/// <summary>Creates N users with concurrent POSTs and keeps their ids for the look-up phases.</summary>
public static class UserLoader
{
    public static async Task<LoadResult> LoadAsync(string usersUrl, string token, int count, int connections, string run)
    {
        using var client = BenchHttp.Client(connections, token);
        var users = new LoadedUser?[count];
        var next = -1;
        long nonSuccess = 0, errors = 0, done = 0;
        string? firstFailure = null;
        var clock = Stopwatch.StartNew();

        async Task WorkerAsync()
        {
            int index;
            while ((index = Interlocked.Increment(ref next)) < count)
            {
                var userName = $"u{index}.{run}@bench.test";
                try
                {
                    using var content = new StringContent(BenchHttp.UserBody(userName), Encoding.UTF8, BenchHttp.ScimMediaType);
                    using var response = await client.PostAsync(usersUrl, content);
                    var body = await response.Content.ReadAsStringAsync();
                    if (response.IsSuccessStatusCode)
                    {
                        using var json = JsonDocument.Parse(body);
                        users[index] = new LoadedUser(json.RootElement.GetProperty("id").GetString()!, userName);
                    }
                    else
                    {
                        Interlocked.Increment(ref nonSuccess);
                        Interlocked.CompareExchange(ref firstFailure, $"{(int)response.StatusCode}: {Truncate(body)}", null);
                    }
                }
                catch (Exception e) when (e is HttpRequestException or TaskCanceledException or JsonException or KeyNotFoundException)
                {
                    Interlocked.Increment(ref errors);
                    Interlocked.CompareExchange(ref firstFailure, $"{e.GetType().Name}: {e.Message}", null);
                }

                Interlocked.Increment(ref done);
            }
        }

        using var stop = new CancellationTokenSource();
        var progress = ReportProgressAsync(() => Interlocked.Read(ref done), count, clock, stop.Token);
        await Task.WhenAll(Enumerable.Range(0, connections).Select(_ => Task.Run(WorkerAsync)));
        clock.Stop();
        await stop.CancelAsync();
        await progress;

        var loaded = users.OfType<LoadedUser>().ToList();
        return new LoadResult(loaded, count, connections, clock.Elapsed, nonSuccess, errors, firstFailure);
    }

    private static async Task ReportProgressAsync(Func<long> done, int count, Stopwatch clock, CancellationToken stop)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(10));
        try
        {
            while (await timer.WaitForNextTickAsync(stop))
            {
                var finished = done();
                Console.Error.WriteLine($"  loaded {finished}/{count} in {clock.Elapsed.TotalSeconds:F0} s ({finished / clock.Elapsed.TotalSeconds:F0}/s)");
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    private static string Truncate(string text) => text.Length <= 300 ? text : text[..300] + "...";
}
