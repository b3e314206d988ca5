using System.CommandLine;
using LiteLlm.Users.Cli.Common;
using LiteLlm.Users.Engine.Safety;
using LiteLlm.Users.Engine.Verbs.Enable;

namespace LiteLlm.Users.Cli.Commands.Enable;

/// <summary>The behaviour of <c>litellm-users enable</c>: parse, run the engine's enable job, render.</summary>
public static class EnableCommand
{
    /// <summary>Builds the command with its action.</summary>
    public static Command Create(CliContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var definition = new EnableCommandDefinition(context.Environment);
        definition.Command.SetAction((result, _) => RunAsync(definition, result, context));
        return definition.Command;
    }

    private static async Task<int> RunAsync(EnableCommandDefinition definition, ParseResult result, CliContext context)
    {
        var env = context.Environment;
        var output = context.Output;
        var run = definition.Run;
        var csvFile = result.GetValue(run.CsvFile)!;
        var log = new StderrLog(context.Error, result.GetValue(definition.Connection.Debug));
        PathClash.Check([
            .. run.Files(result, env),
            .. definition.Safety.Files(result, env, result.GetValue(run.DryRun)),
            .. definition.Connection.Files(result, env),
        ]);
        var options = new EnableJob
        {
            CsvFile = env.ResolvePath(csvFile),
            ResultFile = env.ResolvePath(result.GetValue(run.ResultFile)!),
            ErrorFile = env.ResolvePath(result.GetValue(run.ErrorFile!)!),
            DryRun = result.GetValue(run.DryRun),
            AllMatches = result.GetValue(definition.AllMatches),
            Fresh = result.GetValue(run.Fresh),
            Concurrency = result.GetValue(definition.Connection.Concurrency),
            Strategy = result.GetValue(run.Strategy),
            Protection = ProtectionRules.Create(result.GetValue(definition.IncludeAdmins), null),
        };
        var input = options.ReadInput();
        await output.WriteLineAsync(Printable.Text($"Found {Printable.Count(input.Rows, "email")} ({input.Distinct} unique) in '{csvFile}'")).ConfigureAwait(false);

        await using var session = await CommandSession.StartAsync(context, result, definition.Connection, definition.Safety, "enable", log).ConfigureAwait(false);
        options = options with { Safety = session.Observers };
        var outcome = await session.RunAsync("enabled", progress => options.RunAsync(session.Client, log, progress, context.Stop, context.Abort)).ConfigureAwait(false);
        await OffboardReport.WriteAsync(output, outcome, options.DryRun, "enable", EnableJob.Statuses, session.Client.Statistics).ConfigureAwait(false);
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
            FailuresTitle = "Failed enables:",
            Connection = session.Connection,
            SummaryJson = result.GetValue(run.SummaryJson) is { } summaryPath ? env.ResolvePath(summaryPath) : null,
            Details = OffboardReport.Details("enable", outcome, options.DryRun, options.Concurrency, EnableJob.Statuses),
        }).ConfigureAwait(false);
    }
}
