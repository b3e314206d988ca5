using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using LiteLlm.Admin;
using LiteLlm.Users.Engine.Runs;

namespace LiteLlm.Users.Cli.Common;

/// <summary>The end-of-run numbers every command prints: rows, requests, retries, 429s, time, rate, memory.</summary>
public static class RunSummary
{
    /// <summary>Maps a run's status to the process exit code.</summary>
    public static int ExitCode(RunStatus status) => status switch
    {
        RunStatus.Completed => ExitCodes.Success,
        RunStatus.CompletedWithErrors => ExitCodes.SomeRowsFailed,
        RunStatus.CouldNotRun => ExitCodes.CouldNotRun,
        RunStatus.Cancelled => ExitCodes.Cancelled,
        RunStatus.Refused => ExitCodes.UsageOrInput,
        _ => ExitCodes.UsageOrInput,
    };

    /// <summary>The "Requests: ..." line; <paramref name="rows"/> are the rows this run finished (the rate counts only them).</summary>
    public static string RequestsLine(LiteLlmClientStatistics statistics, int rows, TimeSpan elapsed)
    {
        ArgumentNullException.ThrowIfNull(statistics);
        var rate = rows / Math.Max(elapsed.TotalSeconds, 0.001);
        return string.Create(
            CultureInfo.InvariantCulture,
            $"  Requests: {statistics.RequestsSent} sent, {statistics.Retries} retries, {statistics.TooManyRequests} x 429; {elapsed.TotalSeconds:0.00} s, {rate:0.#} rows/s");
    }

    /// <summary>The fields every command's JSON summary starts with; the command adds its own counts.</summary>
    public static JsonObject Details(string command, bool dryRun, RunResult outcome, Engine.Matching.ResolutionStrategy? strategy, string? endpoint, int concurrency) => new()
    {
        ["command"] = command,
        ["dry_run"] = dryRun,
        ["status"] = (outcome ?? throw new ArgumentNullException(nameof(outcome))).Status.ToString(),
        ["resumed_rows"] = outcome.ResumedRows,
        ["server_users"] = outcome.ServerUsers,
        ["strategy"] = strategy?.ToString().ToLowerInvariant(),
        ["endpoint"] = endpoint,
        ["concurrency"] = concurrency,
    };

    /// <summary>Writes the summary as JSON (for scripts and the benchmark).</summary>
    /// <param name="path">The file.</param>
    /// <param name="details">The command's fields.</param>
    /// <param name="statistics">The client's counters.</param>
    /// <param name="rows">Rows of the run.</param>
    /// <param name="elapsed">Wall time.</param>
    /// <param name="exitCode">The exit code.</param>
    /// <param name="finishedRows">Rows this run finished (the rate counts only them); null = <paramref name="rows"/>.</param>
    public static void WriteJson(string path, JsonObject details, LiteLlmClientStatistics statistics, int rows, TimeSpan elapsed, int exitCode, int? finishedRows = null)
    {
        ArgumentNullException.ThrowIfNull(details);
        ArgumentNullException.ThrowIfNull(statistics);
        var byRoute = new JsonObject();
        foreach (var (route, count) in statistics.RequestsByRoute.OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            byRoute[route] = count;
        }

        using var process = Process.GetCurrentProcess();
        details["exit_code"] = exitCode;
        details["rows"] = rows;
        details["elapsed_s"] = Math.Round(elapsed.TotalSeconds, 3);
        details["rows_per_s"] = Math.Round((finishedRows ?? rows) / Math.Max(elapsed.TotalSeconds, 0.001), 1);
        details["requests"] = statistics.RequestsSent;
        details["retries"] = statistics.Retries;
        details["too_many_requests"] = statistics.TooManyRequests;
        details["requests_by_route"] = byRoute;
        details["peak_working_set_bytes"] = process.PeakWorkingSet64;
        File.WriteAllText(path, details.ToJsonString(new JsonSerializerOptions { WriteIndented = true }) + "\n");
    }
}
