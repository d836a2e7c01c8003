using System.Net;
using System.Text.Json.Nodes;
using ScimOrleans.Import;
using ScimOrleans.Silo.Tests.Infrastructure;

namespace ScimOrleans.Silo.Tests.Bulk;

/// <summary>The bulk import command's logic run against the real host: batches, errors file, resume, retries.</summary>
[Collection(ScimCollection.Name)]
public sealed class ImportToolTests(ScimApplicationFactory factory) : BulkTest(factory), IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("scim-import-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public async Task Imports_a_csv_in_batches_and_writes_failed_records_to_the_errors_file()
    {
        var prefix = NewPrefix("csv");
        var lines = new List<string> { "userName,givenName,familyName,email,active,externalId,department" };
        lines.AddRange(Enumerable.Range(0, 250).Select(i => $"{prefix}-{i}@example.com,Given{i},\"Family, {i}\",{prefix}-{i}@example.com,{(i % 2 == 0 ? "true" : "false")},ext-{prefix}-{i},Sales"));
        lines.Add($",Nobody,,,,,"); // no userName: refused before sending
        lines.Add($"{prefix}-0@example.com,Again,,,,,"); // a duplicate: refused by the service
        var options = Options(Write("users.csv", lines), batch: 100);

        var summary = await new BulkImporter(Factory.CreateClient(), options).RunAsync();

        Assert.Equal((252L, 250L, 2L, 1), (summary.Total, summary.Imported, summary.Failed, summary.ExitCode));
        Assert.Equal(250, await CountUsersAsync(prefix));
        var user = Resources(await ListAsync("/Users", $"userName eq \"{prefix}-7@example.com\""))[0]!;
        Assert.Equal("Family, 7", Str(user["name"]!["familyName"]));
        Assert.False(user["active"]!.GetValue<bool>());
        Assert.Equal($"{prefix}-7@example.com", Str(user["emails"]![0]!["value"]));
        Assert.Equal("Sales", Str(user[EnterpriseSchema]!["department"]));
        var errors = File.ReadAllLines(options.ErrorsPath).Select(l => JsonNode.Parse(l)!).ToList();
        Assert.Equal([252L, 253L], errors.Select(e => e["line"]!.GetValue<long>()));
        Assert.Equal("409", Str(errors[1]["status"]));
        Assert.Equal("uniqueness", Str(errors[1]["scimType"]));
        Assert.Equal(253, ImportState.Load(options.StatePath)!.LastCompletedLine);
    }

    [Fact]
    public async Task Resumes_after_an_interruption_from_the_last_completed_line()
    {
        var prefix = NewPrefix("resume");
        var input = Write("users.jsonl", Enumerable.Range(0, 500).Select(i => ScimHttp.NewUser($"{prefix}-{i}@example.com")));
        var options = Options(input, batch: 100, parallel: 1);
        var failing = new FailingHandler(failOnRequest: 3);

        var interrupted = await new BulkImporter(Factory.CreateDefaultClient(failing), options).RunAsync();

        Assert.Equal(2, interrupted.ExitCode);
        Assert.Contains("500", interrupted.Error, StringComparison.Ordinal);
        Assert.Equal(200, ImportState.Load(options.StatePath)!.LastCompletedLine);
        Assert.Equal(200, await CountUsersAsync(prefix));

        var progress = new RecordingProgress();
        var resumed = await new BulkImporter(Factory.CreateClient(), options, progress).RunAsync();

        Assert.Equal((0, 500L, 0L, 300L), (resumed.ExitCode, resumed.Imported, resumed.Failed, resumed.ThisRun));
        Assert.Equal((500L, 200L), (progress.Total, progress.AlreadyDone));
        Assert.Equal([100L, 100L, 100L], progress.Advances);
        Assert.Equal(500, await CountUsersAsync(prefix));
        Assert.False(File.Exists(options.ErrorsPath) && File.ReadAllText(options.ErrorsPath).Length > 0);
    }

    [Fact]
    public async Task Parallel_batches_checkpoint_in_input_order()
    {
        var prefix = NewPrefix("par");
        var input = Write("users.jsonl", Enumerable.Range(0, 1000).Select(i => ScimHttp.NewUser($"{prefix}-{i}@example.com")));
        var options = Options(input, batch: 50, parallel: 4);

        var summary = await new BulkImporter(Factory.CreateClient(), options).RunAsync();

        Assert.Equal((0, 1000L), (summary.ExitCode, summary.Imported));
        Assert.Equal(1000, ImportState.Load(options.StatePath)!.LastCompletedLine);
        Assert.Equal(1000, await CountUsersAsync(prefix));
    }

    [Fact]
    public async Task Retries_429_and_503_honouring_retry_after()
    {
        var prefix = NewPrefix("retry");
        var input = Write("users.jsonl", Enumerable.Range(0, 10).Select(i => ScimHttp.NewUser($"{prefix}-{i}@example.com")));
        var busy = new BusyHandler(HttpStatusCode.TooManyRequests, HttpStatusCode.ServiceUnavailable);
        var waits = new List<TimeSpan>();

        var summary = await new BulkImporter(Factory.CreateDefaultClient(busy), Options(input, batch: 10), delay: (wait, _) =>
        {
            waits.Add(wait);
            return Task.CompletedTask;
        }).RunAsync();

        Assert.Equal(0, summary.ExitCode);
        Assert.Equal([TimeSpan.FromSeconds(7), TimeSpan.FromSeconds(7)], waits);
        Assert.Equal(10, await CountUsersAsync(prefix));
    }

    [Fact]
    public async Task A_refused_token_stops_the_import()
    {
        var input = Write("users.jsonl", [ScimHttp.NewUser(NewUserName())]);
        var options = Options(input, batch: 10) with { Token = "wrong" };

        var summary = await new BulkImporter(Factory.CreateClient(), options).RunAsync();

        Assert.Equal(2, summary.ExitCode);
        Assert.Contains("401", summary.Error, StringComparison.Ordinal);
        Assert.Null(ImportState.Load(options.StatePath));
    }

    private ImportOptions Options(string input, int batch, int parallel = 2) => new(
        input, new Uri($"http://localhost{Base}"), ScimApplicationFactory.Token, ImportOptions.FormatOf(input),
        input + ".state.json", input + ".errors.jsonl", batch, parallel, MaxRetries: 3);

    private string Write(string name, IEnumerable<string> lines)
    {
        var path = Path.Combine(_directory, name);
        File.WriteAllLines(path, lines);
        return path;
    }

    /// <summary>Answers the n-th request with a 500 as if the service broke mid-import.</summary>
    private sealed class FailingHandler(int failOnRequest) : DelegatingHandler
    {
        private int _requests;

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken) =>
            Interlocked.Increment(ref _requests) == failOnRequest
                ? Task.FromResult(new HttpResponseMessage(HttpStatusCode.InternalServerError) { Content = new StringContent("boom") })
                : base.SendAsync(request, cancellationToken);
    }

    /// <summary>Answers the first requests with the given statuses and Retry-After: 7, then lets requests through.</summary>
    private sealed class BusyHandler(params HttpStatusCode[] statuses) : DelegatingHandler
    {
        private int _requests;

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var n = Interlocked.Increment(ref _requests);
            if (n > statuses.Length)
            {
                return base.SendAsync(request, cancellationToken);
            }

            var response = new HttpResponseMessage(statuses[n - 1]);
            response.Headers.RetryAfter = new System.Net.Http.Headers.RetryConditionHeaderValue(TimeSpan.FromSeconds(7));
            return Task.FromResult(response);
        }
    }

    private sealed class RecordingProgress : IImportProgress
    {
        public long Total { get; private set; }

        public long AlreadyDone { get; private set; }

        public List<long> Advances { get; } = [];

        public void Start(long total, long done) => (Total, AlreadyDone) = (total, done);

        public void Advance(long records, long imported, long failed) => Advances.Add(records);

        public void Retrying(int attempt, string reason, TimeSpan wait)
        {
        }
    }
}
