using LiteLlm.Admin.Internal;

namespace LiteLlm.Admin.Users;

/// <summary>The bulk write operations: the client owns route choice, re-checks, retries and isolation.</summary>
public partial class UsersClient
{
    /// <summary>
    /// Tells which v1 bulk routes the proxy has, without changing anything: one GET on each of
    /// <c>/management/v1/users/bulk_delete</c> and <c>/management/v1/users/bulk</c>, in parallel (FastAPI
    /// answers a GET on an existing POST-only route with 405, on a missing route with 404). Asked once
    /// per client and cached; 429 and 5xx are retried like any read, and any other answer (a rejected
    /// key, say) throws <see cref="LiteLlmRequestFailedException"/> and is not cached.
    /// </summary>
    /// <param name="cancellationToken">Cancels the probe.</param>
    public virtual Task<UserRoutes> GetRoutesAsync(CancellationToken cancellationToken = default)
    {
        lock (_routesGate)
        {
            if (_routes is null || _routes.IsFaulted || _routes.IsCanceled)
            {
                _routes = ProbeRoutesAsync(cancellationToken);
            }

            return _routes.WaitAsync(cancellationToken);
        }
    }

    /// <summary>
    /// Deletes users and reports one outcome per distinct id, in request order, so one user's failure
    /// never fails another's.
    /// </summary>
    /// <remarks>
    /// <para>Batches larger than the route takes are split (v1: 500 ids; legacy: 1000) and sent one after
    /// the other; call concurrently for parallel batches.</para>
    /// <para>Legacy <c>/user/delete</c> answers 404 for the whole call at the first unknown id: the client
    /// then re-checks which ids still exist (<c>/user/list?user_ids=…</c>, matched exactly), reports the
    /// gone ones <see cref="UserDeleteStatus.NotFound"/> (or <see cref="UserDeleteStatus.Deleted"/> when
    /// in <see cref="UserDeleteOptions.SentBefore"/>) and sends again for the rest. A 403 naming one user
    /// outside an org admin's scope fails that user only. v1 result rows are read here: <c>User id=… not
    /// found</c> as a gone user, the scope refusal and other row errors as
    /// <see cref="LiteLlmFailureKind.ItemFailed"/> failures, and <c>Failed to delete user: …</c> (the
    /// batch's one transaction rolled back, nothing deleted) as a reason to send again.</para>
    /// <para>A failure whose outcome is unknown (timeout, dropped connection, 500, 502, 504) is re-checked
    /// before it is retried, and a user found gone then counts as deleted by this call. Every attempt,
    /// resend and re-check of a batch draws from one retry budget (<see cref="RetrySettings.MaxRetries"/>).</para>
    /// <para>Isolation: when a batch still fails after its retries with a status that points at its content
    /// (a 500, a 400/422 other than a malformed body, a v1 transaction that keeps failing), it is split in
    /// halves and each is sent, recursively, down to single users. A half that fails with the same status
    /// and words as its parent is split at once, with no new retries or re-checks; so k failing users in
    /// a batch of n cost at most 2·k·⌈log2 n⌉ extra requests. The invitation-link FK error of older
    /// releases (fleet row 1) is recognised: never retried, only isolated, and its outcomes carry a
    /// <see cref="UserDeleteOutcome.Hint"/>. Overload, transport and auth failures are never split.</para>
    /// </remarks>
    /// <param name="userIds">The ids (duplicates are deleted once and reported once).</param>
    /// <param name="options">Route, ids sent by an earlier run, hooks; null = defaults.</param>
    /// <param name="cancellationToken">Cancels the work (outcomes not yet reported stay undecided).</param>
    /// <returns>One outcome per distinct id, in the order of first appearance.</returns>
    /// <exception cref="LiteLlmRequestFailedException">A fatal failure (<see cref="LiteLlmRequestFailedException.IsFatal"/>): 401, a 403 for the whole request, no database, no server. Outcomes settled before it went to <see cref="UserDeleteOptions.OnOutcome"/>.</exception>
    public virtual async Task<IReadOnlyList<UserDeleteOutcome>> DeleteManyAsync(IReadOnlyList<string> userIds, UserDeleteOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(userIds);
        foreach (var id in userIds)
        {
            ArgumentException.ThrowIfNullOrEmpty(id, nameof(userIds));
        }

        options ??= new UserDeleteOptions();
        var distinct = userIds.Distinct(StringComparer.Ordinal).ToList();
        if (distinct.Count == 0)
        {
            return [];
        }

        var route = options.Route == UserWriteRoute.Auto
            ? (await GetRoutesAsync(cancellationToken).ConfigureAwait(false)).DeleteRoute(UserWriteRoute.Auto)
            : options.Route;
        return await new UserDeleteRun(Pipeline, route, options).RunAsync(distinct, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Creates users and reports one outcome per user, in request order. Every request must carry a
    /// caller-chosen <see cref="CreateUserRequest.UserId"/> (journal it before calling), so nothing is
    /// ever created twice.
    /// </summary>
    /// <remarks>
    /// <para>Legacy: one <c>/user/new</c> per user, in order. v1: <c>/management/v1/users/bulk</c> in batches
    /// of up to 500, one result row per user.</para>
    /// <para>A create whose outcome is unknown (timeout, dropped connection, 500) is settled by looking its id
    /// up before it is sent again; found, it is <see cref="UserCreateStatus.Created"/> with
    /// <see cref="UserCreateOutcome.CreatedEarlier"/>. A 409 (or an older release's 400) "already exists"
    /// for an id this call or <see cref="UserCreateOptions.SentBefore"/> may have sent is checked the same
    /// way. A duplicate email (400 on older releases, 409 on newer: fleet row 4) fails that user.</para>
    /// <para>A v1 bulk request that fails as a whole after its retries is isolated like a delete when the
    /// failure points at its content; when the route itself fails otherwise (404/405, a refused body, an
    /// unreadable answer) the users not there yet are created one by one with <c>/user/new</c>; after
    /// overload or transport failures they are reported failed.</para>
    /// </remarks>
    /// <param name="users">The users, each with its id chosen (ids must be distinct).</param>
    /// <param name="options">Route, ids sent by an earlier run, hooks; null = defaults.</param>
    /// <param name="cancellationToken">Cancels the work.</param>
    /// <returns>One outcome per user, in request order.</returns>
    /// <exception cref="ArgumentException">A user has no id, or two have the same.</exception>
    /// <exception cref="LiteLlmRequestFailedException">A fatal failure (see <see cref="DeleteManyAsync"/>).</exception>
    public virtual async Task<IReadOnlyList<UserCreateOutcome>> CreateManyAsync(IReadOnlyList<CreateUserRequest> users, UserCreateOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(users);
        var ids = new HashSet<string>(StringComparer.Ordinal);
        foreach (var user in users)
        {
            ArgumentNullException.ThrowIfNull(user, nameof(users));
            if (string.IsNullOrEmpty(user.UserId))
            {
                throw new ArgumentException("Choose every user's id before creating (CreateUserRequest.UserId).", nameof(users));
            }

            if (!ids.Add(user.UserId))
            {
                throw new ArgumentException($"The user id {user.UserId} appears twice.", nameof(users));
            }
        }

        options ??= new UserCreateOptions();
        if (users.Count == 0)
        {
            return [];
        }

        var route = options.Route == UserWriteRoute.Auto
            ? (await GetRoutesAsync(cancellationToken).ConfigureAwait(false)).CreateRoute(UserWriteRoute.Auto)
            : options.Route;
        return await new UserCreateRun(Pipeline, route, options).RunAsync(users, cancellationToken).ConfigureAwait(false);
    }

    private async Task<UserRoutes> ProbeRoutesAsync(CancellationToken cancellationToken)
    {
        var answers = await Task.WhenAll(
            HasRouteAsync(ApiRoutes.BulkDeleteV1, cancellationToken),
            HasRouteAsync(ApiRoutes.BulkCreateV1, cancellationToken)).ConfigureAwait(false);
        return new UserRoutes(answers[0], answers[1]);
    }

    internal async Task<bool> HasRouteAsync(string path, CancellationToken cancellationToken)
    {
        try
        {
            await Pipeline.SendAsync(HttpMethod.Get, path, null, null, RequestKind.Read, cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (LiteLlmRequestFailedException failure) when (failure.Status is 404 or 405)
        {
            return failure.Status == 405;
        }
    }
}
