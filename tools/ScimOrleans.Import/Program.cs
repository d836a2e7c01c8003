using System.CommandLine;
using Spectre.Console;

namespace ScimOrleans.Import;

/// <summary>
/// <c>scim-import users.csv --url https://host/scim/acme/v2 --token ...</c>: pushes users from a
/// CSV or JSON Lines file to a SCIM service's /Bulk endpoint, resumably.
/// </summary>
internal static class Program
{
    public static async Task<int> Main(string[] args)
    {
        var input = new Argument<FileInfo>("input") { Description = "CSV with a header row (userName, givenName, familyName, email, active, externalId, ...) or JSON Lines (.jsonl), one SCIM user per line." };
        var url = new Option<Uri>("--url") { Description = "The tenant's SCIM base URL, e.g. https://host/scim/acme/v2.", Required = true };
        var token = new Option<string?>("--token") { Description = "The tenant's bearer token (default: $SCIM_TOKEN)." };
        var batch = new Option<int>("--batch") { Description = "Operations per /Bulk request (at most the service's bulk.maxOperations).", DefaultValueFactory = _ => 1000 };
        var parallel = new Option<int>("--parallel") { Description = "/Bulk requests in flight at once.", DefaultValueFactory = _ => 2 };
        var format = new Option<ImportFormat?>("--format") { Description = "Csv or JsonLines (default: from the file extension)." };
        var state = new Option<FileInfo?>("--state") { Description = "Checkpoint file; a rerun continues after the last completed line (default: <input>.state.json)." };
        var errors = new Option<FileInfo?>("--errors") { Description = "Where failed records are appended as JSON lines (default: <input>.errors.jsonl)." };
        var retries = new Option<int>("--max-retries") { Description = "Retries of a request answered 429 or 503 or not answered.", DefaultValueFactory = _ => 8 };

        var command = new RootCommand("Imports users into a SCIM 2.0 service through /Bulk, resumably.")
        {
            input, url, token, batch, parallel, format, state, errors, retries,
        };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var file = parse.GetRequiredValue(input);
            var options = new ImportOptions(
                file.FullName,
                parse.GetRequiredValue(url),
                parse.GetValue(token) ?? Environment.GetEnvironmentVariable("SCIM_TOKEN"),
                parse.GetValue(format) ?? ImportOptions.FormatOf(file.Name),
                parse.GetValue(state)?.FullName ?? file.FullName + ".state.json",
                parse.GetValue(errors)?.FullName ?? file.FullName + ".errors.jsonl",
                Math.Max(1, parse.GetValue(batch)),
                Math.Max(1, parse.GetValue(parallel)),
                Math.Max(0, parse.GetValue(retries)));
            return await RunAsync(options, cancellationToken);
        });
        return await command.Parse(args).InvokeAsync();
    }

    private static async Task<int> RunAsync(ImportOptions options, CancellationToken cancellationToken)
    {
        var console = AnsiConsole.Console;
        if (!File.Exists(options.Input))
        {
            console.MarkupLineInterpolated($"[red]No such file: {options.Input}[/]");
            return 2;
        }

        using var http = new HttpClient { Timeout = TimeSpan.FromMinutes(5) };
        var progress = new ConsoleProgress(console);
        var summary = await progress.RunAsync(() => new BulkImporter(http, options, progress).RunAsync(cancellationToken));

        var rate = summary.Elapsed.TotalSeconds > 0 ? summary.ThisRun / summary.Elapsed.TotalSeconds : 0;
        console.MarkupLineInterpolated(
            $"Imported {summary.Imported:N0}, failed {summary.Failed:N0} of {summary.Total:N0} records in {summary.Elapsed:hh\\:mm\\:ss} ({rate:N0} records/s this run).");
        if (summary.Failed > 0)
        {
            console.MarkupLineInterpolated($"[yellow]Failed records are in {options.ErrorsPath}.[/]");
        }

        if (summary.Error is { } error)
        {
            console.MarkupLineInterpolated($"[red]Stopped: {error}. Rerun the same command to continue from {options.StatePath}.[/]");
        }

        return summary.ExitCode;
    }
}
