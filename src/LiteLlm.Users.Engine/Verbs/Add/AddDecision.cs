using LiteLlm.Admin.Teams;
using LiteLlm.Admin.Users;
using LiteLlm.Users.Engine.Execution;
using LiteLlm.Users.Engine.Input;
using LiteLlm.Users.Engine.Runs;

namespace LiteLlm.Users.Engine.Verbs.Add;

/// <summary>The decision for one input row of an add run.</summary>
/// <param name="Line">Input line.</param>
/// <param name="Email">The email as written (trimmed).</param>
/// <param name="Action">What will happen.</param>
/// <param name="Role">The role the row asks for (or the default), lower-case.</param>
/// <param name="Teams">The teams the row names, resolved.</param>
/// <param name="Existing">The users that already have this email (for a create done by an interrupted run, that user).</param>
/// <param name="Changes">For <see cref="AddAction.Update"/>: what changes, in words.</param>
/// <param name="Reason">Why nothing happens, for <see cref="AddAction.Invalid"/> and <see cref="AddAction.Duplicate"/>.</param>
public sealed record AddDecision(
    int Line,
    string Email,
    AddAction Action,
    string Role,
    IReadOnlyList<LiteLlmTeam> Teams,
    IReadOnlyList<LiteLlmUser> Existing,
    string? Changes,
    string? Reason) : IDecision
{
    /// <summary>For a create: the id chosen for the new user (journaled before the request).</summary>
    public string? NewId { get; init; }

    /// <summary>For an update: the change to apply.</summary>
    internal UserChange? Change { get; init; }

    /// <summary>The input row.</summary>
    internal UserInputRow? Input { get; init; }

    /// <inheritdoc />
    DecisionKind IDecision.Kind => Action switch
    {
        AddAction.AlreadyDone => DecisionKind.Done,
        AddAction.Create or AddAction.Update or AddAction.CreatedBefore => DecisionKind.Work,
        _ => DecisionKind.Settled,
    };

    /// <inheritdoc />
    int IDecision.Removals => 0;
}
