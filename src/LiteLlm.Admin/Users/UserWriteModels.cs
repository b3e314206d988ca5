namespace LiteLlm.Admin.Users;

/// <summary>How <see cref="UsersClient.DeleteManyAsync"/> deletes.</summary>
public sealed class UserDeleteOptions
{
    /// <summary>The route; <see cref="UserWriteRoute.Auto"/> (default) probes once per client.</summary>
    public UserWriteRoute Route { get; init; } = UserWriteRoute.Auto;

    /// <summary>
    /// Ids an earlier, interrupted run already sent a delete for (from its journal). Such a user
    /// found gone is reported <see cref="UserDeleteStatus.Deleted"/> (the earlier request landed), not
    /// <see cref="UserDeleteStatus.NotFound"/>.
    /// </summary>
    public IReadOnlyCollection<string>? SentBefore { get; init; }

    /// <summary>
    /// Called with the ids of each delete request just before it is sent (every resend and every
    /// isolation step included): record the intent durably here, or take a backup. Null = nothing.
    /// </summary>
    public Func<IReadOnlyList<string>, CancellationToken, ValueTask>? BeforeSend { get; init; }

    /// <summary>
    /// Called with each outcome as soon as it is known, before the method returns or throws, so a
    /// caller keeps the outcomes settled before a fatal failure. Null = nothing.
    /// </summary>
    public Action<UserDeleteOutcome>? OnOutcome { get; init; }
}

/// <summary>What happened to one user of <see cref="UsersClient.DeleteManyAsync"/>.</summary>
public enum UserDeleteStatus
{
    /// <summary>Deleted by this call, or by the earlier attempt named in <see cref="UserDeleteOptions.SentBefore"/>.</summary>
    Deleted,

    /// <summary>Not there, and not because of this call: never existed, or deleted by someone else meanwhile.</summary>
    NotFound,

    /// <summary>Still there: the delete failed (see <see cref="UserDeleteOutcome.Failure"/>).</summary>
    Failed,
}

/// <summary>The outcome for one user id of <see cref="UsersClient.DeleteManyAsync"/>.</summary>
public sealed class UserDeleteOutcome
{
    /// <summary>Creates an outcome (the client does; public for tests of callers).</summary>
    /// <param name="userId">The id.</param>
    /// <param name="status">What happened.</param>
    /// <param name="failure">Why it failed (only for <see cref="UserDeleteStatus.Failed"/>).</param>
    /// <param name="hint">What the operator can do about a recognised failure.</param>
    public UserDeleteOutcome(string userId, UserDeleteStatus status, LiteLlmRequestFailedException? failure = null, string? hint = null)
    {
        ArgumentNullException.ThrowIfNull(userId);
        UserId = userId;
        Status = status;
        Failure = failure;
        Hint = hint;
    }

    /// <summary>The user id, as requested.</summary>
    public string UserId { get; }

    /// <summary>What happened.</summary>
    public UserDeleteStatus Status { get; }

    /// <summary>
    /// For <see cref="UserDeleteStatus.Failed"/>: the server's failure for this user. An HTTP failure
    /// of the request that last carried the user alone or in its batch (e.g. a 500 after isolation),
    /// or a <see cref="LiteLlmFailureKind.ItemFailed"/> failure built from a v1 result row (see there).
    /// </summary>
    public LiteLlmRequestFailedException? Failure { get; }

    /// <summary>What the operator can do about a recognised failure; null otherwise.</summary>
    public string? Hint { get; }
}

/// <summary>How <see cref="UsersClient.CreateManyAsync"/> creates.</summary>
public sealed class UserCreateOptions
{
    /// <summary>The route; <see cref="UserWriteRoute.Auto"/> (default) probes once per client.</summary>
    public UserWriteRoute Route { get; init; } = UserWriteRoute.Auto;

    /// <summary>
    /// Ids an earlier, interrupted run already sent a create for. Such a user is looked up before it
    /// is sent again, and found there it is reported created (with <see cref="UserCreateOutcome.CreatedEarlier"/>).
    /// </summary>
    public IReadOnlyCollection<string>? SentBefore { get; init; }

    /// <summary>Called with the ids of each create request just before it is sent. Null = nothing.</summary>
    public Func<IReadOnlyList<string>, CancellationToken, ValueTask>? BeforeSend { get; init; }

    /// <summary>Called with each outcome as soon as it is known, before the method returns or throws. Null = nothing.</summary>
    public Action<UserCreateOutcome>? OnOutcome { get; init; }
}

/// <summary>What happened to one user of <see cref="UsersClient.CreateManyAsync"/>.</summary>
public enum UserCreateStatus
{
    /// <summary>The user exists now because of this call (or of the earlier attempt named in <see cref="UserCreateOptions.SentBefore"/>).</summary>
    Created,

    /// <summary>Not created (see <see cref="UserCreateOutcome.Failure"/>).</summary>
    Failed,
}

/// <summary>The outcome for one user of <see cref="UsersClient.CreateManyAsync"/>.</summary>
public sealed class UserCreateOutcome
{
    /// <summary>Creates an outcome (the client does; public for tests of callers).</summary>
    /// <param name="userId">The id.</param>
    /// <param name="status">What happened.</param>
    /// <param name="key">The new key's secret, when the server minted one and said so.</param>
    /// <param name="createdEarlier">True when an earlier attempt (whose answer was lost) created the user.</param>
    /// <param name="failure">Why it failed.</param>
    public UserCreateOutcome(string userId, UserCreateStatus status, string? key = null, bool createdEarlier = false, LiteLlmRequestFailedException? failure = null)
    {
        ArgumentNullException.ThrowIfNull(userId);
        UserId = userId;
        Status = status;
        Key = key;
        CreatedEarlier = createdEarlier;
        Failure = failure;
    }

    /// <summary>The user id the request carried.</summary>
    public string UserId { get; }

    /// <summary>What happened.</summary>
    public UserCreateStatus Status { get; }

    /// <summary>The new key's secret (a secret: keep it out of logs); null when no key was minted or its answer was lost.</summary>
    public string? Key { get; }

    /// <summary>
    /// True when the user was found created by an earlier attempt whose answer was lost (a timeout,
    /// a dropped connection, an interrupted run): any key it minted was not seen.
    /// </summary>
    public bool CreatedEarlier { get; }

    /// <summary>For <see cref="UserCreateStatus.Failed"/>: the server's failure for this user (see <see cref="UserDeleteOutcome.Failure"/>).</summary>
    public LiteLlmRequestFailedException? Failure { get; }
}
