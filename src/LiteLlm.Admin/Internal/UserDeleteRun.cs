using System.Text.Json;
using LiteLlm.Admin.Users;

namespace LiteLlm.Admin.Internal;

/// <summary>
/// One <see cref="UsersClient.DeleteManyAsync"/> call: sends, re-checks, retries and isolates until
/// every id has an outcome (see that method for the rules).
/// </summary>
internal sealed class UserDeleteRun
{
    private readonly HttpPipeline _pipeline;
    private readonly UserWriteRoute _route;
    private readonly UserDeleteOptions _options;
    private readonly HashSet<string> _ours;
    private readonly Dictionary<string, UserDeleteOutcome> _outcomes = new(StringComparer.Ordinal);

    public UserDeleteRun(HttpPipeline pipeline, UserWriteRoute route, UserDeleteOptions options)
    {
        _pipeline = pipeline;
        _route = route;
        _options = options;
        _ours = new HashSet<string>(options.SentBefore ?? [], StringComparer.Ordinal);
    }

    private string Path => _route == UserWriteRoute.BulkV1 ? ApiRoutes.BulkDeleteV1 : ApiRoutes.UserDelete;

    public async Task<IReadOnlyList<UserDeleteOutcome>> RunAsync(IReadOnlyList<string> distinctIds, CancellationToken cancellationToken)
    {
        foreach (var chunk in distinctIds.Chunk(UserWriteRoutes.MaxDeleteBatch(_route)))
        {
            await DeleteGroupAsync([.. chunk], parent: null, cancellationToken).ConfigureAwait(false);
        }

        return [.. distinctIds.Select(id => _outcomes[id])];
    }

    /// <summary>Deletes one group with its own retry budget; isolates it by halves when it fails for its content.</summary>
    private async Task DeleteGroupAsync(List<string> remaining, FailureSignature? parent, CancellationToken cancellationToken)
    {
        var budget = _pipeline.NewBudget();
        var recheck = false;
        LiteLlmRequestFailedException? last = null;
        var isolate = false;
        while (remaining.Count > 0)
        {
            if (recheck)
            {
                recheck = false;
                try
                {
                    await RecheckAsync(remaining, budget, cancellationToken).ConfigureAwait(false);
                }
                catch (LiteLlmRequestFailedException failure) when (!failure.IsFatal)
                {
                    last = failure;
                    break;
                }

                continue;
            }

            var sent = remaining.ToList();
            LiteLlmRequestFailedException? failed;
            try
            {
                failed = await SendOnceAsync(remaining, sent, budget, cancellationToken).ConfigureAwait(false);
            }
            catch (LiteLlmRequestFailedException failure)
            {
                failed = failure;
            }

            if (failed is null)
            {
                continue;
            }

            if (failed.IsFatal)
            {
                throw failed;
            }

            var unknown = WriteFailures.OutcomeUnknown(failed);
            if (unknown)
            {
                _ours.UnionWith(sent);
            }

            if (parent == FailureSignature.Of(failed))
            {
                // The sub-batch repeats its parent's failure: split at once, no new retry cycle.
                last = failed;
                isolate = true;
                break;
            }

            if (WriteFailures.IsRetryable(failed) && budget.TryTake(failed) is { } delay)
            {
                _pipeline.OnRetry(new RetryInfo(budget.Taken - 1, delay, failed));
                await Task.Delay(delay, cancellationToken).ConfigureAwait(false);
                recheck = unknown;
                continue;
            }

            if (unknown)
            {
                // One re-check after the final failure, so users it deleted after all are not isolated.
                await TryRecheckAsync(remaining, budget, cancellationToken).ConfigureAwait(false);
            }

            last = failed;
            isolate = WriteFailures.PointsAtContent(failed);
            break;
        }

        if (remaining.Count == 0)
        {
            return;
        }

        if (isolate && remaining.Count > 1)
        {
            var signature = FailureSignature.Of(last!);
            var half = (remaining.Count + 1) / 2;
            await DeleteGroupAsync(remaining.GetRange(0, half), signature, cancellationToken).ConfigureAwait(false);
            await DeleteGroupAsync(remaining.GetRange(half, remaining.Count - half), signature, cancellationToken).ConfigureAwait(false);
            return;
        }

        foreach (var id in remaining.ToList())
        {
            Settle(remaining, id, UserDeleteStatus.Failed, last);
        }
    }

    /// <summary>
    /// Sends one delete request for <paramref name="sent"/> and settles what its answer decides.
    /// Returns null when the loop may go on (with whatever remains), or the failure to act on.
    /// </summary>
    private async Task<LiteLlmRequestFailedException?> SendOnceAsync(List<string> remaining, List<string> sent, RetryBudget budget, CancellationToken cancellationToken)
    {
        if (_options.BeforeSend is { } before)
        {
            await before(sent, cancellationToken).ConfigureAwait(false);
        }

        var body = JsonSerializer.SerializeToUtf8Bytes(new DeleteUsersBody { UserIds = sent }, LiteLlmJsonContext.Default.DeleteUsersBody);
        if (_route == UserWriteRoute.Legacy)
        {
            return await SendLegacyAsync(remaining, sent, body, budget, cancellationToken).ConfigureAwait(false);
        }

        var raw = await _pipeline.SendAsync(HttpMethod.Post, Path, null, body, RequestKind.Mutation, cancellationToken, budget: budget).ConfigureAwait(false);
        var rows = JsonCalls.Read(_pipeline, "POST", Path, raw, b => JsonSerializer.Deserialize(b, LiteLlmJsonContext.Default.BulkDeleteWire)?.Data
            ?? throw new JsonException("no \"data\" list"));
        return SettleRows(remaining, sent, rows, raw);
    }

