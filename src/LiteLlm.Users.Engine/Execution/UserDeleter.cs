using System.Collections.Concurrent;
using LiteLlm.Admin;
using LiteLlm.Admin.Users;
using LiteLlm.Users.Engine.Matching;
using LiteLlm.Users.Engine.Runs;
using LiteLlm.Users.Engine.Safety;

namespace LiteLlm.Users.Engine.Execution;

/// <summary>What happened to one user id.</summary>
internal enum IdFate
{
    /// <summary>Deleted by this run (or by this run's earlier, interrupted attempt).</summary>
    Deleted,

    /// <summary>Gone, but not by this run: someone else deleted it meanwhile.</summary>
    Vanished,

    /// <summary>Still there; the delete failed.</summary>
    Failed,
}

/// <summary>The outcome for one user id.</summary>
internal sealed record IdOutcome(string UserId, IdFate Fate, string? Reason);

/// <summary>A group of users deleted in one request.</summary>
/// <param name="Users">The users (current rows, so their teams are known).</param>
internal sealed record DeleteBatch(IReadOnlyList<LiteLlmUser> Users)
{
    /// <summary>The ids, in order.</summary>
    public IReadOnlyList<string> Ids { get; } = [.. Users.Select(u => u.UserId)];

    /// <summary>Every team any of these users is in.</summary>
    public IReadOnlyList<string> Teams { get; } = [.. Users.SelectMany(u => u.Teams ?? []).Distinct(StringComparer.Ordinal)];
}

/// <summary>
/// Deletes batches of users and reports one outcome per id, so one vanished user never fails its
/// neighbours. A 404 from the legacy route (the whole call fails at the first unknown id) makes it
/// re-check which users still exist and send again for those. A failure whose outcome is unknown
/// (timeout, dropped connection, 500/502/504: LiteLLM's delete is not transactional) makes it
/// re-check before retrying with backoff, and a user found gone then counts as deleted by us.
/// 400, 401, 403 and 404 are never retried blindly.
/// </summary>
internal sealed class UserDeleter
{
    private readonly LiteLlmAdminClient _client;
    private readonly UserDirectory _directory;
    private readonly DeleteEndpoint _endpoint;
    private readonly RetrySettings _retry;
    private readonly IRunLog _log;
    private readonly ConcurrentDictionary<string, byte> _maybeOurs;
    private readonly TeamLocks _teamLocks = new();
    private readonly Polly.ResiliencePipeline _pipeline;

    /// <summary>Creates a deleter.</summary>
    /// <param name="client">The proxy.</param>
    /// <param name="directory">Used to re-check which users exist.</param>
    /// <param name="endpoint">Legacy or BulkV1 (already probed).</param>
    /// <param name="retry">Retry settings for failures with an unknown outcome.</param>
    /// <param name="log">Debug log.</param>
    /// <param name="sentBefore">Ids an earlier, interrupted run sent a delete for: gone means ours.</param>
    public UserDeleter(LiteLlmAdminClient client, UserDirectory directory, DeleteEndpoint endpoint, RetrySettings retry, IRunLog log, IEnumerable<string>? sentBefore = null)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(directory);
        if (endpoint == DeleteEndpoint.Auto)
        {
            throw new ArgumentException("Probe the endpoint before creating the deleter.", nameof(endpoint));
        }

