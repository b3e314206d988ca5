using System.CommandLine;
using System.Globalization;
using System.Text;
using LiteLlm.Admin;
using LiteLlm.Users.Cli.Common;
using LiteLlm.Users.Engine.List;
using LiteLlm.Users.Engine.Runs;
using Spectre.Console;

namespace LiteLlm.Users.Cli.Commands.List;

/// <summary>The behaviour of <c>litellm-users list</c>: stream the engine's listing in the chosen format.</summary>
public static class ListCommand
{
    /// <summary>Builds the command with its action.</summary>
    public static Command Create(CliContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var definition = new ListCommandDefinition(context.Environment);
        definition.Command.SetAction((result, _) => RunAsync(definition, result, context));
        return definition.Command;
    }

    private static async Task<int> RunAsync(ListCommandDefinition definition, ParseResult result, CliContext context)
    {
        // Options first: a bad column or sort stops here, before any connection.
        var disabled = result.GetValue(definition.Disabled);
        var columns = disabled && result.GetValue(definition.Columns) is null ? UserListing.DisabledColumns : UserListing.ParseColumns(result.GetValue(definition.Columns));
        var (sortBy, sortOrder) = UserListing.ParseSort(result.GetValue(definition.Sort));
        var outputFile = result.GetValue(definition.Output) is { } name ? context.Environment.ResolvePath(name) : null;
        PathClash.Check([
            .. outputFile is null ? [] : FileUse.Output("--output", outputFile),
            .. definition.Connection.Files(result, context.Environment),
        ]);
        var format = result.GetValue(definition.Format) ?? DefaultFormat(outputFile, context.Environment);
        var log = new StderrLog(context.Error, result.GetValue(definition.Connection.Debug));
        await using var connection = await definition.Connection.ConnectAsync(result, context, log).ConfigureAwait(false);
        var listing = new UserListing(connection.Client, log)
        {
            EmailLike = result.GetValue(definition.EmailLike),
            Role = result.GetValue(definition.Role),
            Team = result.GetValue(definition.Team),
            UserId = result.GetValue(definition.UserId),
            ShowAll = result.GetValue(definition.ShowAll),
            Disabled = disabled,
            SortBy = sortBy,
            SortOrder = sortOrder,
        };

        var temp = outputFile is null ? null : outputFile + ".tmp";
        try
        {
            if (format == ListFormat.Table)
            {
                // A table is for a person: every cell is shown escaped; it is drawn only once every user was read.
                await WriteTableAsync(listing, columns, temp is null ? context.Output : null, temp, context).ConfigureAwait(false);
            }
            else if (temp is null)
            {
                await WriteToStdoutAsync(listing, format, columns, context).ConfigureAwait(false);
            }
            else
            {
                // The file passes the same key-scrubbing writer as stdout (as data: byte-exact), and appears only when complete.
                await using (var file = new RedactingTextWriter(new StreamWriter(temp, append: false, new UTF8Encoding(false)), forPerson: false) { Redactor = context.Output.Redactor })
                {
                    await listing.WriteAsync(format, file, columns, context.Stop).ConfigureAwait(false);
                }
            }

            if (temp is not null)
            {
                File.Move(temp, outputFile!, overwrite: true);
            }
        }
        catch (LiteLlmRequestFailedException failure)
        {
            await context.Error.WriteLineAsync(Printable.Text($"ERROR: {Printable.Sentence(FailureReasons.Describe(failure, "Failed to list users (API error)"))} Fix: {FailureReasons.Fix(failure)}")).ConfigureAwait(false);
            return FailureReasons.IsFatal(failure) || failure.IsTransient || failure.Kind == LiteLlmFailureKind.InvalidResponse ? ExitCodes.CouldNotRun : ExitCodes.SomeRowsFailed;
        }
        finally
        {
            if (temp is not null && File.Exists(temp))
            {
                File.Delete(temp);
            }
        }

        var where = outputFile is null ? string.Empty : $" to '{outputFile}'";
        await context.Error.WriteLineAsync(Printable.Text($"Listed {Printable.Count(listing.Shown, "user")}{where} ({listing.Read} read from the server).")).ConfigureAwait(false);
        return ExitCodes.Success;
    }

    private static ListFormat DefaultFormat(string? outputFile, CliEnvironment environment)
    {
        if (outputFile is not null)
        {
            return Path.GetExtension(outputFile).ToLowerInvariant() switch
            {
                ".tsv" or ".txt" => ListFormat.Tsv,
                ".json" => ListFormat.Json,
                ".jsonl" or ".ndjson" => ListFormat.Jsonl,
                _ => ListFormat.Csv,
            };
        }

        return environment.IsOutputTerminal ? ListFormat.Table : ListFormat.Csv;
    }

    /// <summary>
    /// Streams the listing to stdout only once it is complete, so a listing that fails half-way (or
    /// at its first request) writes nothing there, not even a header: the users are spooled to a
    /// private temporary file (memory stays flat), then copied. To a pipe or a file the data is
    /// byte-exact; to a terminal it is shown to a person, with control characters escaped.
    /// </summary>
    private static async Task WriteToStdoutAsync(UserListing listing, ListFormat format, IReadOnlyList<string> columns, CliContext context)
    {
        var path = Path.Combine(Path.GetTempPath(), $"litellm-users-list-{Guid.NewGuid():N}.tmp");
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.ReadWrite, Share = FileShare.None, Options = FileOptions.DeleteOnClose };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }

        await using var spool = new FileStream(path, options);
        await using (var writer = new RedactingTextWriter(new StreamWriter(spool, new UTF8Encoding(false), leaveOpen: true), forPerson: false) { Redactor = context.Output.Redactor })
        {
            await listing.WriteAsync(format, writer, columns, context.Stop).ConfigureAwait(false);
        }

        spool.Position = 0;
        var target = context.Environment.IsOutputTerminal ? context.Output : context.Output.Inner;
        await context.Output.FlushAsync(context.Stop).ConfigureAwait(false);
        using var reader = new StreamReader(spool, new UTF8Encoding(false), detectEncodingFromByteOrderMarks: false, leaveOpen: true);
        var buffer = new char[64 * 1024];
        int read;
        while ((read = await reader.ReadAsync(buffer, context.Stop).ConfigureAwait(false)) > 0)
        {
            await target.WriteAsync(new string(buffer, 0, read)).ConfigureAwait(false);
        }

        await target.FlushAsync(context.Stop).ConfigureAwait(false);
    }

    /// <summary>A table needs every row to size its columns, so it is the one format that buffers (meant for a terminal).</summary>
    private static async Task WriteTableAsync(UserListing listing, IReadOnlyList<string> columns, TextWriter? output, string? file, CliContext context)
    {
        var table = new Table().AddColumns([.. columns.Select(c => new TableColumn(Markup.Escape(c)))]);
        await foreach (var user in listing.ReadAsync(context.Stop).ConfigureAwait(false))
        {
            table.AddRow([.. columns.Select(c => Markup.Escape(Printable.Escape(UserListing.Cell(user, c))))]);
        }

        await using var fileWriter = file is null ? null : new RedactingTextWriter(new StreamWriter(file, append: false, new UTF8Encoding(false))) { Redactor = context.Output.Redactor };
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Out = new AnsiConsoleOutput(output ?? fileWriter!),
            Ansi = AnsiSupport.No,
            ColorSystem = ColorSystemSupport.NoColors,
            Interactive = InteractionSupport.No,
        });
        console.Profile.Width = 240;
        console.Write(table);
    }
}