    private async Task<LiteLlmRequestFailedException?> SendLegacyAsync(List<string> remaining, List<string> sent, byte[] body, RetryBudget budget, CancellationToken cancellationToken)
    {
        try
        {
            var raw = await _pipeline.SendAsync(HttpMethod.Post, Path, null, body, RequestKind.Mutation, cancellationToken, budget: budget).ConfigureAwait(false);
            var count = JsonCalls.Read(_pipeline, "POST", Path, raw, b => JsonSerializer.Deserialize(b, LiteLlmJsonContext.Default.Int32));
            if (count == sent.Count)
            {
                foreach (var id in sent)
                {
                    Settle(remaining, id, UserDeleteStatus.Deleted, null);
                }

                return null;
            }

            // A count that does not match: find out which users are gone (they were ours) and send again for the rest.
            _ours.UnionWith(sent);
            var before = remaining.Count;
            await RecheckAsync(remaining, budget, cancellationToken).ConfigureAwait(false);
            return remaining.Count < before ? null : JsonCalls.Invalid(_pipeline, "POST", Path, raw, $"it says {count} users were deleted, of {sent.Count} requested, yet all are still there");
        }
        catch (LiteLlmRequestFailedException failure) when (failure.Status == 404 && failure.Kind == LiteLlmFailureKind.Http)
        {
            // The legacy route checks the ids in order and fails the whole call at the first unknown one,
            // before deleting any user row (contract §3.8): find out which are gone, then send again for the rest.
            var before = remaining.Count;
            await RecheckAsync(remaining, budget, cancellationToken).ConfigureAwait(false);
            return remaining.Count == before ? failure : null;
        }
        catch (LiteLlmRequestFailedException failure) when (failure.Status == 403 && WriteFailures.ScopeRefusedUser(failure.ServerMessage) is { } id && remaining.Contains(id))
        {
            // An org admin's delete refused for one named user: that user fails, the others are sent again.
            var refused = WriteFailures.ItemFailure("POST", Path, LiteLlmItemErrors.Forbidden, failure.ServerMessage!, failure);
            Settle(remaining, id, UserDeleteStatus.Failed, refused);
            return null;
        }
    }

    /// <summary>Settles the rows of a v1 bulk delete answer (bulk_user_deletion.bulk_delete_users).</summary>
    private LiteLlmRequestFailedException? SettleRows(List<string> remaining, List<string> sent, List<BulkDeleteResult> rows, RawResponse raw)
    {
        LiteLlmRequestFailedException? transaction = null;
        var answered = new HashSet<string>(StringComparer.Ordinal);
        foreach (var row in rows)
        {
            if (!remaining.Contains(row.UserId) || !answered.Add(row.UserId))
            {
                continue; // an id we did not send, or a "Duplicate user_id in request" row after the first
            }

            var error = row.Error ?? string.Empty;
            if (row.Success)
            {
                Settle(remaining, row.UserId, UserDeleteStatus.Deleted, null);
            }
            else if (error.StartsWith("User id=", StringComparison.Ordinal) && error.EndsWith(" not found", StringComparison.Ordinal))
            {
                SettleGone(remaining, row.UserId);
            }
            else if (error.StartsWith("Failed to delete user", StringComparison.Ordinal))
            {
                // The valid rows are deleted in one transaction; it rolled back, so none was: send again.
                transaction ??= WriteFailures.ItemFailure("POST", Path, LiteLlmItemErrors.Failed, error, code: WriteFailures.TransactionFailedCode);
                answered.Remove(row.UserId);
            }
            else
            {
                var type = WriteFailures.ScopeRefusedUser(error) is not null ? LiteLlmItemErrors.Forbidden : LiteLlmItemErrors.Failed;
                Settle(remaining, row.UserId, UserDeleteStatus.Failed, WriteFailures.ItemFailure("POST", Path, type, error));
            }
        }

        if (transaction is not null)
        {
            return transaction;
        }

        if (sent.Any(id => !answered.Contains(id)))
        {
            // The answer has no row for some ids: the server did something; re-check, then send again.
            _ours.UnionWith(sent);
            return JsonCalls.Invalid(_pipeline, "POST", Path, raw, "the answer has no result row for some of the requested ids");
        }

        return null;
    }

    private async Task RecheckAsync(List<string> remaining, RetryBudget budget, CancellationToken cancellationToken)
    {
        var existing = await UserLookup.ExistingAsync(_pipeline, remaining, budget, cancellationToken).ConfigureAwait(false);
        foreach (var id in remaining.Where(id => !existing.Contains(id)).ToList())
        {
            SettleGone(remaining, id);
        }
    }

    private async Task TryRecheckAsync(List<string> remaining, RetryBudget budget, CancellationToken cancellationToken)
    {
        try
        {
            await RecheckAsync(remaining, budget, cancellationToken).ConfigureAwait(false);
        }
        catch (LiteLlmRequestFailedException failure) when (!failure.IsFatal)
        {
            // Could not tell; the users stay undecided and are reported with the request's failure.
        }
    }

    private void SettleGone(List<string> remaining, string id) =>
        Settle(remaining, id, _ours.Contains(id) ? UserDeleteStatus.Deleted : UserDeleteStatus.NotFound, null);

    private void Settle(List<string> remaining, string id, UserDeleteStatus status, LiteLlmRequestFailedException? failure)
    {
        if (!remaining.Remove(id))
        {
            return;
        }

        var outcome = new UserDeleteOutcome(id, status, status == UserDeleteStatus.Failed ? failure : null, status == UserDeleteStatus.Failed ? WriteFailures.HintFor(failure) : null);
        _outcomes[id] = outcome;
        _options.OnOutcome?.Invoke(outcome);
    }
}
