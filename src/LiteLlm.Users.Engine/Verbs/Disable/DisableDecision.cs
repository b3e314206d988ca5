using System.Text.Json.Serialization;
using LiteLlm.Users.Engine.Runs;

namespace LiteLlm.Users.Engine.Verbs.Disable;

/// <summary>The decision for one input row of a disable run (a row of the plan file).</summary>
/// <param name="Line">Input line.</param>
/// <param name="Email">The email as written in the CSV (trimmed).</param>
/// <param name="Action">What will happen.</param>
/// <param name="Users">The matched users.</param>
/// <param name="Reason">Why nothing happens, for the actions other than disable.</param>
internal sealed record DisableDecision(int Line, string Email, DisableAction Action, IReadOnlyList<DisableTarget> Users, string? Reason) : IDecision
{
    /// <inheritdoc />
    DecisionKind IDecision.Kind => Action switch
    {
        DisableAction.AlreadyDone => DecisionKind.Done,
        DisableAction.Disable => DecisionKind.Work,
        _ => DecisionKind.Settled,
    };

    /// <summary>Users the row takes out of use: those not disabled yet (what the limit and the question count).</summary>
    int IDecision.Removals => Action == DisableAction.Disable ? Users.Count(u => !u.Disabled) : 0;

    /// <summary>Every user id of the row, in order (the row's <c>user_id</c> cell).</summary>
    [JsonIgnore]
    public IReadOnlyList<string> Ids => [.. Users.Select(u => u.UserId)];
}
