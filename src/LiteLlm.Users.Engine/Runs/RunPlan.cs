using LiteLlm.Users.Engine.Matching;

namespace LiteLlm.Users.Engine.Runs;

/// <summary>A planner's answer: one decision per output row, in output order.</summary>
/// <typeparam name="TDecision">The command's decision type.</typeparam>
/// <param name="Decisions">The decisions.</param>
internal sealed record RunPlan<TDecision>(IReadOnlyList<TDecision> Decisions)
    where TDecision : IDecision
{
    /// <summary>How emails were resolved, when they were.</summary>
    public ResolutionStrategy? Strategy { get; init; }

    /// <summary>Why the run cannot go on although nothing failed (e.g. the user list never held still); null = it can.</summary>
    public string? Refused { get; init; }

    /// <summary>Users on the proxy as the plan saw them (a full read), when it read them all; null = the preflight's count.</summary>
    public int? ServerUsers { get; init; }

    /// <summary>Keys that go with the users the plan removes, when the command counts them (the confirmation repeats it); null otherwise.</summary>
    public int? RemovalKeys { get; init; }

    /// <summary>Users the plan removes from use (the guards' count).</summary>
    public int Removals => Decisions.Where(d => d.Kind == DecisionKind.Work).Sum(d => d.Removals);

    /// <summary>Rows whose users the plan removes.</summary>
    public int RemovalRows => Decisions.Count(d => d.Kind == DecisionKind.Work && d.Removals > 0);
}
