using System.CommandLine;
using System.Globalization;
using System.Text.Json.Nodes;
using LiteLlm.Users.Cli.Common;
using LiteLlm.Users.Engine.Runs;
using LiteLlm.Users.Engine.Safety;
using LiteLlm.Users.Engine.Verbs.Delete;

namespace LiteLlm.Users.Cli.Commands.Delete;

/// <summary>The behaviour of <c>litellm-users delete</c>: parse, run the engine's delete job, render.</summary>
public static class DeleteCommand
{
    /// <summary>Builds the command with its action.</summary>
    public static Command Create(CliContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var definition = new DeleteCommandDefinition(context.Environment);
        definition.Command.SetAction((result, _) => RunAsync(definition, result, context));
        return definition.Command;
    }

    private static async Task<int> RunAsync(DeleteCommandDefinition definition, ParseResult result, CliContext context)
    {
        var env = context.Environment;
        var output = context.Output;
        var csvFile = result.GetValue(definition.CsvFile)!;
        var log = new StderrLog(context.Error, result.GetValue(definition.Connection.Debug));

        // Input first: two options naming one file, a bad CSV, plan, option or a missing key stops here, before any connection.
        var planFile = result.GetValue(definition.Plan) is { } p ? env.ResolvePath(p) : null;
        var disabledBefore = result.GetValue(definition.DisabledBefore) is { } age ? Durations.Parse(age, "--disabled-before") : (TimeSpan?)null;

        // --disabled-before alone chooses the users; with an explicit --csv-file, only rows of both.
        var readCsv = planFile is null && (disabledBefore is null || result.GetResult(definition.CsvFile) is { Implicit: false });
        var dryRun = result.GetValue(definition.DryRun);
        PathClash.Check([
            .. definition.Run.Files(result, env, readsCsv: readCsv),
            .. definition.Safety.Files(result, env, dryRun),
            .. definition.Connection.Files(result, env),
            .. definition.Guards.Files(result, env),
            planFile is null ? null : FileUse.Reads("--plan", planFile),
        ]);
        var options = new DeleteJob
        {
            CsvFile = env.ResolvePath(csvFile),
            ResultFile = env.ResolvePath(result.GetValue(definition.ResultFile)!),
            ErrorFile = env.ResolvePath(result.GetValue(definition.ErrorFile)!),
            DryRun = dryRun,
            AllMatches = result.GetValue(definition.AllMatches),
            Fresh = result.GetValue(definition.Fresh),
            Concurrency = result.GetValue(definition.Connection.Concurrency),
            BatchSize = result.GetValue(definition.BatchSize),
            Strategy = result.GetValue(definition.Strategy),
            Endpoint = result.GetValue(definition.Endpoint),
            PlanFile = planFile,
            PlanOut = result.GetValue(definition.PlanOut) is { } po ? env.ResolvePath(po) : null,
            MaxPlanAge = Durations.Parse(result.GetValue(definition.MaxPlanAge)!, "--max-plan-age"),
            RequireApproval = result.GetValue(definition.Approval.RequireApproval),
            DisabledBefore = disabledBefore,
            Verify = !result.GetValue(definition.NoVerify),
            Limit = definition.Guards.Limit(result),
            Protection = definition.Guards.Protection(result, env),
            Confirm = definition.Guards.Confirmation(result, context),
        };
        if (readCsv)
        {
            var input = options.ReadInput();
            await output.WriteLineAsync(Printable.Text($"Found {Printable.Count(input.Rows, "email")} ({input.Distinct} unique) in '{csvFile}'")).ConfigureAwait(false);
        }

        await using var session = await CommandSession.StartAsync(context, result, definition.Connection, definition.Safety, "delete", log).ConfigureAwait(false);
        options = options with { Safety = session.Observers };
        if (planFile is not null)
        {
            var plan = options.LoadPlan(session.Client.Endpoint);
            await output.WriteLineAsync(Printable.Text($"Applying plan '{result.GetValue(definition.Plan)}' made {plan.CreatedAt:u}{(plan.MadeBy is { } maker ? " by " + maker : string.Empty)} for {plan.BaseUrl}: ") + PlanSummary(plan)).ConfigureAwait(false);
        }

        var outcome = await session.RunAsync("deleted", progress => options.RunAsync(session.Client, log, progress, context.Stop, context.Abort)).ConfigureAwait(false);

        if (options.DryRun)
        {
            await RenderDryRunAsync(output, outcome).ConfigureAwait(false);
        }
        else
        {
            await RenderRunAsync(output, outcome, session.Client.Statistics, options.Verify).ConfigureAwait(false);
            await session.ReportSafetyAsync(output, backupsExpected: outcome.Succeeded > 0).ConfigureAwait(false);
        }

        return await RunReport.WriteEndAsync(context, new RunEnd
        {
            Outcome = outcome,
            DryRun = options.DryRun,
            ResultFile = options.ResultFile,
            ErrorFile = options.ErrorFile,
            FailuresTitle = "Failed deletions:",
            PlanOut = result.GetValue(definition.PlanOut),
            PlanNext = (options.RequireApproval ? Printable.Text($"It needs an approval: someone else runs 'litellm-users approve {CommandSession.ShellWord(result.GetValue(definition.PlanOut) ?? string.Empty)}', then ") : "Review it, then ")
                + Printable.Text($"apply it with: litellm-users delete --plan {CommandSession.ShellWord(result.GetValue(definition.PlanOut) ?? string.Empty)}"),
            Connection = session.Connection,
            SummaryJson = result.GetValue(definition.SummaryJson) is { } summaryPath ? env.ResolvePath(summaryPath) : null,
            Details = Details(outcome, options),
        }).ConfigureAwait(false);
    }

