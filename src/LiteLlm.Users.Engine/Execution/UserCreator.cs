using LiteLlm.Admin;
using LiteLlm.Admin.Users;
using LiteLlm.Users.Engine.Runs;
using LiteLlm.Users.Engine.Safety;

namespace LiteLlm.Users.Engine.Execution;

/// <summary>
/// Creates users for any verb, around the client's <see cref="UsersClient.CreateManyAsync"/> (which
/// owns the route, the look-ups after an unknown outcome, the retries and the isolation): every
/// request carries a user id the caller chose and journaled, so nothing is ever created twice. It
/// runs the batches through the run's scheduler holding the locks of the teams they join, tells the
/// observers before and after, and hands each outcome to the verb.
/// </summary>
internal sealed class UserCreator(RunContext context, UserWriteRoute route, IReadOnlyCollection<string> sentBefore)
{
    /// <summary>Words of an unclassified create failure.</summary>
    public const string CreateApiError = "Failed to create user (API error)";

    /// <summary>
    /// Creates users through <paramref name="scheduler"/>: v1 bulk in batches of
    /// <paramref name="batchSize"/> (null = 500), or one <c>/user/new</c> each; before each request
    /// <paramref name="journal"/> gets its ids and the observers are told; each outcome goes to the
    /// observers (the audit log), then to <paramref name="finish"/>.
    /// </summary>
    public async Task CreateAllAsync(
        IReadOnlyList<CreateUserRequest> requests,
        int? batchSize,
        RunScheduler scheduler,
        TeamLocks locks,
        IReadOnlyList<IChangeObserver> observers,
        Action<IReadOnlyList<string>> journal,
        Func<CreateUserRequest, CreateOutcome, Task> finish,
        CancellationToken stop,
        CancellationToken abort)
    {
        ArgumentNullException.ThrowIfNull(requests);
        context.Progress.StartPhase("Creating", requests.Count);
        var size = Math.Clamp(batchSize ?? UserWriteRoutes.MaxBulkV1Batch, 1, UserWriteRoutes.MaxCreateBatch(route));
        var batches = requests.Chunk(size).ToList();
        context.Log.Debug($"creating {requests.Count} users with {UserWriteRoutes.CreatePath(route)} in {batches.Count} requests");
        await scheduler.ForEachAsync(
            batches,
            async batch =>
            {
                using (await locks.AcquireAsync(batch.SelectMany(r => r.Teams ?? []), abort).ConfigureAwait(false))
                {
                    await CreateBatchAsync(batch, observers, journal, finish, abort).ConfigureAwait(false);
                }

                context.Progress.Step(batch.Length);
            },
            stop,
            abort).ConfigureAwait(false);
    }

    private async Task CreateBatchAsync(CreateUserRequest[] batch, IReadOnlyList<IChangeObserver> observers, Action<IReadOnlyList<string>> journal, Func<CreateUserRequest, CreateOutcome, Task> finish, CancellationToken cancellationToken)
    {
        var byId = batch.ToDictionary(r => r.UserId!, StringComparer.Ordinal);
        var settled = new List<UserCreateOutcome>();
        var options = new UserCreateOptions
        {
            Route = route,
            SentBefore = sentBefore,
            BeforeSend = async (ids, ct) =>
            {
                // Journal the chosen ids durably before the request leaves, then let observers act.
                journal(ids);
                await observers.BeforeAsync(ChangeKind.Create, [.. ids.Select(id => Preview(byId[id]))], ct).ConfigureAwait(false);
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
            await context.Client.Users.CreateManyAsync(batch, options, cancellationToken).ConfigureAwait(false);
        }
        catch (LiteLlmRequestFailedException failure) when (failure.IsFatal)
        {
            fatal = failure;
        }

        // Outcomes settled before a fatal failure are reported too.
        foreach (var outcome in settled)
        {
            var created = outcome.Status == UserCreateStatus.Created;
            var reason = created ? null : outcome.Failure is { } failure ? FailureReasons.Describe(failure, CreateApiError) : CreateApiError;
            var request = byId[outcome.UserId];
            observers.After(new ChangeRecord(ChangeKind.Create, outcome.UserId, request.UserEmail, created, created ? "Created" : reason!));
            await finish(request, new CreateOutcome(outcome.UserId, created, outcome.Key, reason)).ConfigureAwait(false);
        }

        if (fatal is not null)
        {
            throw new RunAbortedException(fatal);
        }
    }

    /// <summary>The user a request will create, as observers see it before it exists.</summary>
    private static LiteLlmUser Preview(CreateUserRequest request) => new()
    {
        UserId = request.UserId!,
        UserEmail = request.UserEmail,
        UserRole = request.UserRole,
        UserAlias = request.UserAlias,
        Teams = request.Teams,
        MaxBudget = request.MaxBudget,
        BudgetDuration = request.BudgetDuration,
        Models = request.Models,
    };
}
