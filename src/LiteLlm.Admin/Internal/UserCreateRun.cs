using System.Text.Json;
using LiteLlm.Admin.Users;

namespace LiteLlm.Admin.Internal;

/// <summary>
/// One <see cref="UsersClient.CreateManyAsync"/> call: every request carries a caller-chosen id, so
/// a create whose outcome is unknown is settled by looking that id up before sending again.
/// </summary>
internal sealed class UserCreateRun
{
    private readonly HttpPipeline _pipeline;
    private readonly UserWriteRoute _route;
    private readonly UserCreateOptions _options;
    private readonly HashSet<string> _ours;
    private readonly Dictionary<string, UserCreateOutcome> _outcomes = new(StringComparer.Ordinal);

    public UserCreateRun(HttpPipeline pipeline, UserWriteRoute route, UserCreateOptions options)
    {
        _pipeline = pipeline;
        _route = route;
        _options = options;
        _ours = new HashSet<string>(options.SentBefore ?? [], StringComparer.Ordinal);
    }

    public async Task<IReadOnlyList<UserCreateOutcome>> RunAsync(IReadOnlyList<CreateUserRequest> users, CancellationToken cancellationToken)
    {
        if (_route == UserWriteRoute.BulkV1)
        {
            foreach (var chunk in users.Chunk(UserWriteRoutes.MaxBulkV1Batch))
            {
                await CreateGroupAsync([.. chunk], parent: null, chunk.Any(u => _ours.Contains(u.UserId!)), cancellationToken).ConfigureAwait(false);
            }
        }
        else
        {
            foreach (var user in users)
            {
                await CreateOneAsync(user, cancellationToken).ConfigureAwait(false);
            }
        }

        return [.. users.Select(u => _outcomes[u.UserId!])];
    }

    /// <summary>One user with <c>POST /user/new</c>, re-checked before any resend after an unknown outcome.</summary>
    private async Task CreateOneAsync(CreateUserRequest user, CancellationToken cancellationToken)
    {
        var id = user.UserId!;
        var budget = _pipeline.NewBudget();
        var recheck = _ours.Contains(id);
        var body = JsonSerializer.SerializeToUtf8Bytes(user, LiteLlmJsonContext.Default.CreateUserRequest);
        while (true)
        {
            var checking = recheck;
            LiteLlmRequestFailedException failure;
            try
            {
                if (checking)
                {
                    if (await ExistsAsync(id, budget, cancellationToken).ConfigureAwait(false))
                    {
                        Settle(new UserCreateOutcome(id, UserCreateStatus.Created, createdEarlier: true));
                        return;
                    }

                    recheck = false;
                }

                await BeforeSendAsync([id], cancellationToken).ConfigureAwait(false);
                var raw = await _pipeline.SendAsync(HttpMethod.Post, ApiRoutes.UserNew, null, body, RequestKind.Mutation, cancellationToken, budget: budget).ConfigureAwait(false);
                var answer = JsonCalls.Read(_pipeline, "POST", ApiRoutes.UserNew, raw, b => JsonSerializer.Deserialize(b, LiteLlmJsonContext.Default.CreateUserResponse)
                    ?? throw new JsonException("empty body"));
                Settle(new UserCreateOutcome(id, UserCreateStatus.Created, NonEmpty(answer.Key)));
                return;
            }
            catch (LiteLlmRequestFailedException f)
            {
                failure = f;
            }

            if (failure.IsFatal)
            {
                throw failure;
            }

            // 409 (or an older release's 400) "already exists" for an id we may have sent: an earlier attempt landed.
            if (IsAlreadyExists(failure) && _ours.Contains(id) && await TryExistsAsync(id, budget, cancellationToken).ConfigureAwait(false))
            {
                Settle(new UserCreateOutcome(id, UserCreateStatus.Created, createdEarlier: true));
                return;
            }

            var unknown = WriteFailures.OutcomeUnknown(failure);
            if (unknown && !recheck)
            {
                _ours.Add(id);
            }

            if (WriteFailures.IsRetryable(failure) && budget.TryTake(failure) is { } delay)
            {
                _pipeline.OnRetry(new RetryInfo(budget.Taken - 1, delay, failure));
                await Task.Delay(delay, cancellationToken).ConfigureAwait(false);
                recheck |= unknown;
                continue;
            }

            // One look-up after the final failure of a create (not of a look-up: then recheck is still
            // set) whose outcome is unknown.
            if (!recheck && unknown && await TryExistsAsync(id, budget, cancellationToken).ConfigureAwait(false))
            {
                Settle(new UserCreateOutcome(id, UserCreateStatus.Created, createdEarlier: true));
                return;
            }

            Settle(new UserCreateOutcome(id, UserCreateStatus.Failed, failure: failure));
            return;
        }
    }