    /// <summary>What a plan holds, counted from its rows (never from its summary, which a hand could have changed).</summary>
    private static string PlanSummary(DeletePlanDocument plan)
    {
        int Count(DeleteAction action) => plan.Rows.Count(r => r.Action == action);
        return string.Create(
            CultureInfo.InvariantCulture,
            $"{Printable.Count(plan.UsersToDelete, "user")} to delete, {Count(DeleteAction.NotFound)} not found, {Count(DeleteAction.Ambiguous)} ambiguous, {Count(DeleteAction.Duplicate)} duplicate, {Count(DeleteAction.Protected)} protected");
    }

    private static JsonObject Details(RunResult<DeleteDecision> outcome, DeleteJob options)
    {
        var details = RunSummary.Details("delete", options.DryRun, outcome, outcome.Strategy, outcome.Route, options.Concurrency);
        details["succeeded"] = outcome.Succeeded;
        details["failed"] = outcome.Failed;
        details["verify"] = options.Verify;
        foreach (var (name, value) in outcome.Counters.OrderBy(c => c.Key, StringComparer.Ordinal))
        {
            details[name] = value;
        }

        return details;
    }

    private static async Task RenderDryRunAsync(TextWriter output, RunResult<DeleteDecision> outcome)
    {
        if (await RunReport.WriteDryRunFailedAsync(output, outcome).ConfigureAwait(false))
        {
            return;
        }

        await output.WriteLineAsync().ConfigureAwait(false);
        await output.WriteLineAsync("DRY RUN - nothing is changed and no file is written. Per row:").ConfigureAwait(false);
        foreach (var row in outcome.Decisions)
        {
            var what = row.Action switch
            {
                DeleteAction.Delete => "would delete user_id " + string.Join(", ", row.Users.Select(u => Printable.Escape(DeleteImpact.Describe(u)))),
                DeleteAction.AlreadyDone => "already done by the interrupted run (see the journal)",
                _ => Printable.Text($"would not delete: {row.Reason}"),
            };
            await output.WriteLineAsync(Printable.Text($"  line {row.Line}: {row.Email} -> ") + what).ConfigureAwait(false);
        }

        var users = outcome.Decisions.Where(p => p.Action == DeleteAction.Delete).Sum(p => p.Users.Count);
        await output.WriteLineAsync().ConfigureAwait(false);
        if (outcome.RefusedReason is not null)
        {
            await output.WriteLineAsync(Printable.Text($"The real run would be refused: {outcome.RefusedReason}")).ConfigureAwait(false);
        }

        await output.WriteLineAsync($"Summary (dry run): {Printable.Count(users, "user")} would be deleted; {Printable.Count(outcome.Failed, "row")} would go to the error file.").ConfigureAwait(false);
        if (DeleteImpact.Summary(outcome.Decisions) is { } impact)
        {
            await output.WriteLineAsync(impact).ConfigureAwait(false);
        }
    }

    private static async Task RenderRunAsync(TextWriter output, RunResult<DeleteDecision> outcome, Admin.LiteLlmClientStatistics statistics, bool verify)
    {
        await output.WriteLineAsync().ConfigureAwait(false);
        await output.WriteLineAsync("Summary:").ConfigureAwait(false);
        await output.WriteLineAsync($"  Successfully deleted: {Printable.Count(outcome.Succeeded, "user")}").ConfigureAwait(false);
        await output.WriteLineAsync($"  Failed: {Printable.Count(outcome.Failed, "user")}").ConfigureAwait(false);
        foreach (var line in DeleteVerification.Lines(outcome, verify))
        {
            await output.WriteLineAsync("  " + line).ConfigureAwait(false);
        }

        await RunReport.WriteFooterAsync(output, outcome, statistics).ConfigureAwait(false);
    }
}
