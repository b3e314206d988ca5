using System.CommandLine;
using System.Globalization;
using LiteLlm.Users.Cli.Common;
using LiteLlm.Users.Engine.Runs;
using LiteLlm.Users.Engine.Verbs.Restore;

namespace LiteLlm.Users.Cli.Commands.Restore;

/// <summary>The behaviour of <c>litellm-users restore</c>: read the backup, run the engine's restore, render.</summary>
public static class RestoreCommand
{
    /// <summary>Builds the command with its action.</summary>
    public static Command Create(CliContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var definition = new RestoreCommandDefinition(context.Environment);
        definition.Command.SetAction((result, _) => RunAsync(definition, result, context));
        return definition.Command;
    }

    private static async Task<int> RunAsync(RestoreCommandDefinition definition, ParseResult result, CliContext context)
    {
        var env = context.Environment;
        var output = context.Output;
        var dryRun = result.GetValue(definition.DryRun);
        var log = new StderrLog(context.Error, result.GetValue(definition.Connection.Debug));
        var backupFile = result.GetValue(definition.Backup)!;

        // Input first: an unusable backup or a missing key stops here, before any connection.
        var only = result.GetValue(definition.Only);
        var options = new RestoreJob
        {
            BackupFile = env.ResolvePath(backupFile),
            Only = only is { Length: > 0 } ? only : null,
            ResultFile = env.ResolvePath(result.GetValue(definition.ResultFile)!),
            DryRun = dryRun,
            Fresh = result.GetValue(definition.Fresh),
            Concurrency = result.GetValue(definition.Connection.Concurrency),
        };
        var input = options.ReadInput();
        await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"Found {input.Rows} users in backup '{backupFile}'")).ConfigureAwait(false);
        await using var session = await CommandSession.StartAsync(context, result, definition.Connection, definition.Safety, "restore", log).ConfigureAwait(false);
        options = options with { Safety = session.Observers };
        var outcome = await options.RunAsync(session.Client, log, context.Stop, context.Abort).ConfigureAwait(false);
        var rows = outcome.Decisions;
        await output.WriteLineAsync().ConfigureAwait(false);
        await output.WriteLineAsync(dryRun ? "DRY RUN - nothing is changed and no file is written. Per user:" : "Per user:").ConfigureAwait(false);
        foreach (var row in rows)
        {
            await output.WriteLineAsync(Describe(row, dryRun)).ConfigureAwait(false);
        }

        await output.WriteLineAsync().ConfigureAwait(false);
        var counts = string.Join(", ", rows.GroupBy(r => r.Status).OrderBy(g => g.Key).Select(g => string.Create(CultureInfo.InvariantCulture, $"{g.Count()} {RestoreRow.Word(g.Key).ToLowerInvariant()}")));
        await output.WriteLineAsync((dryRun ? "Summary (dry run, what would happen): " : "Summary: ") + counts).ConfigureAwait(false);
        if (!dryRun)
        {
            await output.WriteLineAsync(RunSummary.RequestsLine(session.Client.Statistics, rows.Count, outcome.Elapsed)).ConfigureAwait(false);
            await output.WriteLineAsync($"Result list written to '{options.ResultFile}'").ConfigureAwait(false);
            await session.Observers.ReportAsync(output, backupsExpected: false).ConfigureAwait(false);
        }

        if (outcome.FatalReason is not null)
        {
            await context.Error.WriteLineAsync($"ERROR: {outcome.FatalReason}. Fix: {outcome.FatalFix}").ConfigureAwait(false);
        }
        else if (outcome.Status == RunStatus.Cancelled)
        {
            await context.Error.WriteLineAsync("Cancelled: users not yet restored are marked 'Not processed'; run the same command again to resume.").ConfigureAwait(false);
        }

        return RunSummary.ExitCode(outcome.Status);
    }

    private static string Describe(RestoreRow row, bool dryRun)
    {
        var who = $"  {(row.Line > 0 ? string.Create(CultureInfo.InvariantCulture, $"line {row.Line}: ") : string.Empty)}{row.Email ?? "(no email)"}{(row.UserId is null ? string.Empty : $" ({row.UserId})")}";
        var what = (row.Status, dryRun) switch
        {
            (RestoreStatus.Restored, true) => "would restore: " + row.Restored,
            (RestoreStatus.Refused, true) => "would refuse: " + row.Reason,
            (RestoreStatus.Restored, false) => "restored: " + row.Restored,
            (RestoreStatus.PartlyRestored, _) => $"partly restored: {row.Restored}; NOT: {row.Reason}",
            _ => $"{RestoreRow.Word(row.Status).ToLowerInvariant()}: {row.Reason}",
        };
        return row.NotRestored.Length == 0 || row.Status is not (RestoreStatus.Restored or RestoreStatus.PartlyRestored)
            ? $"{who} -> {what}"
            : $"{who} -> {what}\n      cannot be restored: {row.NotRestored}";
    }
}
