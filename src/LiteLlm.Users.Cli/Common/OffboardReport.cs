using System.Globalization;
using System.Text.Json.Nodes;
using LiteLlm.Users.Engine.Runs;

namespace LiteLlm.Users.Cli.Common;

/// <summary>What disable and enable print: a dry run's line per row, or the counts by status.</summary>
public static class OffboardReport
{
    /// <summary>Prints the dry run's rows, or the real run's summary.</summary>
    /// <param name="output">stdout.</param>
    /// <param name="outcome">The run's result (a dry run's line per row as its decisions).</param>
    /// <param name="dryRun">Whether it was a dry run.</param>
    /// <param name="verb">"disable" or "enable".</param>
    /// <param name="statuses">The statuses of rows that succeeded, in the order to print.</param>
    /// <param name="statistics">The client's request counts.</param>
    public static async Task WriteAsync(TextWriter output, RunResult<string> outcome, bool dryRun, string verb, IReadOnlyList<string> statuses, Admin.LiteLlmClientStatistics statistics)
    {
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(outcome);
        ArgumentNullException.ThrowIfNull(statuses);
        if (dryRun && await RunReport.WriteDryRunFailedAsync(output, outcome).ConfigureAwait(false))
        {
            return;
        }

        await output.WriteLineAsync().ConfigureAwait(false);
        if (dryRun)
        {
            await output.WriteLineAsync("DRY RUN - nothing is changed and no file is written. Per row:").ConfigureAwait(false);
            foreach (var line in outcome.Decisions)
            {
                // The engine's line per row carries emails and reasons: one line each, shown escaped.
                await output.WriteLineAsync("  " + Printable.Escape(line)).ConfigureAwait(false);
            }

            await output.WriteLineAsync().ConfigureAwait(false);
            if (outcome.RefusedReason is not null)
            {
                await output.WriteLineAsync(Printable.Text($"The real run would be refused: {outcome.RefusedReason}")).ConfigureAwait(false);
            }

            await output.WriteLineAsync(string.Create(
                CultureInfo.InvariantCulture,
                $"Summary (dry run): {string.Join(", ", statuses.Select(s => $"{Printable.Count(outcome.Count(s), "row")} {s}"))}; {Printable.Count(outcome.Failed, "row")} would go to the error file.")).ConfigureAwait(false);
            return;
        }

        await output.WriteLineAsync("Summary:").ConfigureAwait(false);
        foreach (var status in statuses)
        {
            await output.WriteLineAsync($"  {status}: {Printable.Count(outcome.Count(status), "row")}").ConfigureAwait(false);
        }

        await output.WriteLineAsync($"  Failed: {Printable.Count(outcome.Failed, "row")} (not {verb}d)").ConfigureAwait(false);
        await RunReport.WriteFooterAsync(output, outcome, statistics).ConfigureAwait(false);
    }

    /// <summary>The --summary-json details of a disable or enable.</summary>
    public static JsonObject Details(string command, RunResult outcome, bool dryRun, int concurrency, IReadOnlyList<string> statuses)
    {
        ArgumentNullException.ThrowIfNull(outcome);
        ArgumentNullException.ThrowIfNull(statuses);
        var details = RunSummary.Details(command, dryRun, outcome, outcome.Strategy, outcome.Route, concurrency);
        foreach (var status in statuses)
        {
            details[status.ToLowerInvariant().Replace(" (", "_", StringComparison.Ordinal).TrimEnd(')')] = outcome.Count(status);
        }

        details["failed"] = outcome.Failed;
        return details;
    }
}
