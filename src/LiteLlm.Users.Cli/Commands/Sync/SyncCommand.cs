using System.CommandLine;
using System.Globalization;
using System.Text.Json.Nodes;
using LiteLlm.Users.Cli.Common;
using LiteLlm.Users.Engine.Input;
using LiteLlm.Users.Engine.Runs;
using LiteLlm.Users.Engine.Safety;
using LiteLlm.Users.Engine.Verbs.Sync;

namespace LiteLlm.Users.Cli.Commands.Sync;

/// <summary>The behaviour of <c>litellm-users sync</c>: parse, run the engine's sync job, render.</summary>
public static class SyncCommand
{
    /// <summary>Builds the command with its action.</summary>
    public static Command Create(CliContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var definition = new SyncCommandDefinition(context.Environment);
        definition.Command.SetAction((result, _) => RunAsync(definition, result, context));
        return definition.Command;
    }

    private static async Task<int> RunAsync(SyncCommandDefinition definition, ParseResult result, CliContext context)
    {
        var env = context.Environment;
        var output = context.Output;
        var run = definition.Run;
        var csvFile = result.GetValue(run.CsvFile)!;
        var log = new StderrLog(context.Error, result.GetValue(definition.Connection.Debug));

        // Input first: two options naming one file, an unusable roster (missing, no email column, no
        // user), a bad option or a missing key stops here, before any connection.
        var dryRun = result.GetValue(run.DryRun);
        PathClash.Check([
            .. run.Files(result, env),
            .. definition.Safety.Files(result, env, dryRun),
            .. definition.Connection.Files(result, env),
            .. definition.Guards.Files(result, env),
            .. definition.Plans.Files(result, env),
        ]);
        var options = new SyncJob
        {
            CsvFile = env.ResolvePath(csvFile),
            ResultFile = env.ResolvePath(result.GetValue(run.ResultFile)!),
            DefaultRole = result.GetValue(definition.UserRole)!,
            Mode = new SyncMode
            {
                AddOnly = result.GetValue(definition.AddOnly),
                RemoveOnly = result.GetValue(definition.RemoveOnly),
                NoUpdate = result.GetValue(definition.NoUpdate),
                AllowRemove = result.GetValue(definition.AllowRemove),
                DisableRemovals = result.GetValue(definition.RemoveMode) == "disable",
            },
            PlanFile = result.GetValue(definition.Plans.Plan) is { } planFile ? env.ResolvePath(planFile) : null,
            MaxPlanAge = Durations.Parse(result.GetValue(definition.Plans.MaxPlanAge)!, "--max-plan-age"),
            RequireApproval = result.GetValue(definition.Plans.RequireApproval),
            DryRun = dryRun,
            PlanOut = result.GetValue(run.PlanOut!) is { } planOut ? env.ResolvePath(planOut) : null,
            Fresh = result.GetValue(run.Fresh),
            Concurrency = result.GetValue(definition.Connection.Concurrency),
            Limit = definition.Guards.Limit(result),
            Protection = definition.Guards.Protection(result, env),
            Confirm = definition.Guards.Confirmation(result, context),
        };
        var input = options.ReadInput();
        await output.WriteLineAsync(Printable.Text($"Found {Printable.Count(input.Rows, "user")} ({Printable.Count(input.Distinct, "unique email")}) in roster '{csvFile}'")).ConfigureAwait(false);
        if (input.KeyNames)
        {
            log.Warn("the key_name column is ignored: sync creates no keys (use 'add --create-keys' for that).");
        }

        await using var session = await CommandSession.StartAsync(context, result, definition.Connection, definition.Safety, "sync", log).ConfigureAwait(false);
        options = options with { Safety = session.Observers };
        if (options.PlanFile is not null)
        {
            var plan = options.LoadPlan(session.Client.Endpoint);
            await output.WriteLineAsync($"Applying plan '{result.GetValue(definition.Plans.Plan)}' {plan}").ConfigureAwait(false);
        }

        var outcome = await session.RunAsync("done", progress => options.RunAsync(session.Client, log, progress, context.Stop, context.Abort)).ConfigureAwait(false);
        if (options.DryRun)
        {
            await RenderDryRunAsync(output, outcome).ConfigureAwait(false);
        }
        else
        {
            await RenderRunAsync(output, outcome, session.Client.Statistics).ConfigureAwait(false);
            await session.ReportSafetyAsync(output, backupsExpected: Count(outcome, SyncAction.Deleted, SyncStatus.Success) > 0).ConfigureAwait(false);
        }

        return await RunReport.WriteEndAsync(context, new RunEnd
        {
            Outcome = outcome,
            DryRun = options.DryRun,
            ResultFile = options.ResultFile,
            ErrorFile = null,
            FailuresTitle = "Failed rows:",
            PlanOut = result.GetValue(run.PlanOut!),
            PlanNext = options.RequireApproval
                ? $"It needs an approval: someone else runs 'litellm-users approve {result.GetValue(run.PlanOut!)}', then run the same command without --dry-run and with --plan {result.GetValue(run.PlanOut!)}."
                : $"Review it, then run the same command without --dry-run (with --plan {result.GetValue(run.PlanOut!)} to remove only the users it removes).",
            Connection = session.Connection,
            SummaryJson = result.GetValue(run.SummaryJson) is { } summaryPath ? env.ResolvePath(summaryPath) : null,
            Details = Details(outcome, options),
        }).ConfigureAwait(false);
    }

    private static int Count(RunResult outcome, SyncAction action, SyncStatus status) => outcome.Count(SyncJob.Tally(action, status));

