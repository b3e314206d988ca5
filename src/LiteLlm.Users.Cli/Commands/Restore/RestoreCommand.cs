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

        // Input first: two options naming one file, an unusable backup or a missing key stops here, before any connection.
        var resultFile = env.ResolvePath(result.GetValue(definition.ResultFile)!);
        PathClash.Check([
            FileUse.Reads("--backup", env.ResolvePath(backupFile)),
            .. dryRun ? [] : FileUse.Output("--result-file", resultFile, journal: true),
            .. definition.Safety.Files(result, env, dryRun),
            .. definition.Connection.Files(result, env),
        ]);
        var only = result.GetValue(definition.Only);
        var options = new RestoreJob
        {
            BackupFile = env.ResolvePath(backupFile),
            Only = only is { Length: > 0 } ? only : null,
            ResultFile = resultFile,
            DryRun = dryRun,
            Fresh = result.GetValue(definition.Fresh),
            Concurrency = result.GetValue(definition.Connection.Concurrency),
        };
        var input = options.ReadInput();
        var unique = input.Distinct == input.Rows ? string.Empty : Printable.Text($" ({input.Distinct} unique)");
        await output.WriteLineAsync(Printable.Text($"Found {Printable.Count(input.Rows, "user")}{unique} in backup '{backupFile}'")).ConfigureAwait(false);
        await using var session = await CommandSession.StartAsync(context, result, definition.Connection, definition.Safety, "restore", log).ConfigureAwait(false);
        if (session.Connection.Sandbox is null && !await SameProxyOrAllowedAsync(options.SourceProxies, session, definition, result, context).ConfigureAwait(false))
        {
            await context.Error.WriteLineAsync("ERROR: Not confirmed: nothing was restored.").ConfigureAwait(false);
            return ExitCodes.UsageOrInput;
        }

        options = options with { Safety = session.Observers };
        var outcome = await options.RunAsync(session.Client, log, context.Stop, context.Abort).ConfigureAwait(false);
        var rows = outcome.Decisions;
        if (dryRun && await RunReport.WriteDryRunFailedAsync(output, outcome).ConfigureAwait(false))
        {
            await context.Error.WriteLineAsync(RunReport.FatalLine(outcome)).ConfigureAwait(false);
            return RunSummary.ExitCode(outcome.Status);
        }

        await output.WriteLineAsync().ConfigureAwait(false);
        await output.WriteLineAsync(dryRun ? "DRY RUN - nothing is changed and no file is written. Per user:" : "Per user:").ConfigureAwait(false);
        foreach (var row in rows)
        {
            await output.WriteLineAsync(Describe(row, dryRun)).ConfigureAwait(false);
        }

        await output.WriteLineAsync().ConfigureAwait(false);
        var counts = string.Join(", ", rows.GroupBy(r => r.Status).OrderBy(g => g.Key).Select(g => Printable.Text($"{g.Count()} {RestoreRow.Word(g.Key).ToLowerInvariant()}")));
        await output.WriteLineAsync((dryRun ? "Summary (dry run, what would happen): " : "Summary: ") + counts).ConfigureAwait(false);
        if (!dryRun)
        {
            await output.WriteLineAsync(RunSummary.RequestsLine(session.Client.Statistics, outcome.FinishedHere, outcome.Elapsed)).ConfigureAwait(false);
            await output.WriteLineAsync(Printable.Text($"Result list written to '{options.ResultFile}'")).ConfigureAwait(false);
            await session.ReportSafetyAsync(output, backupsExpected: false).ConfigureAwait(false);
        }

        if (outcome.FatalReason is not null)
        {
            await context.Error.WriteLineAsync(RunReport.FatalLine(outcome)).ConfigureAwait(false);
        }
        else if (outcome.Status == RunStatus.Cancelled)
        {
            await context.Error.WriteLineAsync("Cancelled: users not yet restored are marked 'Not processed'; run the same command again to resume.").ConfigureAwait(false);
        }

        return RunSummary.ExitCode(outcome.Status);
    }

    private static string Describe(RestoreRow row, bool dryRun)
    {
        var who = Printable.Text($"  {(row.Line > 0 ? string.Create(CultureInfo.InvariantCulture, $"line {row.Line}: ") : string.Empty)}{row.Email ?? "(no email)"}{(row.UserId is null ? string.Empty : $" ({row.UserId})")}");
        var what = (row.Status, dryRun) switch
        {
            (RestoreStatus.Restored, true) => Printable.Text($"would restore: {row.Restored}"),
            (RestoreStatus.Refused, true) => Printable.Text($"would refuse: {row.Reason}"),
            (RestoreStatus.Restored, false) => Printable.Text($"restored: {row.Restored}"),
            (RestoreStatus.PartlyRestored, _) => Printable.Text($"partly restored: {row.Restored}; NOT: {row.Reason}"),
            _ => Printable.Text($"{RestoreRow.Word(row.Status).ToLowerInvariant()}: {row.Reason}"),
        };
        return row.NotRestored.Length == 0 || row.Status is not (RestoreStatus.Restored or RestoreStatus.PartlyRestored)
            ? $"{who} -> {what}"
            : $"{who} -> {what}\n" + Printable.Text($"      cannot be restored: {row.NotRestored}");
    }

    /// <summary>
    /// A backup taken from another proxy than the one this restore goes to: on a terminal the operator
    /// is asked; without one the restore is refused (exit 1, one line) unless --yes. A dry run only warns.
    /// </summary>
    private static async Task<bool> SameProxyOrAllowedAsync(IReadOnlyList<string> sources, CommandSession session, RestoreCommandDefinition definition, ParseResult result, CliContext context)
    {
        var target = Normalize(session.Client.Endpoint.AbsoluteUri);
        var others = sources.Where(s => !string.Equals(Normalize(s), target, StringComparison.Ordinal)).ToList();
        if (others.Count == 0)
        {
            return true;
        }

        var from = string.Join(", ", others);
        if (result.GetValue(definition.DryRun) || result.GetValue(definition.Yes))
        {
            session.Log.Warn(Printable.Text($"the backup was taken from {from}; this restore goes to {target}."));
            return true;
        }

        if (!context.Environment.IsInteractive)
        {
            throw new CliUserException(Printable.Text(
                $"The backup was taken from {from}, not from {target}, where this restore would go. Nothing was sent. Pass --yes to restore into {target} anyway, or --base-url to restore where the users came from."));
        }

        return await TerminalPrompt.ConfirmAsync(
            context,
            [Printable.Text($"The backup was taken from {from}; this restore would recreate its users on {target}, a different proxy.")],
            Printable.Text($"Type 'yes' to restore into {target}:"),
            context.Stop).ConfigureAwait(false);
    }

    /// <summary>A base URL as the backup records it (scheme and host in lower case, default port dropped, no trailing slash).</summary>
    private static string Normalize(string url) =>
        Uri.TryCreate(url, UriKind.Absolute, out var uri) ? uri.AbsoluteUri.TrimEnd('/') : url.TrimEnd('/');
}
