using LiteLlm.Users.Engine.Delete;

namespace LiteLlm.Users.Engine.Reporting;

/// <summary>What every job that changes users from a CSV (delete, add, sync) reports at its end.</summary>
public abstract class RunResult
{
    /// <summary>How it ended.</summary>
    public RunStatus Status { get; init; }

    /// <summary>Rows of the run.</summary>
    public int Rows { get; init; }

    /// <summary>Rows that failed.</summary>
    public int Failed { get; init; }

    /// <summary>Why a guard refused the run, or the operator said no (nothing was changed).</summary>
    public string? RefusedReason { get; init; }

    /// <summary>Where the dry run wrote its plan.</summary>
    public string? PlanWritten { get; init; }

    /// <summary>Why the run could not run or stopped early.</summary>
    public string? FatalReason { get; init; }

    /// <summary>What to do about it.</summary>
    public string? FatalFix { get; init; }

    /// <summary>Rows an interrupted run had finished.</summary>
    public int ResumedRows { get; init; }

    /// <summary>Users on the server at the start.</summary>
    public int? ServerUsers { get; init; }

    /// <summary>Wall time.</summary>
    public TimeSpan Elapsed { get; init; }
}