    private static int Count(RunResult outcome, SyncStatus status) => Enum.GetValues<SyncAction>().Sum(a => Count(outcome, a, status));

    private static JsonObject Details(RunResult<SyncDecision> outcome, SyncJob options)
    {
        var done = options.DryRun ? SyncStatus.Planned : SyncStatus.Success;
        var details = RunSummary.Details("sync", options.DryRun, outcome, null, null, options.Concurrency);
        details["added"] = Count(outcome, SyncAction.Added, done);
        details["updated"] = Count(outcome, SyncAction.Updated, done);
        details["deleted"] = Count(outcome, SyncAction.Deleted, done);
        details["disabled"] = Count(outcome, SyncAction.Disabled, done);
        details["unchanged"] = Count(outcome, SyncAction.Unchanged, done);
        details["skipped"] = Count(outcome, SyncStatus.Skipped);
        details["protected"] = Count(outcome, SyncStatus.Protected);
        details["failed"] = outcome.Failed;
        return details;
    }

    private static async Task RenderDryRunAsync(TextWriter output, RunResult<SyncDecision> outcome)
    {
        if (await RunReport.WriteDryRunFailedAsync(output, outcome).ConfigureAwait(false))
        {
            return;
        }

        await output.WriteLineAsync().ConfigureAwait(false);
        await output.WriteLineAsync("DRY RUN - nothing is changed and no file is written. Per row (the role and teams are the user's after the run):").ConfigureAwait(false);
        var rosterLines = outcome.Decisions.Where(p => p.Action is not (SyncAction.Deleted or SyncAction.Disabled)).Select(p => p.Line).ToHashSet();
        foreach (var row in outcome.Decisions)
        {
            var where = rosterLines.Contains(row.Line)
                ? Printable.Text($"line {row.Line}: {row.Email}")
                : Printable.Text($"not on the roster: {row.Email} ({row.UserId})");
            var what = $"{SyncJob.Word(row.Action)} {SyncJob.Word(row.Status)}{Detail(row)}";
            await output.WriteLineAsync($"  {where} -> {what}").ConfigureAwait(false);
        }

        await output.WriteLineAsync().ConfigureAwait(false);
        if (outcome.RefusedReason is not null)
        {
            await output.WriteLineAsync(Printable.Text($"The real run would be refused: {outcome.RefusedReason}")).ConfigureAwait(false);
        }

        await output.WriteLineAsync(string.Create(
            CultureInfo.InvariantCulture,
            $"Summary (dry run): {Count(outcome, SyncAction.Added, SyncStatus.Planned)} to add, {Count(outcome, SyncAction.Updated, SyncStatus.Planned)} to update, {Count(outcome, SyncAction.Deleted, SyncStatus.Planned) + Count(outcome, SyncAction.Disabled, SyncStatus.Planned)} to remove, {Count(outcome, SyncAction.Unchanged, SyncStatus.Planned)} unchanged; {Count(outcome, SyncStatus.Skipped)} skipped, {Count(outcome, SyncStatus.Protected)} protected; {Printable.Count(outcome.Failed, "row")} would fail.")).ConfigureAwait(false);
    }

    private static string Detail(SyncDecision row)
    {
        if (row.Reason is not null)
        {
            return Printable.Text($": {row.Reason}");
        }

        return row.Action switch
        {
            SyncAction.Added => Printable.Text($" (role {row.Role}{(row.Teams.Count == 0 ? string.Empty : ", teams " + string.Join(';', row.NewTeams.Select(t => t.TeamAlias ?? t.TeamId)))})"),
            SyncAction.Updated => Printable.Text($": {row.Changes}"),
            SyncAction.Deleted or SyncAction.Disabled => row.Role is null ? string.Empty : Printable.Text($" (role {row.Role})"),
            _ => string.Empty,
        };
    }

    private static async Task RenderRunAsync(TextWriter output, RunResult<SyncDecision> outcome, Admin.LiteLlmClientStatistics statistics)
    {
        await output.WriteLineAsync().ConfigureAwait(false);
        await output.WriteLineAsync("Summary:").ConfigureAwait(false);
        await output.WriteLineAsync($"  Added: {Printable.Count(Count(outcome, SyncAction.Added, SyncStatus.Success), "user")}").ConfigureAwait(false);
        await output.WriteLineAsync($"  Updated: {Printable.Count(Count(outcome, SyncAction.Updated, SyncStatus.Success), "user")}").ConfigureAwait(false);
        await output.WriteLineAsync($"  Deleted: {Printable.Count(Count(outcome, SyncAction.Deleted, SyncStatus.Success), "user")}").ConfigureAwait(false);
        await output.WriteLineAsync($"  Disabled: {Printable.Count(Count(outcome, SyncAction.Disabled, SyncStatus.Success), "user")}").ConfigureAwait(false);
        await output.WriteLineAsync($"  Unchanged: {Printable.Count(Count(outcome, SyncAction.Unchanged, SyncStatus.Success), "user")}").ConfigureAwait(false);
        await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"  Skipped (not allowed by the mode): {Count(outcome, SyncStatus.Skipped)}")).ConfigureAwait(false);
        await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"  Protected (kept by the guards): {Count(outcome, SyncStatus.Protected)}")).ConfigureAwait(false);
        await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"  Failed: {outcome.Failed}")).ConfigureAwait(false);
        await RunReport.WriteFooterAsync(output, outcome, statistics).ConfigureAwait(false);
    }
}
