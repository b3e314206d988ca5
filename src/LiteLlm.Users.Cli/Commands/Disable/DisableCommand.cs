using System.CommandLine;
using LiteLlm.Users.Cli.Common;
using LiteLlm.Users.Engine.Runs;
using LiteLlm.Users.Engine.Safety;
using LiteLlm.Users.Engine.Verbs.Disable;

namespace LiteLlm.Users.Cli.Commands.Disable;

/// <summary>The behaviour of <c>litellm-users disable</c>: parse, run the engine's disable job, render.</summary>
public static class DisableCommand
{
    /// <summary>Builds the command with its action.</summary>
    public static Command Create(CliContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var definition = new DisableCommandDefinition(context.Environment);
        definition.Command.SetAction((result, _) => RunAsync(definition, result, context));
        return definition.Command;
    }

    private static async Task<int> RunAsync(DisableCommandDefinition definition, ParseResult result, CliContext context)
    {
        var env = context.Environment;
        var output = context.Output;
        var run = definition.Run;
        var csvFile = result.GetValue(run.CsvFile)!;
        var log = new StderrLog(context.Error, result.GetValue(definition.Connection.Debug));
        var planFile = result.GetValue(definition.Plans.Plan) is { } p ? env.ResolvePath(p) : null;
        PathClash.Check([
            .. run.Files(result, env, readsCsv: planFile is null),
            .. definition.Safety.Files(result, env, result.GetValue(run.DryRun)),
            .. definition.Connection.Files(result, env),
            .. definition.Guards.Files(result, env),
            .. definition.Plans.Files(result, env),
        ]);
        var options = new DisableJob
        {
            CsvFile = env.ResolvePath(csvFile),
            ResultFile = env.ResolvePath(result.GetValue(run.ResultFile)!),
            ErrorFile = env.ResolvePath(result.GetValue(run.ErrorFile!)!),
            DryRun = result.GetValue(run.DryRun),
            AllMatches = result.GetValue(definition.AllMatches),
            Fresh = result.GetValue(run.Fresh),
            Concurrency = result.GetValue(definition.Connection.Concurrency),
            Strategy = result.GetValue(run.Strategy),
            PlanFile = planFile,
            PlanOut = result.GetValue(run.PlanOut!) is { } po ? env.ResolvePath(po) : null,
            MaxPlanAge = Durations.Parse(result.GetValue(definition.Plans.MaxPlanAge)!, "--max-plan-age"),
            RequireApproval = result.GetValue(definition.Plans.RequireApproval),
            Limit = definition.Guards.Limit(result),
            Protection = definition.Guards.Protection(result, env),
            Confirm = definition.Guards.Confirmation(result, context),
        };
        if (planFile is null)
        {
            var input = options.ReadInput();
            await output.WriteLineAsync(Printable.Text($"Found {Printable.Count(input.Rows, "email")} ({input.Distinct} unique) in '{csvFile}'")).ConfigureAwait(false);
        }

        await using var session = await CommandSession.StartAsync(context, result, definition.Connection, definition.Safety, "disable", log).ConfigureAwait(false);
        options = options with { Safety = session.Observers };
        if (planFile is not null)
        {
            var plan = options.LoadPlan(session.Client.Endpoint);
            await output.WriteLineAsync(Printable.Text($"Applying plan '{result.GetValue(definition.Plans.Plan)}' {plan}")).ConfigureAwait(false);
        }

        var outcome = await session.RunAsync("disabled", progress => options.RunAsync(session.Client, log, progress, context.Stop, context.Abort)).ConfigureAwait(false);
        await OffboardReport.WriteAsync(output, outcome, options.DryRun, "disable", DisableJob.Statuses, session.Client.Statistics).ConfigureAwait(false);
        if (!options.DryRun)
        {
            await session.ReportSafetyAsync(output, backupsExpected: false).ConfigureAwait(false);
        }

        return await RunReport.WriteEndAsync(context, new RunEnd
        {
            Outcome = outcome,
            DryRun = options.DryRun,
            ResultFile = options.ResultFile,
            ErrorFile = options.ErrorFile,
            FailuresTitle = "Failed disables:",
            PlanOut = result.GetValue(run.PlanOut!),
            PlanNext = options.RequireApproval
                ? Printable.Text($"It needs an approval: someone else runs 'litellm-users approve {CommandSession.ShellWord(result.GetValue(run.PlanOut!) ?? string.Empty)}', then apply it with: litellm-users disable --plan {CommandSession.ShellWord(result.GetValue(run.PlanOut!) ?? string.Empty)}")
                : Printable.Text($"Review it, then apply it with: litellm-users disable --plan {CommandSession.ShellWord(result.GetValue(run.PlanOut!) ?? string.Empty)}"),
            Connection = session.Connection,
            SummaryJson = result.GetValue(run.SummaryJson) is { } summaryPath ? env.ResolvePath(summaryPath) : null,
            Details = OffboardReport.Details("disable", outcome, options.DryRun, options.Concurrency, DisableJob.Statuses),
        }).ConfigureAwait(false);
    }
}
