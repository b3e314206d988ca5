using LiteLlm.Users.Engine.Runs;

namespace LiteLlm.Users.Engine.Verbs.Enable;

/// <summary>The decision for one input row of an enable run.</summary>
/// <param name="Line">Input line.</param>
/// <param name="Email">The email as written in the CSV (trimmed).</param>
/// <param name="Action">What will happen.</param>
/// <param name="Ids">The matched users' ids.</param>
/// <param name="Reason">Why nothing happens, for the actions other than enable.</param>
internal sealed record EnableDecision(int Line, string Email, EnableAction Action, IReadOnlyList<string> Ids, string? Reason) : IDecision
{
    /// <summary>The roles the row's users get back, for a dry run.</summary>
    public IReadOnlyList<string> Roles { get; init; } = [];

    /// <summary>Keys the row's users get unblocked, per their records (for a dry run).</summary>
    public int Keys { get; init; }

    /// <inheritdoc />
    DecisionKind IDecision.Kind => Action switch
    {
        EnableAction.AlreadyDone => DecisionKind.Done,
        EnableAction.Enable => DecisionKind.Work,
        _ => DecisionKind.Settled,
    };

    /// <inheritdoc />
    int IDecision.Removals => 0;
}
