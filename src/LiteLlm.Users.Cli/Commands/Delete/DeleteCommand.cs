using System.CommandLine;
using System.Globalization;
using System.Text.Json.Nodes;
using LiteLlm.Users.Cli.Common;
using LiteLlm.Users.Engine.Delete;
using LiteLlm.Users.Engine.Execution;
using LiteLlm.Users.Engine.Reporting;
using LiteLlm.Users.Engine.Safety;

namespace LiteLlm.Users.Cli.Commands.Delete;

/// <summary>The behaviour of <c>litellm-users delete</c>: parse, run the engine's delete job, render.</summary>
public static class DeleteCommand
{
    private static readonly string[] PlanActions = ["delete", "not_found", "ambiguous", "duplicate", "protected"];

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
        var dryRun = result.GetValue(definition.DryRun);
        var debug = result.GetValue(definition.Connection.Debug);
        var log = new StderrLog(context.Error, debug);

        // Input first: a bad CSV, plan, option or a missing key stops here, before any connection.
        var planFile = result.GetValue(definition.Plan) is { } p ? env.ResolvePath(p) : null;
        var maxPlanAge = Durations.Parse(result.GetValue(definition.MaxPlanAge)!, "--max-plan-age");
        var limit = definition.Guards.Limit(result);
        var protection = definition.Guards.Protection(result, env);
        var rows = planFile is null ? DeleteInput.Read(env.ResolvePath(csvFile)) : null;
        if (rows is not null)
        {
            await output.WriteLineAsync($"Found {rows.Count} emails in '{csvFile}'").ConfigureAwait(false);
        }

        await using var connection = await definition.Connection.ConnectAsync(result, context, log, definition.Safety.Operator(result, env)).ConfigureAwait(false);
        var client = connection.Client;
        using var observers = ChangeObservers.Create(definition.Safety, result, context, client, log, "delete", result.GetValue(definition.Connection.Concurrency));
        DeletePlanDocument? plan = null;
        if (planFile is not null)
        {
            plan = DeletePlanDocument.Load(planFile, client.Endpoint, maxPlanAge, TimeProvider.System.GetUtcNow());
            await output.WriteLineAsync(string.Create(
                CultureInfo.InvariantCulture,
                $"Applying plan '{result.GetValue(definition.Plan)}' made {plan.CreatedAt:u} for {plan.BaseUrl}: {PlanSummary(plan.Summary)}")).ConfigureAwait(false);
        }

        var options = new DeleteJobOptions
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
            Retry = new Admin.RetrySettings { MaxRetries = result.GetValue(definition.Connection.Retries) },
            Observers = observers.All,
            PlanFile = planFile,
            PlanOut = result.GetValue(definition.PlanOut) is { } po ? env.ResolvePath(po) : null,
            MaxPlanAge = maxPlanAge,
            Limit = limit,
            Protection = protection,
            Confirm = definition.Guards.Confirmation(result, context),
        };

        var progress = new RunProgress();
        DeleteJobResult outcome;
        await using (ProgressReporter.Start(progress, context, "deleted").ConfigureAwait(false))
        {
            var job = new DeleteJob(client, options, log, progress);
            outcome = plan is not null
                ? await job.RunAsync(plan, context.Stop, context.Abort).ConfigureAwait(false)
                : await job.RunAsync(rows!, context.Stop, context.Abort).ConfigureAwait(false);
        }

        if (dryRun)
        {
            await RenderDryRunAsync(output, outcome).ConfigureAwait(false);
        }
        else
        {
            await RenderRunAsync(output, outcome, client.Statistics).ConfigureAwait(false);
            await observers.ReportAsync(output, backupsExpected: outcome.Succeeded > 0).ConfigureAwait(false);
        }

        return await RunReport.WriteEndAsync(context, new RunEnd
        {
            Outcome = outcome,
            DryRun = dryRun,
            ResultFile = options.ResultFile,
            ErrorFile = options.ErrorFile,
            FailuresTitle = "Failed deletions:",
            PlanOut = result.GetValue(definition.PlanOut),
            PlanNext = $"Review it, then apply it with: litellm-users delete --plan {result.GetValue(definition.PlanOut)}",
            Connection = connection,
            SummaryJson = result.GetValue(definition.SummaryJson) is { } summaryPath ? env.ResolvePath(summaryPath) : null,
            Details = Details(outcome, options),
        }).ConfigureAwait(false);
    }

    private static string PlanSummary(IReadOnlyDictionary<string, int> summary) =>
        string.Join(", ", PlanActions
            .Select(k => string.Create(CultureInfo.InvariantCulture, $"{(summary.TryGetValue(k, out var n) ? n : 0)} {(k == "delete" ? "users to delete" : k.Replace('_', ' '))}")));

    private static JsonObject Details(DeleteJobResult outcome, DeleteJobOptions options)
    {
        var endpoint = outcome.Endpoint switch
        {
            DeleteEndpoint.BulkV1 => "/management/v1/users/bulk_delete",
            DeleteEndpoint.Legacy => "/user/delete",
            _ => null,
        };
        var details = RunSummary.Details("delete", options.DryRun, outcome, outcome.Strategy, endpoint, options.Concurrency);
        details["succeeded"] = outcome.Succeeded;
        details["failed"] = outcome.Failed;
        return details;
    }

    private static async Task RenderDryRunAsync(TextWriter output, DeleteJobResult outcome)
    {
        await output.WriteLineAsync().ConfigureAwait(false);
        await output.WriteLineAsync("DRY RUN - nothing is changed and no file is written. Per row:").ConfigureAwait(false);
        foreach (var row in outcome.Plan)
        {
            var what = row.Action switch
            {
                PlannedAction.Delete => "would delete user_id " + string.Join(", ", row.Users.Select(u => u.Role is null ? u.UserId : $"{u.UserId} ({u.Role})")),
                PlannedAction.AlreadyDone => "already done by the interrupted run (see the journal)",
                _ => "would not delete: " + row.Reason,
            };
            await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"  line {row.Line}: {row.Email} -> {what}")).ConfigureAwait(false);
        }

        var users = outcome.Plan.Where(p => p.Action == PlannedAction.Delete).Sum(p => p.Users.Count);
        await output.WriteLineAsync().ConfigureAwait(false);
        if (outcome.RefusedReason is not null)
        {
            await output.WriteLineAsync("The real run would be refused: " + outcome.RefusedReason).ConfigureAwait(false);
        }

        await output.WriteLineAsync(string.Create(
            CultureInfo.InvariantCulture,
            $"Summary (dry run): {users} users would be deleted; {outcome.Failed} rows would go to the error file.")).ConfigureAwait(false);
    }

    private static async Task RenderRunAsync(TextWriter output, DeleteJobResult outcome, Admin.LiteLlmClientStatistics statistics)
    {
        await output.WriteLineAsync().ConfigureAwait(false);
        await output.WriteLineAsync("Summary:").ConfigureAwait(false);
        await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"  Successfully deleted: {outcome.Succeeded} users")).ConfigureAwait(false);
        await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"  Failed: {outcome.Failed} users")).ConfigureAwait(false);
        await RunReport.WriteFooterAsync(output, outcome, statistics).ConfigureAwait(false);
    }
}
