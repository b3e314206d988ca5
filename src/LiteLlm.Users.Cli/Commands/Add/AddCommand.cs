using System.CommandLine;
using System.Globalization;
using System.Text.Json.Nodes;
using LiteLlm.Users.Cli.Common;
using LiteLlm.Users.Engine.Input;
using LiteLlm.Users.Engine.Verbs.Add;
using LiteLlm.Users.Engine.Runs;

namespace LiteLlm.Users.Cli.Commands.Add;

/// <summary>The behaviour of <c>litellm-users add</c>: parse, run the engine's add job, render.</summary>
public static class AddCommand
{
    /// <summary>Builds the command with its action.</summary>
    public static Command Create(CliContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var definition = new AddCommandDefinition(context.Environment);
        definition.Command.SetAction((result, _) => RunAsync(definition, result, context));
        return definition.Command;
    }

    private static async Task<int> RunAsync(AddCommandDefinition definition, ParseResult result, CliContext context)
    {
        var env = context.Environment;
        var output = context.Output;
        var run = definition.Run;
        var csvFile = result.GetValue(run.CsvFile)!;
        var log = new StderrLog(context.Error, result.GetValue(definition.Connection.Debug));

        // Input first: two options naming one file, a bad CSV or a missing key stops here, before any connection.
        var dryRun = result.GetValue(run.DryRun);
        var createKeys = result.GetValue(definition.CreateKeys);
        PathClash.Check([
            .. run.Files(result, env),
            .. definition.Safety.Files(result, env, dryRun),
            .. definition.Connection.Files(result, env),
            createKeys && !dryRun ? FileUse.Writes("--keys-file", env.ResolvePath(result.GetValue(definition.KeysFile)!)) : null,
        ]);
        var options = new AddJob
        {
            CsvFile = env.ResolvePath(csvFile),
            ResultFile = env.ResolvePath(result.GetValue(run.ResultFile)!),
            ErrorFile = env.ResolvePath(result.GetValue(run.ErrorFile!)!),
            KeysFile = env.ResolvePath(result.GetValue(definition.KeysFile)!),
            DefaultRole = result.GetValue(definition.UserRole)!,
            DryRun = dryRun,
            UpdateExisting = result.GetValue(definition.UpdateExisting),
            CreateKeys = createKeys,
            Invite = result.GetValue(definition.Invite),
            Fresh = result.GetValue(run.Fresh),
            Concurrency = result.GetValue(definition.Connection.Concurrency),
            BatchSize = result.GetValue(definition.BatchSize),
            Strategy = result.GetValue(run.Strategy),
            Endpoint = result.GetValue(definition.Endpoint),
        };
        var input = options.ReadInput();
        await output.WriteLineAsync(Printable.Text($"Found {Printable.Count(input.Rows, "user")} ({Printable.Count(input.Distinct, "unique email")}) in '{csvFile}'")).ConfigureAwait(false);
        if (!options.CreateKeys && input.KeyNames)
        {
            log.Warn("the key_name column is ignored: no key is created without --create-keys.");
        }

        await using var session = await CommandSession.StartAsync(context, result, definition.Connection, definition.Safety, "add", log).ConfigureAwait(false);
        options = options with { Safety = session.Observers };
        var outcome = await session.RunAsync("added", progress => options.RunAsync(session.Client, log, progress, context.Stop, context.Abort)).ConfigureAwait(false);
        if (options.DryRun)
        {
            await RenderDryRunAsync(output, outcome).ConfigureAwait(false);
        }
        else
        {
            await RenderRunAsync(output, outcome, options, session.Client.Statistics).ConfigureAwait(false);
            await session.ReportSafetyAsync(output, backupsExpected: false).ConfigureAwait(false);
        }

        return await RunReport.WriteEndAsync(context, new RunEnd
        {
            Outcome = outcome,
            DryRun = options.DryRun,
            ResultFile = options.ResultFile,
            ErrorFile = options.ErrorFile,
            FailuresTitle = "Failed rows:",
            Connection = session.Connection,
            SummaryJson = result.GetValue(run.SummaryJson) is { } summaryPath ? env.ResolvePath(summaryPath) : null,
            Details = Details(outcome, options),
        }).ConfigureAwait(false);
    }

