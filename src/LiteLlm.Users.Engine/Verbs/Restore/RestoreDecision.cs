using LiteLlm.Admin.Users;
using LiteLlm.Users.Engine.Runs;

namespace LiteLlm.Users.Engine.Verbs.Restore;

/// <summary>The decision for one user of the backup.</summary>
/// <param name="Line">Line of the backup file (negative for an --only email that is not in it).</param>
/// <param name="Action">What will happen.</param>
/// <param name="Entry">The backup's record (null for an --only email that is not in it).</param>
/// <param name="Email">The user's email.</param>
/// <param name="Reason">Why it is refused.</param>
internal sealed record RestoreDecision(int Line, RestoreAction Action, BackupEntry? Entry, string? Email, string? Reason) : IDecision
{
    /// <summary>For a user an interrupted run created: the user as it is now.</summary>
    public LiteLlmUser? Current { get; init; }

    /// <inheritdoc />
    public DecisionKind Kind => Action switch
    {
        RestoreAction.Restore or RestoreAction.CreatedBefore => DecisionKind.Work,
        RestoreAction.AlreadyDone => DecisionKind.Done,
        _ => DecisionKind.Settled,
    };

    /// <inheritdoc />
    public int Removals => 0;
}
