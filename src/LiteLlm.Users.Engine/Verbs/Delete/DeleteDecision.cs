using System.Text.Json.Serialization;
using LiteLlm.Admin.Users;
using LiteLlm.Users.Engine.Runs;

namespace LiteLlm.Users.Engine.Verbs.Delete;

/// <summary>The decision for one input row of a delete run (a row of the plan file).</summary>
/// <param name="Line">Input line.</param>
/// <param name="Email">The email as written in the CSV (trimmed).</param>
/// <param name="Action">What will happen.</param>
/// <param name="Users">The matched users.</param>
/// <param name="Reason">Why nothing happens, for the actions other than delete.</param>
public sealed record DeleteDecision(int Line, string Email, DeleteAction Action, IReadOnlyList<PlannedUser> Users, string? Reason) : IDecision
{
    /// <summary>The users to delete, as just read (their teams decide the batches).</summary>
    [JsonIgnore]
    internal IReadOnlyList<LiteLlmUser> Targets { get; init; } = [];

    /// <summary>Users of the row an interrupted run already deleted (found gone after its intent).</summary>
    [JsonIgnore]
    internal IReadOnlyList<string> DeletedBefore { get; init; } = [];

    /// <inheritdoc />
    DecisionKind IDecision.Kind => Action switch
    {
        DeleteAction.AlreadyDone => DecisionKind.Done,
        // Users an interrupted run deleted are work too: their deletion is recorded now.
        DeleteAction.Delete when Targets.Count > 0 || DeletedBefore.Count > 0 => DecisionKind.Work,
        _ => DecisionKind.Settled,
    };

    /// <inheritdoc />
    int IDecision.Removals => Action == DeleteAction.Delete ? Targets.Count : 0;

    /// <summary>Every user id of the row, in order (the row's <c>user_id</c> cell).</summary>
    [JsonIgnore]
    public IReadOnlyList<string> Ids => [.. Users.Select(u => u.UserId)];
}
