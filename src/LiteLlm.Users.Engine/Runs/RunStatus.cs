namespace LiteLlm.Users.Engine.Runs;

/// <summary>How a run ended.</summary>
public enum RunStatus
{
    /// <summary>Every row succeeded (a dry run: every row would).</summary>
    Completed,

    /// <summary>Finished; some rows failed.</summary>
    CompletedWithErrors,

    /// <summary>Could not run: the key was rejected, permission is missing, or the proxy cannot be reached.</summary>
    CouldNotRun,

    /// <summary>Stopped by Ctrl+C; rerun to resume.</summary>
    Cancelled,

    /// <summary>A guard refused the run, or the operator said no: nothing was changed.</summary>
    Refused,
}

/// <summary>The one place a run's status is worked out.</summary>
internal static class RunStatuses
{
    /// <summary>How a run ended, from what went wrong, in order of precedence.</summary>
    /// <param name="fatal">The run could not go on (a rejected key, no server).</param>
    /// <param name="refused">A guard or the operator refused it before anything changed.</param>
    /// <param name="cancelled">Ctrl+C left rows undone.</param>
    /// <param name="failedRows">Rows that failed.</param>
    public static RunStatus Of(bool fatal, bool refused, bool cancelled, int failedRows) =>
        fatal ? RunStatus.CouldNotRun
        : refused ? RunStatus.Refused
        : cancelled ? RunStatus.Cancelled
        : failedRows > 0 ? RunStatus.CompletedWithErrors
        : RunStatus.Completed;
}
