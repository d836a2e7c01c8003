using System.Globalization;
using System.Runtime.InteropServices;
using System.Text;
using System.Text.Json;

namespace ScimOrleans.Bench;

/// <summary>
/// <c>bench scale</c>: every throughput and scale figure of issue 5 in one run, each beside the
/// baseline it is read against (measured in the same run) and its target:
/// baselines; /Bulk import of the first 10,000 users and the filter phase at that size; /Bulk
/// import of the rest up to N; filter and GET by id at N; POST /Users; cursor paging through
/// all users; 32 clients patching one user (every patch checked afterwards); the silo's memory
/// after the load and once idle grains have been collected.
/// </summary>
public static class ScaleScenario
{
    private const int SmallTenant = 10_000;

    public static async Task<int> RunAsync(BenchArguments arguments, string run, int connections, TimeSpan warmup, TimeSpan duration)
    {
        var baseline = arguments.Required("baseline").TrimEnd('/');
        var tenant = arguments.String("tenant", "bench");
        var scimBase = $"{arguments.Required("scim").TrimEnd('/')}/scim/{tenant}/v2";
        var usersUrl = scimBase + "/Users";
        var token = arguments.Required("token");
        var total = arguments.Int("users", 100_000);
        var batch = arguments.Int("bulk-size", 1000);
        var bulkConnections = arguments.Int("bulk-connections", 4);
        var pageSize = arguments.Int("page-size", 1000);
        var idleWait = TimeSpan.FromSeconds(arguments.Double("idle-wait", 210));
        var siloPid = arguments.Int("silo-pid", 0);
        var label = arguments.String("label", "");
        var small = Math.Min(SmallTenant, total);
        var notes = new List<string>();

        Console.WriteLine($"Scale scenario: N = {total} users via /Bulk ({batch} operations a request, {bulkConnections} requests at once); phases {warmup.TotalSeconds:F0} s + {duration.TotalSeconds:F0} s at {connections} connections");

        var ping = await Phase(new PhaseSpec("baseline GET /ping", HttpMethod.Get, $"{baseline}/ping"), null, [], connections, warmup, duration, run);
        var echo = await Phase(new PhaseSpec("baseline POST /echo", HttpMethod.Post, $"{baseline}/echo", BenchHttp.EchoBodyTemplate), null, [], connections, warmup, duration, run);

        // Import the small tenant, measure look-ups at its size, then import the rest.
        Console.WriteLine($"Importing {small} users through /Bulk...");
        var first = await BulkLoader.LoadAsync(scimBase, token, 0, small, batch, bulkConnections, run);
        Console.WriteLine(Invariant($"  {first.Users.Count}/{small} in {first.Elapsed.TotalSeconds:F1} s = {first.Rate:F0} users/s (failed operations {first.FailedOperations})"));
        if (first.Users.Count == 0)
        {
            Console.Error.WriteLine($"No user could be imported: {first.FirstFailure}");
            return 1;
        }

        var filterSpec = new PhaseSpec("SCIM GET /Users?filter=userName eq", HttpMethod.Get, usersUrl + "?filter=userName%20eq%20%22{userName}%22");
        var filterSmall = await Phase(filterSpec with { Name = Invariant($"SCIM filter at {first.Users.Count} users") }, token, first.Users, connections, warmup, duration, run);

        var rest = total - small;
        var second = rest > 0 ? await ImportRestAsync() : null;
        var users = second is null ? first.Users : [.. first.Users, .. second.Users];
        var imported = users.Count;
        var importTime = first.Elapsed + (second?.Elapsed ?? TimeSpan.Zero);
        var importFailures = first.FailedOperations + (second?.FailedOperations ?? 0);
        var importRate = imported / importTime.TotalSeconds;
        var rssAfterImport = Rss(siloPid);
        Console.WriteLine(Invariant($"  import: {imported}/{total} users in {importTime.TotalSeconds:F1} s = {importRate:F0} users/s; silo VmRSS {Mb(rssAfterImport)}"));

        await SpotCheckAsync(usersUrl, token, users);

        var filterLarge = await Phase(filterSpec with { Name = Invariant($"SCIM filter at {imported} users") }, token, users, connections, warmup, duration, run);
        var byId = await Phase(new PhaseSpec("SCIM GET /Users/{id}", HttpMethod.Get, usersUrl + "/{id}"), token, users, connections, warmup, duration, run);
        var create = await Phase(new PhaseSpec("SCIM POST /Users", HttpMethod.Post, usersUrl, BenchHttp.UserBodyTemplate, BenchHttp.ScimMediaType), token, users, connections, warmup, duration, run);

        Console.WriteLine($"Cursor paging through all users, {pageSize} a page...");
        var paging = await CursorPager.PageAllAsync(usersUrl, token, pageSize);
        Console.WriteLine(Invariant($"  {paging.Resources} users (totalResults {paging.TotalResults}) in {paging.PageMs.Count} pages, {paging.Elapsed.TotalSeconds:F1} s; first {paging.Edge} pages {paging.FirstMs:F1} ms, last {paging.Edge} full pages {paging.LastMs:F1} ms{(paging.Failure is null ? "" : "; FAILED: " + paging.Failure)}"));

        var (patch, applied, patchCheck) = await PatchOneUserAsync(usersUrl, token, connections, warmup, duration, run);

        var rssAfterLoad = Rss(siloPid);
        var hwm = siloPid > 0 ? ProcessMemory.MiB(siloPid, "VmHWM") : null;
        double? rssIdle = null;
        if (siloPid > 0 && idleWait > TimeSpan.Zero)
        {
            Console.WriteLine(Invariant($"Waiting {idleWait.TotalSeconds:F0} s with no load for idle grains to be collected (silo VmRSS now {Mb(rssAfterLoad)})..."));
            var until = DateTime.UtcNow + idleWait;
            while (DateTime.UtcNow < until)
            {
                await Task.Delay(TimeSpan.FromSeconds(30));
                Console.Error.WriteLine($"  silo VmRSS {Mb(Rss(siloPid))}");
            }

            rssIdle = Rss(siloPid);
        }

        // The table.
        var text = new StringBuilder();
        text.AppendLine("# ScimOrleans scale benchmark (issue 5 targets)");
        text.AppendLine();
        text.AppendLine(Invariant($"- When: {DateTimeOffset.UtcNow:yyyy-MM-dd HH:mm} UTC; machine: {Environment.ProcessorCount} cores, {RuntimeInformation.OSDescription.Trim()}, .NET {Environment.Version}{(label.Length > 0 ? "; " + label : "")}"));
        text.AppendLine(Invariant($"- N = {imported} users imported of {total} asked ({batch}-operation /Bulk requests, {bulkConnections} at once; failed operations {importFailures}); phases {duration.TotalSeconds:F0} s measured after {warmup.TotalSeconds:F0} s warm-up at {connections} connections; the client, the baseline app and the silo share the machine"));
        text.AppendLine();
        text.AppendLine("| figure | measured | baseline (same run) | comparison | target | met |");
        text.AppendLine("| --- | ---: | ---: | ---: | --- | --- |");
        Row(text, "POST /Users, 32 connections", Invariant($"{create.Rate:F0} req/s, p99 {create.P99Ms:F1} ms, non-2xx {create.NonSuccess + create.Errors}"),
            Invariant($"POST /echo {echo.Rate:F0} req/s"), Ratio(create.Rate / echo.Rate), ">= 0.20, zero non-2xx",
            create.Rate / echo.Rate >= 0.20 && create.NonSuccess + create.Errors == 0);
        Row(text, Invariant($"GET filter userName eq at {imported}"), Invariant($"{filterLarge.Rate:F0} req/s, p50 {filterLarge.P50Ms:F2} ms, p99 {filterLarge.P99Ms:F2} ms"),
            Invariant($"GET /ping {ping.Rate:F0} req/s"), Ratio(filterLarge.Rate / ping.Rate), ">= 0.30", filterLarge.Rate / ping.Rate >= 0.30 && filterLarge.NonSuccess == 0);
        Row(text, Invariant($"filter p99 at {imported} vs at {first.Users.Count}"), Invariant($"p99 {filterLarge.P99Ms:F2} ms"),
            Invariant($"p99 {filterSmall.P99Ms:F2} ms ({filterSmall.Rate:F0} req/s)"), Invariant($"{filterLarge.P99Ms / filterSmall.P99Ms:F2}x"), "within 2x",
            filterLarge.P99Ms <= 2 * filterSmall.P99Ms);
        Row(text, "GET /Users/{id}", Invariant($"{byId.Rate:F0} req/s, p50 {byId.P50Ms:F2} ms, p99 {byId.P99Ms:F2} ms"),
            Invariant($"GET /ping {ping.Rate:F0} req/s"), Ratio(byId.Rate / ping.Rate), ">= 0.40", byId.Rate / ping.Rate >= 0.40 && byId.NonSuccess == 0);
        Row(text, Invariant($"cursor paging, {pageSize} a page, {paging.PageMs.Count} pages"), Invariant($"last {paging.Edge} full pages {paging.LastMs:F1} ms"),
            Invariant($"first {paging.Edge} pages {paging.FirstMs:F1} ms"), Invariant($"{paging.LastMs / paging.FirstMs:F2}x"), "within 1.5x",
            paging.Failure is null && paging.Resources == paging.TotalResults && paging.LastMs <= 1.5 * paging.FirstMs);
        Row(text, Invariant($"/Bulk import of {imported} users"), Invariant($"{importRate:F0} users/s ({importTime.TotalSeconds:F1} s)"),
            "", "", ">= 20,000 users/s, no failures", importRate >= 20_000 && importFailures == 0);
        Row(text, "32 clients PATCHing one user", Invariant($"{patch.Rate:F0} patches/s, p99 {patch.P99Ms:F1} ms"),
            "", patchCheck, ">= 2,000/s, all applied", patch.Rate >= 2_000 && applied && patch.NonSuccess + patch.Errors == 0);
        Row(text, "silo VmRSS after the load", Mb(rssAfterLoad), Invariant($"after import {Mb(rssAfterImport)}; peak {Mb(hwm)}"), "", "", null);
        Row(text, Invariant($"silo VmRSS after {idleWait.TotalSeconds:F0} s idle"), Mb(rssIdle), "", "", "< 1 GiB", rssIdle is { } idle ? idle < 1024 : null);
        text.AppendLine();
        text.AppendLine("Phases (measured window only):");
        text.AppendLine();
        text.AppendLine("| phase | req/s | p50 ms | p99 ms | non-2xx | errors |");
        text.AppendLine("| --- | ---: | ---: | ---: | ---: | ---: |");
        foreach (var phase in new[] { ping, echo, filterSmall, filterLarge, byId, create, patch })
        {
            text.AppendLine(Invariant($"| {phase.Name} | {phase.Rate:F0} | {phase.P50Ms:F2} | {phase.P99Ms:F2} | {phase.NonSuccess} | {phase.Errors} |"));
            if (phase.FirstFailure is { } failure)
            {
                notes.Add($"- {phase.Name}: first failure `{OneLine(failure)}`");
            }
        }

        foreach (var failure in new[] { first.FirstFailure, second?.FirstFailure, paging.Failure }.OfType<string>())
        {
            notes.Add($"- import/paging: `{OneLine(failure)}`");
        }

        if (notes.Count > 0)
        {
            text.AppendLine();
            text.AppendLine("Failures:");
            text.AppendLine();
            notes.ForEach(n => text.AppendLine(n));
        }

        var markdown = text.ToString();
        Console.WriteLine();
        Console.WriteLine(markdown);
        var output = arguments.String("out", Path.Combine("bench", "results", "scale.md"));
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(output))!);
        await File.WriteAllTextAsync(output, markdown);
        Console.WriteLine($"Written to {output}");
        return 0;

        async Task<BulkLoadResult> ImportRestAsync()
        {
            Console.WriteLine($"Importing the other {rest} users through /Bulk...");
            var result = await BulkLoader.LoadAsync(scimBase, token, small, rest, batch, bulkConnections, run);
            Console.WriteLine(Invariant($"  {result.Users.Count}/{rest} in {result.Elapsed.TotalSeconds:F1} s = {result.Rate:F0} users/s (failed operations {result.FailedOperations})"));
            return result;
        }
    }

    /// <summary>
    /// 32 clients patching one fresh user. The user starts with one email per client; each PATCH
    /// removes the email that client's previous answered PATCH added (only that PATCH can remove
    /// it) and adds a new one, in one request. A PATCH answered 2xx but lost leaves the email
    /// before it behind (or, if it was the last, its own missing), so afterwards the user must hold
    /// exactly each client's last email, and every PATCH must have been answered 2xx.
    /// </summary>
    private static async Task<(PhaseResult Result, bool Applied, string Check)> PatchOneUserAsync(
        string usersUrl, string token, int connections, TimeSpan warmup, TimeSpan duration, string run)
    {
        using var client = BenchHttp.Client(2, token);
        var emails = string.Join(",", Enumerable.Range(0, connections)
            .Select(w => Invariant($"{{\"value\":\"{PatchEmail(w, 0, run)}\",\"type\":\"other\"}}")));
        var user = "{\"schemas\":[\"urn:ietf:params:scim:schemas:core:2.0:User\"],\"userName\":\"patched." + run +
            "@bench.test\",\"emails\":[" + emails + "]}";
        using var content = new StringContent(user, Encoding.UTF8, BenchHttp.ScimMediaType);
        using var created = await client.PostAsync(usersUrl, content);
        string id;
        using (var createdJson = JsonDocument.Parse(await created.Content.ReadAsStringAsync()))
        {
            id = createdJson.RootElement.GetProperty("id").GetString()!;
        }

        var body = "{\"schemas\":[\"urn:ietf:params:scim:api:messages:2.0:PatchOp\"],\"Operations\":[" +
            "{\"op\":\"remove\",\"path\":\"emails[value eq \\\"" + PatchEmail("{worker}", "{prev}", "{run}") + "\\\"]\"}," +
            "{\"op\":\"add\",\"path\":\"emails\",\"value\":[{\"value\":\"" + PatchEmail("{worker}", "{n}", "{run}") + "\",\"type\":\"other\"}]}]}";
        var result = await Phase(new PhaseSpec("SCIM PATCH one user (swap an email)", HttpMethod.Patch, $"{usersUrl}/{id}", body, BenchHttp.ScimMediaType),
            token, [], connections, warmup, duration, run);

        using var json = JsonDocument.Parse(await client.GetStringAsync($"{usersUrl}/{id}"));
        var stored = json.RootElement.GetProperty("emails").EnumerateArray().Select(e => e.GetProperty("value").GetString()!).ToHashSet();
        var expected = result.LastSucceeded!.Select((n, w) => PatchEmail(w, n, run)).ToHashSet();
        var failed = result.StatusCounts.Where(s => s.Key is < 200 or > 299).Sum(s => s.Value);
        var applied = stored.SetEquals(expected) && failed == 0;
        var check = Invariant($"{result.SucceededInAll} PATCHes answered 2xx, {failed} not; stored emails {(stored.SetEquals(expected) ? "are" : "are NOT")} each client's last");
        Console.WriteLine("  " + check);
        return (result, applied, check);
    }

    private static string PatchEmail(object worker, object sequence, object run) => Invariant($"w{worker}-{sequence}.{run}@patch.test");

    private static async Task<PhaseResult> Phase(PhaseSpec spec, string? token, IReadOnlyList<LoadedUser> users, int connections, TimeSpan warmup, TimeSpan duration, string run)
    {
        var result = await PhaseRunner.RunAsync(spec, token, users, connections, warmup, duration, run);
        Console.WriteLine(Report.Line(result));
        return result;
    }

    private static async Task SpotCheckAsync(string usersUrl, string token, IReadOnlyList<LoadedUser> loaded)
    {
        using var client = BenchHttp.Client(4, token);
        var wrong = 0;
        for (var i = 0; i < 20; i++)
        {
            var user = loaded[Random.Shared.Next(loaded.Count)];
            var filter = Uri.EscapeDataString($"userName eq \"{user.UserName}\"");
            using var listed = JsonDocument.Parse(await client.GetStringAsync($"{usersUrl}?filter={filter}"));
            using var single = await client.GetAsync($"{usersUrl}/{user.Id}");
            if (listed.RootElement.GetProperty("totalResults").GetInt32() != 1 || !single.IsSuccessStatusCode
                || !(await single.Content.ReadAsStringAsync()).Contains(user.UserName, StringComparison.Ordinal))
            {
                wrong++;
            }
        }

        Console.WriteLine(wrong == 0 ? "  spot check: 20 random imported users found by filter and by id" : $"  spot check: {wrong} of 20 look-ups WRONG");
    }

    private static void Row(StringBuilder text, string figure, string measured, string baseline, string comparison, string target, bool? met) =>
        text.AppendLine($"| {figure} | {measured} | {baseline} | {comparison} | {target} | {(met is null ? "" : met.Value ? "yes" : "**no**")} |");

    private static double? Rss(int pid) => pid > 0 ? ProcessMemory.MiB(pid, "VmRSS") : null;

    private static string Mb(double? mib) => mib is { } value ? Invariant($"{value:F0} MiB") : "?";

    private static string Ratio(double ratio) => ratio.ToString(ratio >= 0.01 ? "F3" : "G3", CultureInfo.InvariantCulture);

    private static string OneLine(string text) => text.ReplaceLineEndings(" ").Replace('`', '\'');

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
