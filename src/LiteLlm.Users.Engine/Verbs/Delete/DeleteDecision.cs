using System.Text.Json.Serialization;
using LiteLlm.Admin.Users;
using LiteLlm.Users.Engine.Runs;

namespace LiteLlm.Users.Engine.Verbs.Delete;

/// <summary>What a delete run decided for a row (the plan file's <c>action</c>).</summary>
public enum DeleteAction
{
    /// <summary>The row's user(s) will be deleted.</summary>
    Delete,

    /// <summary>No user has this email.</summary>
    NotFound,

    /// <summary>Several users have this email and --all-matches is off.</summary>
    Ambiguous,

    /// <summary>The email already appeared on an earlier line.</summary>
    Duplicate,

    /// <summary>A matched user is protected (admin, the key's owner, or listed in --protect).</summary>
    Protected,

    /// <summary>The value cannot be sent (too long, control characters), or a plan row does not hold together.</summary>
    Invalid,

    /// <summary>An interrupted run already finished this row.</summary>
    AlreadyDone,
}

/// <summary>A user a row refers to, as the plan file records it.</summary>
/// <param name="UserId">The user's id.</param>
/// <param name="Email">The user's email.</param>
/// <param name="Role">The user's role.</param>
public sealed record PlannedUser(string UserId, string? Email, string? Role)
{
    /// <summary>Builds the entry of a user as just read.</summary>
    public static PlannedUser Of(LiteLlmUser user)
    {
        ArgumentNullException.ThrowIfNull(user);
        return new PlannedUser(user.UserId, user.UserEmail, user.UserRole);
    }
}

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
        DeleteAction.Delete when Targets.Count > 0 => DecisionKind.Work,
        _ => DecisionKind.Settled,
    };

    /// <inheritdoc />
    int IDecision.Removals => Action == DeleteAction.Delete ? Targets.Count : 0;

    /// <summary>Every user id of the row, in order (the row's <c>user_id</c> cell).</summary>
    [JsonIgnore]
    public IReadOnlyList<string> Ids => [.. Users.Select(u => u.UserId)];
}
