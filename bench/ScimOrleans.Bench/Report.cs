using System.Globalization;
using System.Runtime.InteropServices;
using System.Text;

namespace ScimOrleans.Bench;

/// <summary>A SCIM phase and the baseline phase it is read against.</summary>
public sealed record Comparison(PhaseResult Scim, PhaseResult Baseline)
{
    public double Ratio => Scim.Rate / Baseline.Rate;
}

/// <summary>The final table, as markdown (printed and written to <c>bench/results/latest.md</c>).</summary>
public static class Report
{
    public static string Markdown(
        LoadResult? load, IReadOnlyList<Comparison> comparisons, int connections, TimeSpan warmup, TimeSpan duration)
    {
        var text = new StringBuilder();
        text.AppendLine("# ScimOrleans load benchmark");
        text.AppendLine();
        text.AppendLine(Invariant($"- When: {DateTimeOffset.UtcNow:yyyy-MM-dd HH:mm} UTC; machine: {Environment.ProcessorCount} cores, {RuntimeInformation.OSDescription.Trim()}, .NET {Environment.Version}"));
        if (load is not null)
        {
            text.AppendLine(Invariant(
                $"- Load: {load.Users.Count} of {load.Requested} users created in {load.Elapsed.TotalSeconds:F1} s = **{load.Rate:F0} users/s** ({load.Connections} connections; non-2xx {load.NonSuccess}, errors {load.Errors})"));
        }

        text.AppendLine(Invariant($"- Phases: {duration.TotalSeconds:F0} s measured after {warmup.TotalSeconds:F0} s warm-up, {connections} connections; the client, the baseline app and the silo share the machine"));
        text.AppendLine("- Ratio: SCIM requests/s divided by its baseline's requests/s (1.00 = as fast as a bare ASP.NET Core endpoint)");
        text.AppendLine();
        text.AppendLine("| SCIM phase | req/s | p50 ms | p99 ms | non-2xx | errors | baseline | req/s | p50 ms | p99 ms | ratio |");
        text.AppendLine("| --- | ---: | ---: | ---: | ---: | ---: | --- | ---: | ---: | ---: | ---: |");
        foreach (var (scim, baseline) in comparisons.Select(c => (c.Scim, c.Baseline)))
        {
            text.AppendLine(Invariant(
                $"| {scim.Name} | {scim.Rate:F0} | {scim.P50Ms:F2} | {scim.P99Ms:F2} | {scim.NonSuccess} | {scim.Errors} | {baseline.Name} | {baseline.Rate:F0} | {baseline.P50Ms:F2} | {baseline.P99Ms:F2} | {Ratio(scim.Rate / baseline.Rate)} |"));
        }

        var notes = comparisons.SelectMany(c => new[] { c.Baseline, c.Scim }).DistinctBy(p => p.Name)
            .Where(p => p.NonSuccess > 0 || p.Errors > 0).ToList();
        if (load?.FirstFailure is not null || notes.Count > 0)
        {
            text.AppendLine();
            text.AppendLine("Failures:");
            text.AppendLine();
            if (load?.FirstFailure is { } loadFailure)
            {
                text.AppendLine($"- load: first failure `{OneLine(loadFailure)}`");
            }

            foreach (var phase in notes)
            {
                var statuses = string.Join(", ", phase.StatusCounts.OrderBy(s => s.Key).Select(s => Invariant($"{(s.Key < 0 ? "error" : s.Key.ToString(CultureInfo.InvariantCulture))}: {s.Value}")));
                text.AppendLine($"- {phase.Name}: {statuses}; first failure `{OneLine(phase.FirstFailure ?? "")}`");
            }
        }

        return text.ToString();
    }

    /// <summary>One phase as a line, printed as soon as it ends.</summary>
    public static string Line(PhaseResult phase) => Invariant(
        $"  {phase.Name,-34} {phase.Rate,9:F0} req/s  p50 {phase.P50Ms,7:F2} ms  p99 {phase.P99Ms,8:F2} ms  non-2xx {phase.NonSuccess}  errors {phase.Errors}");

    /// <summary>Three significant digits, so a tiny ratio still shows (0.000357, not 0.000).</summary>
    private static string Ratio(double ratio) =>
        ratio.ToString(ratio >= 0.01 ? "F3" : "G3", CultureInfo.InvariantCulture);

    private static string OneLine(string text) => text.ReplaceLineEndings(" ").Replace('`', '\'');

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