    private static JsonObject Details(RunResult<AddDecision> outcome, AddJob options)
    {
        var details = RunSummary.Details("add", options.DryRun, outcome, outcome.Strategy, outcome.Route, options.Concurrency);
        details["created"] = outcome.Count(AddJob.Created);
        details["exists"] = outcome.Count(AddJob.Exists);
        details["updated"] = outcome.Count(AddJob.Updated);
        details["failed"] = outcome.Failed;
        details["keys_written"] = KeysWritten(outcome);
        return details;
    }

    private static async Task RenderDryRunAsync(TextWriter output, RunResult<AddDecision> outcome)
    {
        if (await RunReport.WriteDryRunFailedAsync(output, outcome).ConfigureAwait(false))
        {
            return;
        }

        await output.WriteLineAsync().ConfigureAwait(false);
        await output.WriteLineAsync("DRY RUN - nothing is changed and no file is written. Per row:").ConfigureAwait(false);
        foreach (var row in outcome.Decisions)
        {
            var teams = row.Teams.Count == 0 ? string.Empty : ", teams " + string.Join(";", row.Teams.Select(t => t.TeamAlias ?? t.TeamId));
            var ids = string.Join(", ", row.Existing.Select(u => u.UserId));
            var what = row.Action switch
            {
                AddAction.Create => Printable.Text($"would create (role {row.Role}{teams})"),
                AddAction.Exists => Printable.Text($"exists as user_id {ids}: left as it is (Exists)"),
                AddAction.Update => Printable.Text($"would update user_id {ids}: {row.Changes}"),
                AddAction.CreatedBefore => Printable.Text($"created by the interrupted run as user_id {ids}"),
                AddAction.AlreadyDone => "already done by the interrupted run (see the journal)",
                _ => Printable.Text($"would not add: {row.Reason}"),
            };
            await output.WriteLineAsync(Printable.Text($"  line {row.Line}: {row.Email} -> ") + what).ConfigureAwait(false);
        }

        int Count(AddAction action) => outcome.Decisions.Count(p => p.Action == action);
        await output.WriteLineAsync().ConfigureAwait(false);
        await output.WriteLineAsync(string.Create(
            CultureInfo.InvariantCulture,
            $"Summary (dry run): {Printable.Count(Count(AddAction.Create), "user")} would be created, {Count(AddAction.Exists)} exist, {Count(AddAction.Update)} would be updated; {Printable.Count(outcome.Failed, "row")} would go to the error file.")).ConfigureAwait(false);
    }

    private static async Task RenderRunAsync(TextWriter output, RunResult<AddDecision> outcome, AddJob options, Admin.LiteLlmClientStatistics statistics)
    {
        await output.WriteLineAsync().ConfigureAwait(false);
        await output.WriteLineAsync("Summary:").ConfigureAwait(false);
        await output.WriteLineAsync($"  Created: {Printable.Count(outcome.Count(AddJob.Created), "user")}").ConfigureAwait(false);
        await output.WriteLineAsync($"  Already existed: {Printable.Count(outcome.Count(AddJob.Exists), "user")}").ConfigureAwait(false);
        await output.WriteLineAsync($"  Updated: {Printable.Count(outcome.Count(AddJob.Updated), "user")}").ConfigureAwait(false);
        await output.WriteLineAsync($"  Failed: {Printable.Count(outcome.Failed, "user")}").ConfigureAwait(false);
        if (options.CreateKeys)
        {
            await output.WriteLineAsync(Printable.Text($"  Keys: {KeysWritten(outcome)} written to '{options.KeysFile}' (owner-only; keep it safe, the keys are not shown again)")).ConfigureAwait(false);
        }

        await RunReport.WriteFooterAsync(output, outcome, statistics).ConfigureAwait(false);
    }

    private static int KeysWritten(RunResult outcome) => outcome.Counters.TryGetValue("keys_written", out var n) ? n : 0;
}
