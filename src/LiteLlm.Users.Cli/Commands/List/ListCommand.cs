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
            if (temp is null)
            {
                await WriteAsync(listing, format, columns, context.Output, context).ConfigureAwait(false);
            }
            else
            {
                // The file passes the same key-scrubbing writer as stdout, and appears only when complete.
                await using (var file = new RedactingTextWriter(new StreamWriter(temp, append: false, new UTF8Encoding(false))) { Redactor = context.Output.Redactor })
                {
                    await WriteAsync(listing, format, columns, file, context).ConfigureAwait(false);
                }

                File.Move(temp, outputFile!, overwrite: true);
            }
        }
        catch (LiteLlmRequestFailedException failure)
        {
            await context.Error.WriteLineAsync($"ERROR: {FailureReasons.Describe(failure, "Failed to list users (API error)")}. Fix: {FailureReasons.Fix(failure)}").ConfigureAwait(false);
            return FailureReasons.IsFatal(failure) || failure.IsTransient ? ExitCodes.CouldNotRun : ExitCodes.SomeRowsFailed;
        }
        finally
        {
            if (temp is not null && File.Exists(temp))
            {
                File.Delete(temp);
            }
        }

        var where = outputFile is null ? string.Empty : $" to '{outputFile}'";
        await context.Error.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"Listed {listing.Shown} users{where} ({listing.Read} read from the server).")).ConfigureAwait(false);
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

    private static async Task WriteAsync(UserListing listing, ListFormat format, IReadOnlyList<string> columns, TextWriter output, CliContext context)
    {
        if (format == ListFormat.Table)
        {
            await WriteTableAsync(listing, columns, output, context).ConfigureAwait(false);
            return;
        }

        await listing.WriteAsync(format, output, columns, context.Stop).ConfigureAwait(false);
    }

    /// <summary>A table needs every row to size its columns, so it is the one format that buffers (meant for a terminal).</summary>
    private static async Task WriteTableAsync(UserListing listing, IReadOnlyList<string> columns, TextWriter output, CliContext context)
    {
        var table = new Table().AddColumns([.. columns.Select(c => new TableColumn(Markup.Escape(c)))]);
        await foreach (var user in listing.ReadAsync(context.Stop).ConfigureAwait(false))
        {
            table.AddRow([.. columns.Select(c => Markup.Escape(UserListing.Cell(user, c)))]);
        }

        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Out = new AnsiConsoleOutput(output),
            Ansi = AnsiSupport.No,
            ColorSystem = ColorSystemSupport.NoColors,
            Interactive = InteractionSupport.No,
        });
        console.Profile.Width = 240;
        console.Write(table);
    }
}