    /// <summary>Up to 500 users with <c>POST /management/v1/users/bulk</c>; isolated by halves when the request fails for its content.</summary>
    /// <param name="remaining">The users not settled yet.</param>
    /// <param name="parent">The failure of the batch this one was split from (isolation), or null.</param>
    /// <param name="recheck">Look up the users an earlier run may have created before sending.</param>
    /// <param name="cancellationToken">Cancels the work.</param>
    private async Task CreateGroupAsync(List<CreateUserRequest> remaining, FailureSignature? parent, bool recheck, CancellationToken cancellationToken)
    {
        var budget = _pipeline.NewBudget();
        LiteLlmRequestFailedException last;
        while (true)
        {
            LiteLlmRequestFailedException failure;
            try
            {
                if (recheck)
                {
                    await SettleExistingAsync(remaining, budget, cancellationToken).ConfigureAwait(false);
                    recheck = false;
                    if (remaining.Count == 0)
                    {
                        return;
                    }
                }

                await BeforeSendAsync([.. remaining.Select(u => u.UserId!)], cancellationToken).ConfigureAwait(false);
                var body = JsonSerializer.SerializeToUtf8Bytes(new BulkCreateBody { Users = [.. remaining] }, LiteLlmJsonContext.Default.BulkCreateBody);
                var raw = await _pipeline.SendAsync(HttpMethod.Post, ApiRoutes.BulkCreateV1, null, body, RequestKind.Mutation, cancellationToken, budget: budget).ConfigureAwait(false);
                var answer = JsonCalls.Read(_pipeline, "POST", ApiRoutes.BulkCreateV1, raw, b => JsonSerializer.Deserialize(b, LiteLlmJsonContext.Default.BulkCreateResult)
                    ?? throw new JsonException("empty body"));
                if (answer.Data.Count != remaining.Count)
                {
                    throw JsonCalls.Invalid(_pipeline, "POST", ApiRoutes.BulkCreateV1, raw, $"{answer.Data.Count} result rows for {remaining.Count} users");
                }

                await SettleRowsAsync(remaining, answer.Data, budget, cancellationToken).ConfigureAwait(false);
                return;
            }
            catch (LiteLlmRequestFailedException f)
            {
                failure = f;
            }

            if (failure.IsFatal)
            {
                throw failure;
            }

            var unknown = WriteFailures.OutcomeUnknown(failure);
            if (unknown && !recheck)
            {
                _ours.UnionWith(remaining.Select(u => u.UserId!));
            }

            if (parent == FailureSignature.Of(failure))
            {
                last = failure;
                break;
            }

            if (WriteFailures.IsRetryable(failure) && budget.TryTake(failure) is { } delay)
            {
                _pipeline.OnRetry(new RetryInfo(budget.Taken - 1, delay, failure));
                await Task.Delay(delay, cancellationToken).ConfigureAwait(false);
                recheck |= unknown;
                continue;
            }

            if (unknown && !recheck)
            {
                // One look-up after the final failure of a create (not of a look-up) whose outcome is unknown.
                try
                {
                    await SettleExistingAsync(remaining, budget, cancellationToken).ConfigureAwait(false);
                }
                catch (LiteLlmRequestFailedException lookup) when (!lookup.IsFatal)
                {
                    // Could not tell; the users are reported with the request's failure.
                }
            }

            last = failure;
            break;
        }

        if (remaining.Count > 0)
        {
            await AfterBulkFailureAsync(remaining, last, cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task AfterBulkFailureAsync(List<CreateUserRequest> remaining, LiteLlmRequestFailedException last, CancellationToken cancellationToken)
    {
        if (WriteFailures.PointsAtContent(last))
        {
            if (remaining.Count > 1)
            {
                var signature = FailureSignature.Of(last);
                var half = (remaining.Count + 1) / 2;
                await CreateGroupAsync(remaining.GetRange(0, half), signature, recheck: false, cancellationToken).ConfigureAwait(false);
                await CreateGroupAsync(remaining.GetRange(half, remaining.Count - half), signature, recheck: false, cancellationToken).ConfigureAwait(false);
                return;
            }

            Settle(new UserCreateOutcome(remaining[0].UserId!, UserCreateStatus.Failed, failure: last));
            return;
        }

        if (last.IsNetworkError || last.Status is 429 or 502 or 503 or 504)
        {
            // Overload or transport after every retry: more requests would not help.
            foreach (var user in remaining)
            {
                Settle(new UserCreateOutcome(user.UserId!, UserCreateStatus.Failed, failure: last));
            }

            return;
        }

        // The bulk route itself failed (gone, refused the body, answered nonsense): one /user/new each.
        foreach (var user in remaining)
        {
            await CreateOneAsync(user, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Settles the rows of a v1 bulk create answer, in request order.</summary>
    private async Task SettleRowsAsync(List<CreateUserRequest> sent, IReadOnlyList<BulkCreateRow> rows, RetryBudget budget, CancellationToken cancellationToken)
    {
        List<CreateUserRequest>? taken = null;
        for (var i = 0; i < sent.Count; i++)
        {
            var id = sent[i].UserId!;
            var row = rows[i];
            if (row.Success)
            {
                Settle(new UserCreateOutcome(id, UserCreateStatus.Created, NonEmpty(row.Key)));
            }
            else if (_ours.Contains(id) && (row.Error?.Contains("already exists", StringComparison.OrdinalIgnoreCase) ?? false))
            {
                (taken ??= []).Add(sent[i]);
            }
            else
            {
                var failure = WriteFailures.ItemFailure("POST", ApiRoutes.BulkCreateV1, LiteLlmItemErrors.Failed, row.Error ?? "the row failed without a reason");
                Settle(new UserCreateOutcome(id, UserCreateStatus.Failed, failure: failure));
            }
        }

        if (taken is not null)
        {
            var existing = await UserLookup.ExistingAsync(_pipeline, taken.Select(u => u.UserId!), budget, cancellationToken).ConfigureAwait(false);
            foreach (var user in taken)
            {
                var index = sent.IndexOf(user);
                Settle(existing.Contains(user.UserId!)
                    ? new UserCreateOutcome(user.UserId!, UserCreateStatus.Created, createdEarlier: true)
                    : new UserCreateOutcome(user.UserId!, UserCreateStatus.Failed, failure: WriteFailures.ItemFailure("POST", ApiRoutes.BulkCreateV1, LiteLlmItemErrors.Failed, rows[index].Error!)));
            }
        }
    }

    /// <summary>Settles the users (of ours) that exist now as created earlier; throws when the look-up fails.</summary>
    private async Task SettleExistingAsync(List<CreateUserRequest> remaining, RetryBudget budget, CancellationToken cancellationToken)
    {
        var candidates = remaining.Where(u => _ours.Contains(u.UserId!)).ToList();
        if (candidates.Count == 0)
        {
            return;
        }

        var existing = await UserLookup.ExistingAsync(_pipeline, candidates.Select(u => u.UserId!), budget, cancellationToken).ConfigureAwait(false);
        foreach (var user in candidates.Where(u => existing.Contains(u.UserId!)))
        {
            remaining.Remove(user);
            Settle(new UserCreateOutcome(user.UserId!, UserCreateStatus.Created, createdEarlier: true));
        }
    }

    private async Task<bool> ExistsAsync(string id, RetryBudget budget, CancellationToken cancellationToken) =>
        (await UserLookup.ExistingAsync(_pipeline, [id], budget, cancellationToken).ConfigureAwait(false)).Contains(id);

    /// <summary>Like <see cref="ExistsAsync"/>, but false when the look-up fails (not fatally).</summary>
    private async Task<bool> TryExistsAsync(string id, RetryBudget budget, CancellationToken cancellationToken)
    {
        try
        {
            return await ExistsAsync(id, budget, cancellationToken).ConfigureAwait(false);
        }
        catch (LiteLlmRequestFailedException failure) when (!failure.IsFatal)
        {
            return false;
        }
    }

    /// <summary>LiteLLM's duplicate answer: 409, or 400 with a repr message on older releases (fleet rows 4 and 5).</summary>
    private static bool IsAlreadyExists(LiteLlmRequestFailedException failure) =>
        failure.Status is 400 or 409 && (failure.ServerMessage?.Contains("already exists", StringComparison.OrdinalIgnoreCase) ?? false);

    private static string? NonEmpty(string? key) => string.IsNullOrEmpty(key) ? null : key;

    private ValueTask BeforeSendAsync(IReadOnlyList<string> ids, CancellationToken cancellationToken) =>
        _options.BeforeSend is { } before ? before(ids, cancellationToken) : ValueTask.CompletedTask;

    private void Settle(UserCreateOutcome outcome)
    {
        if (_outcomes.TryAdd(outcome.UserId, outcome))
        {
            _options.OnOutcome?.Invoke(outcome);
        }
    }
}
