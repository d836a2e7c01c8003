using ScimOrleans.Bench;

// bench all   --baseline URL --scim URL --tenant T --token X [--users N] [--duration S] [--warmup S]
//             [--connections C] [--load-connections L] [--out FILE]
// bench scale --baseline URL --scim URL --tenant T --token X [--users N] [--bulk-size B] [--bulk-connections K]
//             [--page-size P] [--silo-pid PID] [--idle-wait S] [--duration S] [--warmup S] [--connections C] [--out FILE]
// bench load  --scim URL --tenant T --token X [--users N] [--load-connections L] [--users-file FILE]
// bench phase --url TEMPLATE [--method GET|POST] [--body TEMPLATE] [--content-type TYPE] [--token X]
//             [--users-file FILE] [--duration S] [--warmup S] [--connections C]
// Templates take {n} (unique number), {run} (run tag), {id} and {userName} (a random loaded user).
try
{
    var arguments = BenchArguments.Parse(args);
    var run = Guid.NewGuid().ToString("N")[..6];
    var connections = arguments.Int("connections", 32);
    var warmup = TimeSpan.FromSeconds(arguments.Double("warmup", 3));
    var duration = TimeSpan.FromSeconds(arguments.Double("duration", 15));
    return arguments.Command switch
    {
        "all" => await AllAsync(arguments, run, connections, warmup, duration),
        "scale" => await ScaleScenario.RunAsync(arguments, run, connections, warmup, duration),
        "load" => await LoadCommandAsync(arguments, run),
        "phase" => await PhaseCommandAsync(arguments, run, connections, warmup, duration),
        _ => throw new ArgumentException($"Unknown command '{arguments.Command}': use all, scale, load or phase."),
    };
}
catch (ArgumentException e)
{
    Console.Error.WriteLine(e.Message);
    return 2;
}

static async Task<LoadResult> LoadAsync(BenchArguments arguments, string run)
{
    var users = arguments.Int("users", 100_000);
    var connections = arguments.Int("load-connections", 64);
    var url = $"{arguments.Required("scim").TrimEnd('/')}/scim/{arguments.String("tenant", "bench")}/v2/Users";
    Console.WriteLine($"Loading {users} users with {connections} concurrent connections...");
    var load = await UserLoader.LoadAsync(url, arguments.Required("token"), users, connections, run);
    Console.WriteLine(
        $"  loaded {load.Users.Count}/{users} in {load.Elapsed.TotalSeconds:F1} s = {load.Rate:F0} users/s (non-2xx {load.NonSuccess}, errors {load.Errors})");
    if (load.FirstFailure is { } failure)
    {
        Console.WriteLine($"  first failure: {failure}");
    }

    return load;
}

static async Task<int> LoadCommandAsync(BenchArguments arguments, string run)
{
    var load = await LoadAsync(arguments, run);
    if (arguments.Optional("users-file") is { } file)
    {
        LoadedUser.Save(file, load.Users);
    }

    return load.Users.Count > 0 ? 0 : 1;
}

static async Task<int> PhaseCommandAsync(BenchArguments arguments, string run, int connections, TimeSpan warmup, TimeSpan duration)
{
    var spec = new PhaseSpec(
        arguments.String("name", "phase"), new HttpMethod(arguments.String("method", "GET").ToUpperInvariant()),
        arguments.Required("url"), arguments.Optional("body"), arguments.String("content-type", "application/json"));
    var users = arguments.Optional("users-file") is { } file ? LoadedUser.Read(file) : [];
    var result = await PhaseRunner.RunAsync(spec, arguments.Optional("token"), users, connections, warmup, duration, run);
    Console.WriteLine(Report.Line(result));
    if (result.FirstFailure is { } failure)
    {
        Console.WriteLine($"  first failure: {failure}");
    }

    return result.Requests > 0 ? 0 : 1;
}

static async Task<int> AllAsync(BenchArguments arguments, string run, int connections, TimeSpan warmup, TimeSpan duration)
{
    var baseline = arguments.Required("baseline").TrimEnd('/');
    var users = $"{arguments.Required("scim").TrimEnd('/')}/scim/{arguments.String("tenant", "bench")}/v2/Users";
    var token = arguments.Required("token");

    var load = await LoadAsync(arguments, run);
    if (load.Users.Count == 0)
    {
        Console.Error.WriteLine("No user could be created; nothing to look up.");
        return 1;
    }

    await SpotCheckAsync(users, token, load.Users);

    var ping = new PhaseSpec("baseline GET /ping", HttpMethod.Get, $"{baseline}/ping");
    var echo = new PhaseSpec("baseline POST /echo", HttpMethod.Post, $"{baseline}/echo", BenchHttp.EchoBodyTemplate);
    var create = new PhaseSpec("SCIM POST /Users", HttpMethod.Post, users, BenchHttp.UserBodyTemplate, BenchHttp.ScimMediaType);
    var filter = new PhaseSpec("SCIM GET /Users?filter=userName eq", HttpMethod.Get, users + "?filter=userName%20eq%20%22{userName}%22");
    var byId = new PhaseSpec("SCIM GET /Users/{id}", HttpMethod.Get, users + "/{id}");

    var results = new Dictionary<string, PhaseResult>();
    Console.WriteLine($"Phases: {warmup.TotalSeconds:F0} s warm-up + {duration.TotalSeconds:F0} s measured each, {connections} connections");
    foreach (var (spec, auth) in new[] { (ping, (string?)null), (echo, null), (create, token), (filter, token), (byId, token) })
    {
        var result = await PhaseRunner.RunAsync(spec, auth, load.Users, connections, warmup, duration, run);
        results[spec.Name] = result;
        Console.WriteLine(Report.Line(result));
    }

    var comparisons = new[]
    {
        new Comparison(results[create.Name], results[echo.Name]),
        new Comparison(results[filter.Name], results[ping.Name]),
        new Comparison(results[byId.Name], results[ping.Name]),
    };
    var markdown = Report.Markdown(load, comparisons, connections, warmup, duration);
    Console.WriteLine();
    Console.WriteLine(markdown);
    var output = arguments.String("out", Path.Combine("bench", "results", "latest.md"));
    Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(output))!);
    await File.WriteAllTextAsync(output, markdown);
    Console.WriteLine($"Written to {output}");
    return 0;
}

// Before timing anything, check that look-ups find what was loaded, so a fast wrong answer
// cannot pass for a fast right one.
static async Task SpotCheckAsync(string usersUrl, string token, IReadOnlyList<LoadedUser> loaded)
{
    using var client = BenchHttp.Client(4, token);
    var wrong = 0;
    for (var i = 0; i < 20; i++)
    {
        var user = loaded[Random.Shared.Next(loaded.Count)];
        var filter = Uri.EscapeDataString($"userName eq \"{user.UserName}\"");
        var list = await client.GetStringAsync($"{usersUrl}?filter={filter}");
        using var listed = System.Text.Json.JsonDocument.Parse(list);
        var total = listed.RootElement.GetProperty("totalResults").GetInt32();
        using var single = await client.GetAsync($"{usersUrl}/{user.Id}");
        if (total != 1 || !single.IsSuccessStatusCode || !(await single.Content.ReadAsStringAsync()).Contains(user.UserName, StringComparison.Ordinal))
        {
            wrong++;
            Console.WriteLine($"  spot check: {user.UserName} ({user.Id}): filter totalResults {total}, GET by id {(int)single.StatusCode}");
        }
    }

    Console.WriteLine(wrong == 0 ? "  spot check: 20 random users found by filter and by id" : $"  spot check: {wrong} of 20 look-ups wrong");
}
