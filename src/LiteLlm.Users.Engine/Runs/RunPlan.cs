using LiteLlm.Users.Engine.Matching;

namespace LiteLlm.Users.Engine.Runs;

/// <summary>
/// A planner's answer: one decision per output row, in output order. The list may make each decision
/// when it is read (<see cref="ComputedList{T}"/>): it is read a few times, each in one pass.
/// </summary>
/// <typeparam name="TDecision">The command's decision type.</typeparam>
/// <param name="Decisions">The decisions.</param>
internal sealed record RunPlan<TDecision>(IReadOnlyList<TDecision> Decisions)
    where TDecision : IDecision
{
    /// <summary>Rows of the plan (also once <see cref="WorkOnly"/> let the settled decisions go).</summary>
    public int Rows { get; init; } = Decisions.Count;

    /// <summary>
    /// The plan with only its work decisions, for a real run whose settled rows are written: a
    /// million-row CSV of unknown emails does not keep a million decisions for the whole run.
    /// </summary>
    /// <param name="settled">Given each settled decision, in order (its row is written now).</param>
    public RunPlan<TDecision> WorkOnly(Action<TDecision> settled)
    {
        ArgumentNullException.ThrowIfNull(settled);
        var kept = new List<TDecision>();
        foreach (var decision in Decisions)
        {
            if (decision.Kind == DecisionKind.Settled)
            {
                settled(decision);
            }
            else
            {
                kept.Add(decision);
            }
        }

        return this with { Decisions = kept };
    }

    /// <summary>How emails were resolved, when they were.</summary>
    public ResolutionStrategy? Strategy { get; init; }

    /// <summary>Why the run cannot go on although nothing failed (e.g. the user list never held still); null = it can.</summary>
    public string? Refused { get; init; }

    /// <summary>Users on the proxy as the plan saw them (a full read), when it read them all; null = the preflight's count.</summary>
    public int? ServerUsers { get; init; }

    /// <summary>Keys that go with the users the plan removes, when the command counts them (the confirmation repeats it); null otherwise.</summary>
    public int? RemovalKeys { get; init; }

    private readonly (int Users, int Rows) _removals = CountRemovals(Decisions);

    /// <summary>Users the plan removes from use (the guards' count; counted once, when the plan is made).</summary>
    public int Removals => _removals.Users;

    /// <summary>Rows whose users the plan removes.</summary>
    public int RemovalRows => _removals.Rows;

    private static (int Users, int Rows) CountRemovals(IReadOnlyList<TDecision> decisions)
    {
        var (users, rows) = (0, 0);
        foreach (var decision in decisions)
        {
            if (decision.Kind == DecisionKind.Work && decision.Removals > 0)
            {
                users += decision.Removals;
                rows++;
            }
        }

        return (users, rows);
    }
}