        _client = client;
        _directory = directory;
        _endpoint = endpoint;
        _retry = retry ?? new RetrySettings();
        _log = log ?? NullRunLog.Instance;
        _maybeOurs = new ConcurrentDictionary<string, byte>((sentBefore ?? []).Select(id => KeyValuePair.Create(id, (byte)0)), StringComparer.Ordinal);
        _pipeline = LiteLlmRetry.Create(
            _retry,
            e => e is BulkTransactionFailedException || (e is LiteLlmRequestFailedException f && f.IsTransient && !FailureReasons.IsFatal(f)),
            info =>
            {
                _client.Statistics.RecordRetry();
                _log.Debug($"delete batch: retry {info.Attempt + 1} in {(int)info.Delay.TotalMilliseconds} ms after: {info.Failure.Message}");
            });
    }

    /// <summary>Largest batch the endpoint takes.</summary>
    public static int MaxBatchSize(DeleteEndpoint endpoint) => endpoint == DeleteEndpoint.BulkV1 ? 500 : 1000;

    /// <summary>The route to use: <paramref name="requested"/>, or for <see cref="DeleteEndpoint.Auto"/> the v1 bulk route when the proxy has it.</summary>
    public static async Task<DeleteEndpoint> ChooseEndpointAsync(LiteLlmAdminClient client, DeleteEndpoint requested, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(client);
        if (requested != DeleteEndpoint.Auto)
        {
            return requested;
        }

        // A GET on the POST route changes nothing: 405 = the route exists, 404 = it does not.
        return await client.HasRouteAsync("/management/v1/users/bulk_delete", cancellationToken).ConfigureAwait(false)
            ? DeleteEndpoint.BulkV1
            : DeleteEndpoint.Legacy;
    }

    /// <summary>
    /// Deletes <paramref name="users"/> in batches through <paramref name="scheduler"/> (so a fatal
    /// failure or Ctrl+C stops it): before each request <paramref name="journal"/> gets the ids
    /// (record the intent durably there) and the observers are told (the backup is taken); each
    /// id's outcome goes to the observers (the audit log), then to <paramref name="report"/> with its user.
    /// </summary>
    /// <param name="users">The users, as just read (their teams decide the batches and locks).</param>
    /// <param name="batchSize">Ids per request; null = 100 for /user/delete, 500 for the v1 bulk route.</param>
    /// <param name="scheduler">Runs the batches and keeps the fatal failure.</param>
    /// <param name="observers">Backup and audit.</param>
    /// <param name="journal">Receives the ids just before each request.</param>
    /// <param name="report">Receives each id's outcome.</param>
    /// <param name="progress">Counts batches.</param>
    /// <param name="stop">Ctrl+C: start no new batch.</param>
    /// <param name="abort">Give up on requests in flight.</param>
    public async Task DeleteAllAsync(
        IEnumerable<LiteLlmUser> users,
        int? batchSize,
        RunScheduler scheduler,
        IReadOnlyList<IChangeObserver> observers,
        Action<IReadOnlyList<string>> journal,
        Action<IdOutcome, LiteLlmUser> report,
        RunProgress progress,
        CancellationToken stop,
        CancellationToken abort)
    {
        ArgumentNullException.ThrowIfNull(scheduler);
        ArgumentNullException.ThrowIfNull(observers);
        ArgumentNullException.ThrowIfNull(journal);
        ArgumentNullException.ThrowIfNull(report);
        ArgumentNullException.ThrowIfNull(progress);
        var size = Math.Clamp(batchSize ?? (_endpoint == DeleteEndpoint.BulkV1 ? 500 : 100), 1, MaxBatchSize(_endpoint));
        var batches = MakeBatches(users, size);
        progress.StartPhase("Deleting", batches.Count);
        _log.Debug($"deleting {batches.Sum(b => b.Ids.Count)} users in {batches.Count} batches of up to {size}");
        await scheduler.ForEachAsync(
            batches,
            async batch =>
            {
                try
                {
                    await DeleteBatchAsync(
                        batch,
                        async ids =>
                        {
                            journal(ids);
                            await observers.BeforeAsync(ChangeKind.Delete, [.. batch.Users.Where(u => ids.Contains(u.UserId))], abort).ConfigureAwait(false);
                        },
                        outcome =>
                        {
                            var user = batch.Users.First(u => u.UserId == outcome.UserId);
                            var deleted = outcome.Fate == IdFate.Deleted;
                            observers.After(new ChangeRecord(ChangeKind.Delete, outcome.UserId, user.UserEmail, deleted, deleted ? "Deleted" : outcome.Reason ?? FailureReasons.DeleteApiError));
                            report(outcome, user);
                        },
                        abort).ConfigureAwait(false);
                }
                finally
                {
                    progress.Step();
                }
            },
            stop,
            abort).ConfigureAwait(false);
    }

    /// <summary>
    /// Splits users into batches of at most <paramref name="batchSize"/>, keeping members of the
    /// same teams together so fewer batches contend for a team.
    /// </summary>
    public static IReadOnlyList<DeleteBatch> MakeBatches(IEnumerable<LiteLlmUser> users, int batchSize)
    {
        ArgumentNullException.ThrowIfNull(users);
        ArgumentOutOfRangeException.ThrowIfLessThan(batchSize, 1);
        return [.. users
            .DistinctBy(u => u.UserId, StringComparer.Ordinal)
            .OrderBy(u => string.Join(',', (u.Teams ?? []).Order(StringComparer.Ordinal)), StringComparer.Ordinal)
            .ThenBy(u => u.UserId, StringComparer.Ordinal)
            .Chunk(batchSize)
            .Select(chunk => new DeleteBatch(chunk))];
    }

    /// <summary>Deletes one batch; <paramref name="report"/> gets each id's outcome as soon as it is known.</summary>
    /// <param name="batch">The users.</param>
    /// <param name="beforeSend">Called with the ids just before each delete request (journal the intent here).</param>
    /// <param name="report">Receives outcomes.</param>
    /// <param name="cancellationToken">Aborts in-flight work.</param>
    /// <exception cref="RunAbortedException">The key was rejected, permission is missing or the server is gone; ids not reported are undecided.</exception>
    public async Task DeleteBatchAsync(DeleteBatch batch, Func<IReadOnlyList<string>, ValueTask> beforeSend, Action<IdOutcome> report, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(batch);
        ArgumentNullException.ThrowIfNull(beforeSend);
        ArgumentNullException.ThrowIfNull(report);
        var remaining = new List<string>(batch.Ids);
        var recheck = remaining.Any(_maybeOurs.ContainsKey);
        var attempts = 0;
        try
        {
            await _pipeline.ExecuteAsync(
                async ct =>
                {
                    // After a failed attempt, first find out what the failed request did.
                    recheck |= attempts++ > 0;
                    while (remaining.Count > 0)
                    {
                        if (recheck)
                        {
                            await RecheckAsync(remaining, report, ct).ConfigureAwait(false);
                            recheck = false;
                            if (remaining.Count == 0)
                            {
                                return;
                            }
                        }

                        if (!await SendAsync(batch, remaining, beforeSend, report, ct).ConfigureAwait(false))
                        {
                            recheck = true;
                        }
                    }
                },
                cancellationToken).ConfigureAwait(false);
        }
        catch (LiteLlmRequestFailedException failure) when (FailureReasons.IsFatal(failure))
        {
            throw new RunAbortedException(failure);
        }
        catch (LiteLlmRequestFailedException failure)
        {
            Settle(remaining, [.. remaining], IdFate.Failed, FailureReasons.Describe(failure), report);
        }
        catch (BulkTransactionFailedException failure)
        {
            Settle(remaining, [.. remaining], IdFate.Failed, FailureReasons.DeleteApiError + ": " + failure.Message, report);
        }
    }

    /// <returns>True when every remaining id got an outcome; false when some are gone and a re-check is needed.</returns>
    private async Task<bool> SendAsync(DeleteBatch batch, List<string> remaining, Func<IReadOnlyList<string>, ValueTask> beforeSend, Action<IdOutcome> report, CancellationToken cancellationToken)
    {
        var ids = remaining.ToList();
        await beforeSend(ids).ConfigureAwait(false);
        using var teams = await _teamLocks.AcquireAsync(batch.Teams, cancellationToken).ConfigureAwait(false);
        try
        {
            if (_endpoint == DeleteEndpoint.Legacy)
            {
                var count = await _client.Users.DeleteAsync(ids, cancellationToken).ConfigureAwait(false);
                _log.Debug($"deleted {count} of {ids.Count} users with /user/delete");
                Settle(remaining, ids, IdFate.Deleted, null, report);
                return true;
            }

            return HandleBulkResults(remaining, await _client.Users.BulkDeleteAsync(ids, cancellationToken).ConfigureAwait(false), report);
        }
        catch (LiteLlmRequestFailedException failure) when (failure.Status == 404 && _endpoint == DeleteEndpoint.Legacy)
        {
            // The legacy route checks every id before deleting any: nothing was deleted by this call.
            _log.Debug($"/user/delete answered 404 ({failure.ServerMessage}); re-checking which of {ids.Count} users still exist");
            var before = remaining.Count;
            await RecheckAsync(remaining, report, cancellationToken).ConfigureAwait(false);
            if (remaining.Count == before)
            {
                // Every user is still there, so the 404 is not about them (a wrong path or proxy).
                Settle(remaining, [.. remaining], IdFate.Failed, FailureReasons.Describe(failure), report);
            }

            return true;
        }
        catch (LiteLlmRequestFailedException failure) when (failure.OutcomeUnknown)
        {
            foreach (var id in ids)
            {
                _maybeOurs.TryAdd(id, 0);
            }

            _log.Debug($"delete of {ids.Count} users has an unknown outcome ({failure.Message}); will re-check before retrying");
            throw;
        }
    }

    private bool HandleBulkResults(List<string> remaining, IReadOnlyList<BulkDeleteResult> results, Action<IdOutcome> report)
    {
        var transactionFailed = false;
        foreach (var result in results)
        {
            if (!remaining.Contains(result.UserId))
            {
                continue;
            }

            if (result.Success)
            {
                Settle(remaining, [result.UserId], IdFate.Deleted, null, report);
            }
            else if (result.Error?.Contains("not found", StringComparison.OrdinalIgnoreCase) ?? false)
            {
                var ours = _maybeOurs.ContainsKey(result.UserId);
                Settle(remaining, [result.UserId], ours ? IdFate.Deleted : IdFate.Vanished, ours ? null : FailureReasons.Vanished, report);
            }
            else if (result.Error?.StartsWith("Failed to delete user", StringComparison.Ordinal) ?? false)
            {
                // The valid rows are deleted in one transaction; it failed, so none was deleted.
                transactionFailed = true;
            }
            else
            {
                var reason = result.Error?.Contains("scope", StringComparison.OrdinalIgnoreCase) ?? false
                    ? "Forbidden: " + result.Error
                    : FailureReasons.DeleteApiError + ": " + result.Error;
                Settle(remaining, [result.UserId], IdFate.Failed, reason, report);
            }
        }

        if (transactionFailed || remaining.Count > 0)
        {
            var why = results.FirstOrDefault(r => r.Error?.StartsWith("Failed to delete user", StringComparison.Ordinal) ?? false)?.Error
                ?? "the answer had no row for some ids";
            throw new BulkTransactionFailedException(why);
        }

        return true;
    }

    private async Task RecheckAsync(List<string> remaining, Action<IdOutcome> report, CancellationToken cancellationToken)
    {
        var existing = await _directory.FetchByIdsAsync(remaining, cancellationToken).ConfigureAwait(false);
        foreach (var id in remaining.Where(id => !existing.ContainsKey(id)).ToList())
        {
            var ours = _maybeOurs.ContainsKey(id);
            _log.Debug($"user {id} is gone: {(ours ? "deleted by this run's earlier attempt" : "deleted by someone else")}");
            Settle(remaining, [id], ours ? IdFate.Deleted : IdFate.Vanished, ours ? null : FailureReasons.Vanished, report);
        }
    }

    private static void Settle(List<string> remaining, IReadOnlyList<string> ids, IdFate fate, string? reason, Action<IdOutcome> report)
    {
        foreach (var id in ids)
        {
            if (remaining.Remove(id))
            {
                report(new IdOutcome(id, fate, reason));
            }
        }
    }
}

/// <summary>The v1 bulk delete's transaction failed: none of the valid rows was deleted, so the batch may be sent again.</summary>
internal sealed class BulkTransactionFailedException : Exception
{
    public BulkTransactionFailedException(string message)
        : base(message)
    {
    }

    public BulkTransactionFailedException()
    {
    }

    public BulkTransactionFailedException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
