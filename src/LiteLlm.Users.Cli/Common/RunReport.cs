using System.Globalization;
using LiteLlm.Users.Engine.Csv;
using LiteLlm.Users.Engine.Delete;

namespace LiteLlm.Users.Cli.Common;

/// <summary>The end of a run that changes users, as every such command prints it.</summary>
public static class RunReport
{
    private const int FailuresShown = 20;

    /// <summary>
    /// Prints where the files are and the first failures from the error file, or from the result
    /// file's failed rows (stdout); then the fatal or cancel line and the rehearsal line (stderr).
    /// </summary>
    public static async Task WriteEndAsync(CliContext context, RunEnd end)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(end);
        var output = context.Output;
        if (!end.DryRun)
        {
            if (end.ErrorFile is null)
            {
                await output.WriteLineAsync($"Result written to '{end.ResultFile}'").ConfigureAwait(false);
            }
            else
            {
                await output.WriteLineAsync($"Success list written to '{end.ResultFile}'").ConfigureAwait(false);
                await output.WriteLineAsync($"Error list written to '{end.ErrorFile}'").ConfigureAwait(false);
            }

            // A refused run's rows all carry the one reason printed below.
            if (end.Failed > 0 && end.RefusedReason is null)
            {
                await WriteFailuresAsync(output, end).ConfigureAwait(false);
            }
        }

        if (end.RefusedReason is not null)
        {
            await context.Error.WriteLineAsync("ERROR: " + end.RefusedReason).ConfigureAwait(false);
        }
        else if (end.FatalReason is not null)
        {
            await context.Error.WriteLineAsync($"ERROR: {end.FatalReason}. Fix: {end.FatalFix}").ConfigureAwait(false);
        }
        else if (end.Status == RunStatus.Cancelled)
        {
            await context.Error.WriteLineAsync($"Cancelled: rows not yet done are in the {(end.ErrorFile is null ? "result" : "error")} file; run the same command again to resume.").ConfigureAwait(false);
        }

        if (end.Connection.Sandbox is { } sandbox)
        {
            await context.Error.WriteLineAsync($"Rehearsal: the sandbox had {end.ServerUsers} users and has {sandbox.Store.UserCount} now.").ConfigureAwait(false);
        }
    }

    private static async Task WriteFailuresAsync(TextWriter output, RunEnd end)
    {
        await output.WriteLineAsync().ConfigureAwait(false);
        await output.WriteLineAsync(end.FailuresTitle).ConfigureAwait(false);
        var file = end.ErrorFile ?? end.ResultFile;
        var rows = CsvTable.Read(file, [new("email"), new("error_reason")], [new("status")])
            .Where(r => end.ErrorFile is not null || string.Equals(r.Get("status"), end.FailedStatus, StringComparison.Ordinal))
            .ToList();
        foreach (var row in rows.Take(FailuresShown))
        {
            await output.WriteLineAsync($"  {row.Get("email")}: {row.Get("error_reason")}").ConfigureAwait(false);
        }

        if (rows.Count > FailuresShown)
        {
            await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"  ... and {rows.Count - FailuresShown} more in '{file}'")).ConfigureAwait(false);
        }
    }
}

/// <summary>What <see cref="RunReport.WriteEndAsync"/> reports.</summary>
public sealed record RunEnd
{
    /// <summary>How the run ended.</summary>
    public required RunStatus Status { get; init; }

    /// <summary>A dry run writes no file.</summary>
    public bool DryRun { get; init; }

    /// <summary>The result file.</summary>
    public required string ResultFile { get; init; }

    /// <summary>The error file; null when failed rows are in the result file with status <see cref="FailedStatus"/>.</summary>
    public required string? ErrorFile { get; init; }

    /// <summary>With no error file: the status word of the result file's failed rows.</summary>
    public string? FailedStatus { get; init; }

    /// <summary>Rows that failed.</summary>
    public int Failed { get; init; }

    /// <summary>Heading of the failure list ("Failed deletions:").</summary>
    public required string FailuresTitle { get; init; }

    /// <summary>Why a guard refused the run (nothing was changed).</summary>
    public string? RefusedReason { get; init; }

    /// <summary>Why the run could not run.</summary>
    public string? FatalReason { get; init; }

    /// <summary>What to do about it.</summary>
    public string? FatalFix { get; init; }

    /// <summary>The connection (for the rehearsal line).</summary>
    public required ProxyConnection Connection { get; init; }

    /// <summary>Users on the server at the start.</summary>
    public int? ServerUsers { get; init; }
}
