using System.Globalization;
using Spectre.Console;
using Spectre.Console.Rendering;

namespace ScimOrleans.Import;

/// <summary>
/// The import's progress bar: records done of all, imported and failed so far, users per
/// second and the time left. Without an interactive terminal (output redirected, CI) it writes
/// one line per checkpoint instead.
/// </summary>
public sealed class ConsoleProgress(IAnsiConsole console) : IImportProgress
{
    private ProgressTask? _task;
    private long _total;
    private long _done;

    public ProgressContext? Context { get; set; }

    public void Start(long total, long done)
    {
        _total = total;
        _done = done;
        if (done > 0)
        {
            console.MarkupLine($"Resuming: {done:N0} of {total:N0} records were done by an earlier run.");
        }

        if (Context is not null)
        {
            _task = Context.AddTask("Importing users", maxValue: Math.Max(1, total - done));
        }
    }

    public void Advance(long records, long imported, long failed)
    {
        _done += records;
        if (_task is not null)
        {
            _task.Description = $"Imported {imported:N0}, failed {failed:N0}";
            _task.Increment(records);
        }
        else
        {
            console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{_done:N0}/{_total:N0} records, imported {imported:N0}, failed {failed:N0}"));
        }
    }

    public void Retrying(int attempt, string reason, TimeSpan wait) =>
        console.MarkupLineInterpolated($"[yellow]Retry {attempt} after {reason}: waiting {wait.TotalSeconds:F1} s[/]");

    /// <summary>Runs <paramref name="import"/> under a live progress bar when the terminal can show one.</summary>
    public async Task<T> RunAsync<T>(Func<Task<T>> import)
    {
        if (!console.Profile.Capabilities.Interactive)
        {
            return await import();
        }

        return await console.Progress()
            .AutoClear(false)
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new CountColumn(this), new RateColumn(),
                new RemainingTimeColumn(), new SpinnerColumn())
            .StartAsync(async context =>
            {
                Context = context;
                return await import();
            });
    }

    private sealed class CountColumn(ConsoleProgress progress) : ProgressColumn
    {
        public override IRenderable Render(RenderOptions options, ProgressTask task, TimeSpan deltaTime) =>
            new Text(string.Create(CultureInfo.InvariantCulture, $"{progress._done:N0}/{progress._total:N0}"));
    }

    private sealed class RateColumn : ProgressColumn
    {
        public override IRenderable Render(RenderOptions options, ProgressTask task, TimeSpan deltaTime) =>
            new Text(task.Speed is { } speed ? string.Create(CultureInfo.InvariantCulture, $"{speed:N0} users/s") : "- users/s");
    }
}
