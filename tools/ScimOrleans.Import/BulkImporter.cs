using System.Diagnostics;
using System.Globalization;
using System.Text.Json.Nodes;

namespace ScimOrleans.Import;

/// <summary>
/// Pushes the users of a CSV or JSON Lines file to <c>/Bulk</c>, <see cref="ImportOptions.BatchSize"/>
/// POSTs per request and <see cref="ImportOptions.Parallel"/> requests at once. Batches are
/// checkpointed in input order: the state file moves past a batch only when it and every batch
/// before it are answered, and that batch's failed operations are in the errors file (one JSON
/// object per line) before the state says so. A rerun skips what the state file covers.
/// </summary>
public sealed class BulkImporter(HttpClient http, ImportOptions options, IImportProgress? progress = null,
    Func<TimeSpan, CancellationToken, Task>? delay = null)
{
    private const string BulkRequestSchema = "urn:ietf:params:scim:api:messages:2.0:BulkRequest";

    private readonly IImportProgress _progress = progress ?? new SilentProgress();
    private readonly object _gate = new();
    private readonly SortedDictionary<long, BatchOutcome> _answered = [];
    private long _nextToCheckpoint;
    private long _thisRun;
    private ImportState _state = null!;

    public async Task<ImportSummary> RunAsync(CancellationToken cancellationToken = default)
    {
        var clock = Stopwatch.StartNew();
        var input = Path.GetFullPath(options.Input);
        long total = 0, skipped = 0;
        try
        {
            _state = ImportState.Load(options.StatePath) ?? new ImportState(input, 0, 0, 0);
            if (_state.Input != input)
            {
                throw new ImportFailedException($"The state file {options.StatePath} belongs to {_state.Input}, not {input}.");
            }

            await foreach (var record in ReadAsync(input))
            {
                total++;
                skipped += record.Line <= _state.LastCompletedLine ? 1 : 0;
            }

            _progress.Start(total, skipped);
            await ImportAsync(input, cancellationToken);
            return Summary(null);
        }
        catch (Exception e) when (e is ImportFailedException or InvalidDataException or IOException)
        {
            return Summary(e.Message);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            return Summary("interrupted");
        }

        ImportSummary Summary(string? error) =>
            new(total, skipped, _state?.Imported ?? 0, _state?.Failed ?? 0, Interlocked.Read(ref _thisRun), clock.Elapsed, error);
    }

    private async Task ImportAsync(string input, CancellationToken cancellationToken)
    {
        var client = new BulkClient(http, options.Url, options.Token, options.MaxRetries, delay) { Retrying = _progress.Retrying };
        using var slots = new SemaphoreSlim(options.Parallel);
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        await using var errors = new StreamWriter(options.ErrorsPath, append: true);
        var inFlight = new List<Task>();
        Exception? failure = null;
        long sequence = 0;
        try
        {
            await foreach (var batch in BatchesAsync(input))
            {
                await slots.WaitAsync(stop.Token);
                var number = sequence++;
                inFlight.Add(Task.Run(async () =>
                {
                    try
                    {
                        Checkpoint(number, await SendAsync(client, batch, stop.Token), errors);
                    }
                    catch (Exception e)
                    {
                        Interlocked.CompareExchange(ref failure, e, null);
                        await stop.CancelAsync();
                    }
                    finally
                    {
                        slots.Release();
                    }
                }, CancellationToken.None));
                inFlight.RemoveAll(t => t.IsCompleted);
            }
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
            // A batch failed or the user interrupted: the batches in flight still finish below.
        }

        await Task.WhenAll(inFlight);
        cancellationToken.ThrowIfCancellationRequested();
        if (failure is not null)
        {
            throw failure;
        }
    }

    private async Task<BatchOutcome> SendAsync(BulkClient client, List<UserRecord> batch, CancellationToken cancellationToken)
    {
        var failures = batch.Where(r => r.Error is not null).Select(r => Failure(r, null, null, r.Error!)).ToList();
        var unreadable = failures.Count;
        var users = batch.Where(r => r.User is not null).ToList();
        if (users.Count > 0)
        {
            var operations = new JsonArray([.. users.Select(r => (JsonNode)new JsonObject
            {
                ["method"] = "POST",
                ["path"] = "/Users",
                ["bulkId"] = BulkIdOf(r.Line),
                ["data"] = r.User!.DeepClone(),
            })]);
            var response = await client.SendAsync(new JsonObject
            {
                ["schemas"] = new JsonArray(BulkRequestSchema),
                ["Operations"] = operations,
            }, cancellationToken);
            var results = (response["Operations"] as JsonArray ?? [])
                .OfType<JsonObject>()
                .Where(o => o["bulkId"] is JsonValue)
                .ToDictionary(o => o["bulkId"]!.GetValue<string>(), StringComparer.Ordinal);
            foreach (var record in users)
            {
                if (!results.TryGetValue(BulkIdOf(record.Line), out var result))
                {
                    failures.Add(Failure(record, null, null, "the bulk response has no result for this operation"));
                }
                else if (result["status"]?.ToString() is not { } status || !status.StartsWith('2'))
                {
                    failures.Add(Failure(record, result["status"]?.ToString(), result["response"]?["scimType"]?.ToString(),
                        result["response"]?["detail"]?.ToString() ?? "failed"));
                }
            }
        }

        return new BatchOutcome(batch[^1].Line, batch.Count, users.Count - (failures.Count - unreadable), failures);
    }

    /// <summary>Moves the checkpoint over every batch answered without a gap before it.</summary>
    private void Checkpoint(long number, BatchOutcome outcome, StreamWriter errors)
    {
        lock (_gate)
        {
            _answered[number] = outcome;
            while (_answered.Remove(_nextToCheckpoint, out var next))
            {
                foreach (var failure in next.Failures)
                {
                    errors.WriteLine(failure.ToJsonString());
                }

                errors.Flush();
                _state = _state with
                {
                    LastCompletedLine = next.LastLine,
                    Imported = _state.Imported + next.Imported,
                    Failed = _state.Failed + next.Failures.Count,
                };
                _state.Save(options.StatePath);
                _thisRun += next.Records;
                _progress.Advance(next.Records, _state.Imported, _state.Failed);
                _nextToCheckpoint++;
            }
        }
    }

    private async IAsyncEnumerable<List<UserRecord>> BatchesAsync(string input)
    {
        var batch = new List<UserRecord>(options.BatchSize);
        await foreach (var record in ReadAsync(input))
        {
            if (record.Line <= _state.LastCompletedLine)
            {
                continue;
            }

            batch.Add(record);
            if (batch.Count == options.BatchSize)
            {
                yield return batch;
                batch = new List<UserRecord>(options.BatchSize);
            }
        }

        if (batch.Count > 0)
        {
            yield return batch;
        }
    }

    private async IAsyncEnumerable<UserRecord> ReadAsync(string input)
    {
        using var reader = new StreamReader(input);
        var records = options.Format == ImportFormat.JsonLines ? JsonLinesUserReader.ReadAsync(reader) : CsvUserReader.ReadAsync(reader);
        await foreach (var record in records)
        {
            yield return record;
        }
    }

    private static string BulkIdOf(long line) => "line-" + line.ToString(CultureInfo.InvariantCulture);

    private static JsonObject Failure(UserRecord record, string? status, string? scimType, string detail) => new()
    {
        ["line"] = record.Line,
        ["userName"] = record.UserName,
        ["status"] = status,
        ["scimType"] = scimType,
        ["detail"] = detail,
    };

    private sealed record BatchOutcome(long LastLine, long Records, long Imported, IReadOnlyList<JsonObject> Failures);

    private sealed class SilentProgress : IImportProgress
    {
        public void Start(long total, long done)
        {
        }

        public void Advance(long records, long imported, long failed)
        {
        }

        public void Retrying(int attempt, string reason, TimeSpan wait)
        {
        }
    }
}
