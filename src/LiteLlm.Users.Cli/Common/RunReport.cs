using System.Text.Json.Nodes;
using LiteLlm.Users.Engine.Runs;

namespace LiteLlm.Users.Cli.Common;

/// <summary>The end of a run that changes users, as every such command prints it.</summary>
public static class RunReport
{
    /// <summary>The last lines of a run's summary: the resumed rows and the requests line.</summary>
    public static async Task WriteFooterAsync(TextWriter output, RunResult outcome, Admin.LiteLlmClientStatistics statistics)
    {
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(outcome);
        if (outcome.ResumedRows > 0)
        {
            await output.WriteLineAsync($"  Resumed: {Printable.Count(outcome.ResumedRows, "row")} {(outcome.ResumedRows == 1 ? "was" : "were")} done by the interrupted run").ConfigureAwait(false);
        }

        await output.WriteLineAsync(RunSummary.RequestsLine(statistics, outcome.FinishedHere, outcome.Elapsed)).ConfigureAwait(false);
    }

    /// <summary>
    /// For a dry run that could not run (the proxy could not be asked): says so instead of a per-row
    /// preview and a summary of zeros. Returns true when it did (the command then shows nothing more).
    /// </summary>
    public static async Task<bool> WriteDryRunFailedAsync(TextWriter output, RunResult outcome)
    {
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(outcome);
        if (outcome.FatalReason is null)
        {
            return false;
        }

        await output.WriteLineAsync().ConfigureAwait(false);
        await output.WriteLineAsync("DRY RUN - the proxy could not be asked, so there is nothing to preview: see the error below. Nothing was changed.").ConfigureAwait(false);
        return true;
    }

    /// <summary>
    /// Prints where the plan and the files are and the first failures from the error file, or from
    /// the result file's failed rows (stdout); then the refusal, fatal or cancel line and the
    /// rehearsal line (stderr); and writes --summary-json. Returns the exit code.
    /// </summary>
    public static async Task<int> WriteEndAsync(CliContext context, RunEnd end)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(end);
        var output = context.Output;
        var outcome = end.Outcome;
        var exitCode = RunSummary.ExitCode(outcome.Status);
        if (outcome.PlanWritten is not null)
        {
            await output.WriteLineAsync(Printable.Text($"Plan written to '{end.PlanOut}'. ") + end.PlanNext).ConfigureAwait(false);
        }

        if (!end.DryRun)
        {
            if (end.ErrorFile is null)
            {
                await output.WriteLineAsync(Printable.Text($"Result written to '{end.ResultFile}'")).ConfigureAwait(false);
            }
            else
            {
                await output.WriteLineAsync(Printable.Text($"Success list written to '{end.ResultFile}'")).ConfigureAwait(false);
                await output.WriteLineAsync(Printable.Text($"Error list written to '{end.ErrorFile}'")).ConfigureAwait(false);
            }

            // A refused run's rows all carry the one reason printed below.
            if (outcome.Failed > 0 && outcome.RefusedReason is null)
            {
                await WriteFailuresAsync(output, end).ConfigureAwait(false);
            }
        }

        if (outcome.RefusedReason is not null)
        {
            await context.Error.WriteLineAsync(Printable.Text($"ERROR: {outcome.RefusedReason}")).ConfigureAwait(false);
        }
        else if (outcome.FatalReason is not null)
        {
            await context.Error.WriteLineAsync(FatalLine(outcome)).ConfigureAwait(false);
        }
        else if (outcome.Status == RunStatus.Cancelled)
        {
            await context.Error.WriteLineAsync($"Cancelled: rows not yet done are in the {(end.ErrorFile is null ? "result" : "error")} file; run the same command again to resume.").ConfigureAwait(false);
        }

        if (end.Connection.Sandbox is { } sandbox)
        {
            await context.Error.WriteLineAsync($"Rehearsal: the sandbox had {Printable.Count(outcome.ServerUsers ?? 0, "user")} and has {Printable.Count(sandbox.Store.UserCount, "user")} now.").ConfigureAwait(false);
        }

        if (end.SummaryJson is { } summaryPath)
        {
            RunSummary.WriteJson(summaryPath, end.Details ?? [], end.Connection.Client.Statistics, outcome.Rows, outcome.Elapsed, exitCode, outcome.FinishedHere);
        }

        return exitCode;
    }

    /// <summary>The line a run that could not go on ends with: why (the server's words) and what to do, each one sentence.</summary>
    public static string FatalLine(RunResult outcome)
    {
        ArgumentNullException.ThrowIfNull(outcome);
        return Printable.Text($"ERROR: {Printable.Sentence(outcome.FatalReason ?? "the run could not go on")} Fix: {Printable.Sentence(outcome.FatalFix ?? "see the lines above")}");
    }

    private static async Task WriteFailuresAsync(TextWriter output, RunEnd end)
    {
        await output.WriteLineAsync().ConfigureAwait(false);
        await output.WriteLineAsync(end.FailuresTitle).ConfigureAwait(false);
        foreach (var failure in end.Outcome.Failures)
        {
            await output.WriteLineAsync(Printable.Text($"  {failure.Subject}: {failure.Reason}")).ConfigureAwait(false);
        }

        var more = end.Outcome.Failed - end.Outcome.Failures.Count;
        if (more > 0)
        {
            await output.WriteLineAsync(Printable.Text($"  ... and {more} more in '{end.ErrorFile ?? end.ResultFile}'")).ConfigureAwait(false);
        }
    }
}

/// <summary>What <see cref="RunReport.WriteEndAsync"/> reports.</summary>
public sealed record RunEnd
{
    /// <summary>What the job reported.</summary>
    public required RunResult Outcome { get; init; }

    /// <summary>A dry run writes no file.</summary>
    public bool DryRun { get; init; }

    /// <summary>The result file.</summary>
    public required string ResultFile { get; init; }

    /// <summary>The error file; null when failed rows stay in the result file (their status says so).</summary>
    public required string? ErrorFile { get; init; }

    /// <summary>Heading of the failure list ("Failed deletions:").</summary>
    public required string FailuresTitle { get; init; }

    /// <summary>--plan-out as given (shown when the dry run wrote a plan).</summary>
    public string? PlanOut { get; init; }

    /// <summary>What to do with a plan once reviewed.</summary>
    public string? PlanNext { get; init; }

    /// <summary>The connection (statistics, and the rehearsal line).</summary>
    public required ProxyConnection Connection { get; init; }

    /// <summary>--summary-json, resolved; null = none.</summary>
    public string? SummaryJson { get; init; }

    /// <summary>The command's own fields of the JSON summary (<see cref="RunSummary.Details"/>).</summary>
    public JsonObject? Details { get; init; }
}
