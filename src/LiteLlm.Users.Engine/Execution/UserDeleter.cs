using LiteLlm.Admin;
using LiteLlm.Admin.Users;
using LiteLlm.Users.Engine.Runs;
using LiteLlm.Users.Engine.Safety;

namespace LiteLlm.Users.Engine.Execution;

/// <summary>
/// Deletes users for any verb, around the client's <see cref="UsersClient.DeleteManyAsync"/> (which
/// owns the route, the re-checks, the retries and the isolation of a failing user): it groups users
/// of the same teams into batches, runs them through the run's scheduler, keeps two batches that
/// share a team apart, journals each request's ids and takes the backup before the request leaves,
/// and tells the audit log and the verb each id's outcome.
/// </summary>
/// <remarks>
/// Each batch's outcomes are checked (<see cref="DeleteCheck"/>) before anyone is told of them, so an
/// output row gets its one outcome only once it is known to be true.
/// </remarks>
internal sealed class UserDeleter(RunContext context, UserWriteRoute route, IReadOnlyCollection<string> sentBefore, DeleteChecks? checks = null)
{
    private readonly DeleteCheck _check = new(context.Users, checks ?? DeleteChecks.Default, context.Log);

    /// <summary>Users the checks confirmed gone.</summary>
    public int Verified => _check.Verified;

    /// <summary>Users the proxy reported deleted that the checks found still there (reported failed).</summary>
    public int StillThere => _check.StillThere;

    /// <summary>The default batch: 100 ids for <c>/user/delete</c> (which checks each id in turn), 500 for the v1 bulk route.</summary>
    public int DefaultBatchSize => route == UserWriteRoute.BulkV1 ? UserWriteRoutes.MaxBulkV1Batch : 100;

    /// <summary>
    /// Deletes <paramref name="users"/> in batches of <paramref name="batchSize"/> (null = the
    /// default) through <paramref name="scheduler"/>; before each request <paramref name="journal"/>
    /// gets its ids (record the intent durably there) and the observers are told (the backup is
    /// taken); each id's outcome goes to the observers (the audit log), then to <paramref name="report"/>.
    /// </summary>
    public async Task DeleteAllAsync(
        IEnumerable<LiteLlmUser> users,
        int? batchSize,
        RunScheduler scheduler,
        TeamLocks locks,
        IReadOnlyList<IChangeObserver> observers,
        Action<IReadOnlyList<string>> journal,
        Action<IdOutcome, LiteLlmUser> report,
        CancellationToken stop,
        CancellationToken abort)
    {
        var size = Math.Clamp(batchSize ?? DefaultBatchSize, 1, UserWriteRoutes.MaxDeleteBatch(route));
        var batches = MakeBatches(users, size);
        context.Progress.StartPhase("Deleting", batches.Count);
        context.Log.Debug($"deleting {batches.Sum(b => b.Ids.Count)} users with {UserWriteRoutes.DeletePath(route)} in {batches.Count} batches of up to {size}");
        await scheduler.ForEachAsync(
            batches,
            async batch =>
            {
                try
                {
                    using var held = await locks.AcquireAsync(batch.Teams, abort).ConfigureAwait(false);
                    await DeleteBatchAsync(batch, observers, journal, report, abort).ConfigureAwait(false);
                }
                finally
                {
                    context.Progress.Step();
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

    private async Task DeleteBatchAsync(DeleteBatch batch, IReadOnlyList<IChangeObserver> observers, Action<IReadOnlyList<string>> journal, Action<IdOutcome, LiteLlmUser> report, CancellationToken cancellationToken)
    {
        var byId = batch.Users.ToDictionary(u => u.UserId, StringComparer.Ordinal);
        var settled = new List<UserDeleteOutcome>();
        var options = new UserDeleteOptions
        {
            Route = route,
            SentBefore = sentBefore,
            BeforeSend = async (ids, ct) =>
            {
                journal(ids);
                await observers.BeforeAsync(ChangeKind.Delete, [.. ids.Select(id => byId[id])], ct).ConfigureAwait(false);
            },
            OnOutcome = outcome =>
            {
                lock (settled)
                {
                    settled.Add(outcome);
                }
            },
        };

        LiteLlmRequestFailedException? fatal = null;
        try
        {
            await context.Client.Users.DeleteManyAsync(batch.Ids, options, cancellationToken).ConfigureAwait(false);
        }
        catch (LiteLlmRequestFailedException failure) when (failure.IsFatal)
        {
            fatal = failure;
        }
        catch (OperationCanceledException)
        {
            // Abandoned: what the proxy settled so far is still reported, unchecked.
            Report(Words(settled, byId), byId, observers, report);
            throw;
        }

        var outcomes = Words(settled, byId);
        if (fatal is null)
        {
            try
            {
                outcomes = await _check.ApplyAsync([.. outcomes.Select(o => (o, byId[o.UserId]))], cancellationToken).ConfigureAwait(false);
            }
            catch (LiteLlmRequestFailedException failure) when (failure.IsFatal)
            {
                fatal = failure;
            }
            catch (OperationCanceledException)
            {
                Report(outcomes, byId, observers, report);
                throw;
            }
        }

        Report(outcomes, byId, observers, report);
        if (fatal is not null)
        {
            throw new RunAbortedException(fatal);
        }
    }

    private static IReadOnlyList<IdOutcome> Words(List<UserDeleteOutcome> settled, Dictionary<string, LiteLlmUser> byId)
    {
        lock (settled)
        {
            return [.. settled.Where(o => byId.ContainsKey(o.UserId)).Select(Word)];
        }
    }

    /// <summary>Tells the observers (the audit log) and the verb each outcome.</summary>
    private static void Report(IReadOnlyList<IdOutcome> outcomes, Dictionary<string, LiteLlmUser> byId, IReadOnlyList<IChangeObserver> observers, Action<IdOutcome, LiteLlmUser> report)
    {
        foreach (var result in outcomes)
        {
            var user = byId[result.UserId];
            var deleted = result.Fate == IdFate.Done;
            observers.After(new ChangeRecord(ChangeKind.Delete, result.UserId, user.UserEmail, deleted, deleted ? "Deleted" : result.Reason ?? FailureReasons.DeleteApiError));
            report(result, user);
        }
    }

    /// <summary>The client's outcome in the output files' words.</summary>
    private static IdOutcome Word(UserDeleteOutcome outcome) => outcome.Status switch
    {
        UserDeleteStatus.Deleted => new IdOutcome(outcome.UserId, IdFate.Done, null),
        UserDeleteStatus.NotFound => new IdOutcome(outcome.UserId, IdFate.Vanished, FailureReasons.Vanished),
        _ => new IdOutcome(
            outcome.UserId,
            IdFate.Failed,
            (outcome.Failure is { } failure ? FailureReasons.Describe(failure) : FailureReasons.DeleteApiError)
                + (outcome.Hint is { } hint ? "; " + hint : string.Empty)),
    };
}
