using LiteLlm.Users.Engine.Matching;

namespace LiteLlm.Users.Engine.Runs;

/// <summary>What a run that changes users reports at its end (whatever the command).</summary>
public class RunResult
{
    /// <summary>How many failed rows <see cref="Failures"/> keeps (the rest are only counted).</summary>
    public const int FailuresKept = 20;

    /// <summary>How it ended.</summary>
    public RunStatus Status { get; init; }

    /// <summary>Input rows of the run.</summary>
    public int Rows { get; init; }

    /// <summary>Rows that succeeded (for a dry run: would).</summary>
    public int Succeeded { get; init; }

    /// <summary>Rows that failed (for a dry run: would).</summary>
    public int Failed { get; init; }

    /// <summary>Output rows by their tally word (the command's status words).</summary>
    public IReadOnlyDictionary<string, int> Tallies { get; init; } = new Dictionary<string, int>();

    /// <summary>The first <see cref="FailuresKept"/> failed rows, in input order.</summary>
    public IReadOnlyList<RowFailure> Failures { get; init; } = [];

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

    /// <summary>Rows the run left without an outcome of their own: they carry the run's reason (cancelled, could not go on, refused).</summary>
    public int Unfinished { get; init; }

    /// <summary>Rows this run finished itself: neither done by an interrupted run it resumed nor left unfinished (what a rate counts).</summary>
    public int FinishedHere => Math.Max(0, Rows - ResumedRows - Unfinished);

    /// <summary>Users on the server at the start.</summary>
    public int? ServerUsers { get; init; }

    /// <summary>How emails were resolved, when they were.</summary>
    public ResolutionStrategy? Strategy { get; init; }

    /// <summary>The route that made the changes, for the summary (e.g. <c>/user/delete</c>), when one was chosen.</summary>
    public string? Route { get; init; }

    /// <summary>Wall time.</summary>
    public TimeSpan Elapsed { get; init; }

    /// <summary>The command's own counters (e.g. <c>keys_written</c>).</summary>
    public IReadOnlyDictionary<string, int> Counters { get; init; } = new Dictionary<string, int>();

    /// <summary>Output rows with this tally word.</summary>
    public int Count(string tally) => Tallies.TryGetValue(tally, out var n) ? n : 0;
}

/// <summary>A run's result with the decision the planner made for each row (what a dry run shows).</summary>
/// <typeparam name="TDecision">The command's decision type.</typeparam>
public sealed class RunResult<TDecision> : RunResult
{
    /// <summary>
    /// The decision per row, in output order: every row for a dry run (what it shows) or a run that
    /// stopped before any change; for a real run only the rows that had work (the others' outcomes
    /// are in the output files and <see cref="RunResult.Tallies"/>).
    /// </summary>
    public IReadOnlyList<TDecision> Decisions { get; init; } = [];

    /// <summary>The same result with other per-row items (e.g. the rows a command shows in full).</summary>
    internal RunResult<TOther> With<TOther>(IReadOnlyList<TOther> rows) => new()
    {
        Decisions = rows,
        Status = Status,
        Rows = Rows,
        Succeeded = Succeeded,
        Failed = Failed,
        Tallies = Tallies,
        Failures = Failures,
        RefusedReason = RefusedReason,
        PlanWritten = PlanWritten,
        FatalReason = FatalReason,
        FatalFix = FatalFix,
        ResumedRows = ResumedRows,
        Unfinished = Unfinished,
        ServerUsers = ServerUsers,
        Strategy = Strategy,
        Route = Route,
        Elapsed = Elapsed,
        Counters = Counters,
    };
}
