using LiteLlm.Admin.Teams;
using LiteLlm.Admin.Users;
using LiteLlm.Users.Engine.Execution;
using LiteLlm.Users.Engine.Input;
using LiteLlm.Users.Engine.Runs;

namespace LiteLlm.Users.Engine.Verbs.Sync;

/// <summary>The decision for one row of a sync: a roster row, or a user the roster does not list.</summary>
public sealed record SyncDecision : IDecision
{
    /// <summary>The roster line; for a removal candidate, a number after the roster's last line (rows are reported in this order).</summary>
    public required int Line { get; init; }

    /// <summary>What the row is about.</summary>
    public required SyncAction Action { get; init; }

    /// <summary>The row's status if the run goes as planned (<see cref="SyncStatus.Planned"/> for work still to do).</summary>
    public required SyncStatus Status { get; init; }

    /// <summary>What the run does for the row.</summary>
    internal SyncWork Work { get; init; }

    /// <summary>The roster's email, or the user's for a removal.</summary>
    public required string Email { get; init; }

    /// <summary>The user as just read (null when none, or several, have the email).</summary>
    public LiteLlmUser? User { get; init; }

    /// <summary>The user's id after the run as planned (a new user's chosen id).</summary>
    public string? UserId { get; init; }

    /// <summary>The user's role after the run as planned.</summary>
    public string? Role { get; init; }

    /// <summary>The user's team ids after the run as planned.</summary>
    public IReadOnlyList<string> Teams { get; init; } = [];

    /// <summary>For an update: what changes, in words.</summary>
    public string? Changes { get; init; }

    /// <summary>Why the row is skipped, protected or failed.</summary>
    public string? Reason { get; init; }

    /// <summary>For an update: the change to apply.</summary>
    internal UserChange? Change { get; init; }

    /// <summary>For a create: the roster's teams, resolved.</summary>
    public IReadOnlyList<LiteLlmTeam> NewTeams { get; init; } = [];

    /// <summary>For a create: the roster row.</summary>
    internal UserInputRow? Input { get; init; }

    /// <inheritdoc />
    DecisionKind IDecision.Kind => Work switch
    {
        SyncWork.None => DecisionKind.Settled,
        SyncWork.AlreadyDone => DecisionKind.Done,
        _ => DecisionKind.Work,
    };

    /// <summary>Whether the row removes a user: deletes it, or disables it (one already disabled is only checked).</summary>
    int IDecision.Removals => Work == SyncWork.Remove && !(Action == SyncAction.Disabled && User is not null && DisableRecord.Of(User) is not null) ? 1 : 0;

    /// <summary>Whether the row is about a user the roster does not list.</summary>
    internal bool IsRemoval => Action is SyncAction.Deleted or SyncAction.Disabled;
}
