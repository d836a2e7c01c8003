using System.Diagnostics;
using System.Text;

namespace ScimOrleans.Bench;

/// <summary>One fixed-duration phase: what to send and to whom.</summary>
public sealed record PhaseSpec(
    string Name, HttpMethod Method, string UrlTemplate, string? BodyTemplate = null, string ContentType = "application/json");

/// <summary>
/// What one phase measured (over the measured window only, warm-up excluded); <c>SucceededInAll</c>
/// counts every 2xx answer of the phase, warm-up and edges included (what a check of applied
/// writes compares with); <c>LastSucceeded</c> is each connection's last 2xx request's <c>{n}</c>.
/// </summary>
public sealed record PhaseResult(
    string Name, long Requests, TimeSpan Window, double P50Ms, double P99Ms, long NonSuccess, long Errors,
    IReadOnlyDictionary<int, long> StatusCounts, string? FirstFailure, long SucceededInAll = 0, IReadOnlyList<long>? LastSucceeded = null)
{
    public double Rate => Requests / Window.TotalSeconds;
}

/// <summary>
/// Runs a phase at C concurrent connections: C workers each send one request after another for
/// the warm-up and then the measured window; only requests that both start and finish inside the
/// window count. Latency is the time from sending to having read the whole response.
/// </summary>
public static class PhaseRunner
{
    public static async Task<PhaseResult> RunAsync(
        PhaseSpec spec, string? token, IReadOnlyList<LoadedUser> users, int connections, TimeSpan warmup, TimeSpan duration, string run)
    {
        var url = UrlTemplate.ForUrl(spec.UrlTemplate);
        var body = spec.BodyTemplate is null ? null : UrlTemplate.ForBody(spec.BodyTemplate);
        if ((url.NeedsUsers || body?.NeedsUsers == true) && users.Count == 0)
        {
            throw new InvalidOperationException($"Phase '{spec.Name}' needs loaded users and there are none.");
        }

        using var client = BenchHttp.Client(connections, token);
        long sequence = 0;
        var begin = Stopwatch.GetTimestamp();
        var measureFrom = begin + (long)(warmup.TotalSeconds * Stopwatch.Frequency);
        var measureTo = measureFrom + (long)(duration.TotalSeconds * Stopwatch.Frequency);
        var workers = new Worker[connections];

        async Task RunWorkerAsync(Worker worker)
        {
            while (Stopwatch.GetTimestamp() < measureTo)
            {
                var n = Interlocked.Increment(ref sequence);
                var user = users.Count == 0 ? null : users[Random.Shared.Next(users.Count)];
                using var request = new HttpRequestMessage(spec.Method, url.Fill(n, run, user, worker.Index, worker.LastSucceeded));
                if (body is not null)
                {
                    request.Content = new StringContent(body.Fill(n, run, user, worker.Index, worker.LastSucceeded), Encoding.UTF8, spec.ContentType);
                }

                var started = Stopwatch.GetTimestamp();
                int status;
                string? failure = null;
                try
                {
                    using var response = await client.SendAsync(request, HttpCompletionOption.ResponseContentRead);
                    status = (int)response.StatusCode;
                    if (!response.IsSuccessStatusCode && worker.FirstFailure is null)
                    {
                        failure = $"{status} {request.RequestUri}: {await response.Content.ReadAsStringAsync()}";
                    }
                }
                catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
                {
                    status = -1;
                    failure = $"{e.GetType().Name}: {e.Message}";
                }

                var finished = Stopwatch.GetTimestamp();
                if (status is >= 200 and <= 299)
                {
                    worker.SucceededInAll++;
                    worker.LastSucceeded = n;
                }

                if (started >= measureFrom && finished <= measureTo)
                {
                    worker.Record(status, finished - started, failure);
                }
            }
        }

        for (var i = 0; i < connections; i++)
        {
            workers[i] = new Worker(i);
        }

        await Task.WhenAll(workers.Select(w => Task.Run(() => RunWorkerAsync(w))));
        return Summarise(spec.Name, workers, duration);
    }

    private static PhaseResult Summarise(string name, Worker[] workers, TimeSpan window)
    {
        var latencies = workers.SelectMany(w => w.Latencies).ToArray();
        Array.Sort(latencies);
        var statuses = workers.SelectMany(w => w.Statuses)
            .GroupBy(s => s.Key).ToDictionary(g => g.Key, g => g.Sum(s => s.Value));
        var errors = statuses.GetValueOrDefault(-1);
        var nonSuccess = statuses.Where(s => s.Key >= 0 && (s.Key < 200 || s.Key > 299)).Sum(s => s.Value);
        return new PhaseResult(name, latencies.Length, window, Percentile(latencies, 0.50), Percentile(latencies, 0.99),
            nonSuccess, errors, statuses, workers.Select(w => w.FirstFailure).FirstOrDefault(f => f is not null),
            workers.Sum(w => w.SucceededInAll), workers.Select(w => w.LastSucceeded).ToArray());
    }

    private static double Percentile(long[] sorted, double quantile)
    {
        if (sorted.Length == 0)
        {
            return double.NaN;
        }

        var index = Math.Clamp((int)Math.Ceiling(quantile * sorted.Length) - 1, 0, sorted.Length - 1);
        return sorted[index] * 1000.0 / Stopwatch.Frequency;
    }

    /// <summary>One connection's tallies (failed connections are counted as errors, not timed); touched by its own loop only, so no locking.</summary>
    private sealed class Worker(int index)
    {
        public int Index => index;

        public long LastSucceeded { get; set; }

        public List<long> Latencies { get; } = new(capacity: 16_384);

        public Dictionary<int, long> Statuses { get; } = [];

        public string? FirstFailure { get; private set; }

        public long SucceededInAll { get; set; }

        public void Record(int status, long ticks, string? failure)
        {
            if (status >= 0)
            {
                Latencies.Add(ticks);
            }

            Statuses[status] = Statuses.GetValueOrDefault(status) + 1;
            FirstFailure ??= failure is { Length: > 400 } ? failure[..400] + "..." : failure;
        }
    }
}
