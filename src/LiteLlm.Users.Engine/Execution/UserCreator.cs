using System.Collections.Concurrent;
using LiteLlm.Admin;
using LiteLlm.Admin.Users;
using LiteLlm.Users.Engine.Matching;
using LiteLlm.Users.Engine.Runs;
using LiteLlm.Users.Engine.Safety;

namespace LiteLlm.Users.Engine.Execution;

/// <summary>
/// Creates users and reports one outcome per user. Every request carries a user id the caller
/// chose (and journaled) beforehand, so a create whose outcome is unknown (timeout, dropped
/// connection, 500) is settled by looking that id up before it is sent again, and a 409 for our own
/// id means an earlier attempt landed. Nothing is ever created twice. A failed v1 bulk request
/// falls back to one <c>/user/new</c> per user that is not there yet.
/// </summary>
internal sealed class UserCreator
{
    /// <summary>Words of an unclassified create failure.</summary>
    public const string CreateApiError = "Failed to create user (API error)";

    private readonly LiteLlmAdminClient _client;
    private readonly UserDirectory _directory;
    private readonly RetrySettings _retry;
    private readonly IRunLog _log;
    private readonly ConcurrentDictionary<string, byte> _maybeOurs;

    /// <summary>Creates a creator.</summary>
    /// <param name="client">The proxy.</param>
    /// <param name="directory">Used to look ids up.</param>
    /// <param name="retry">Retries of creates whose outcome is unknown.</param>
    /// <param name="log">Debug log.</param>
    /// <param name="sentBefore">Ids an interrupted run sent a create for.</param>
    public UserCreator(LiteLlmAdminClient client, UserDirectory directory, RetrySettings retry, IRunLog log, IEnumerable<string>? sentBefore = null)
    {
        _client = client ?? throw new ArgumentNullException(nameof(client));
        _directory = directory ?? throw new ArgumentNullException(nameof(directory));
        _retry = retry ?? new RetrySettings();
        _log = log ?? NullRunLog.Instance;
        _maybeOurs = new ConcurrentDictionary<string, byte>((sentBefore ?? []).Select(id => KeyValuePair.Create(id, (byte)0)), StringComparer.Ordinal);
    }

    /// <summary>The route to use: <paramref name="requested"/>, or for <see cref="CreateEndpoint.Auto"/> the v1 bulk route when the proxy has it.</summary>
    public static async Task<CreateEndpoint> ChooseEndpointAsync(LiteLlmAdminClient client, CreateEndpoint requested, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(client);
        if (requested != CreateEndpoint.Auto)
        {
            return requested;
        }

        // A GET on the POST route changes nothing: 405 = the route exists, 404 = it does not.
        return await client.HasRouteAsync("/management/v1/users/bulk", cancellationToken).ConfigureAwait(false)
            ? CreateEndpoint.BulkV1
            : CreateEndpoint.Legacy;
    }

    /// <summary>
    /// Creates users through <paramref name="scheduler"/> (so a fatal failure or Ctrl+C stops it),
    /// with the v1 bulk route in batches or one <c>/user/new</c> each, holding the locks of the teams
    /// they join: before each request <paramref name="journal"/> gets the requests (record their
    /// chosen ids durably there) and the observers are told; each outcome goes to the observers
    /// (the audit log), then to <paramref name="finish"/>.
    /// </summary>
    /// <param name="requests">The users, each with the id the caller chose.</param>
    /// <param name="endpoint">Legacy or BulkV1 (already chosen).</param>
    /// <param name="batchSize">Users per bulk request (1–500); null = 500.</param>
    /// <param name="locks">Team locks shared with the job's other team changes.</param>
    /// <param name="scheduler">Runs the requests and keeps the fatal failure.</param>
    /// <param name="observers">Backup and audit.</param>
    /// <param name="journal">Receives the requests just before they are sent.</param>
    /// <param name="finish">Receives each outcome.</param>
    /// <param name="progress">Counts users.</param>
    /// <param name="stop">Ctrl+C: start nothing new.</param>
    /// <param name="abort">Give up on requests in flight.</param>
    public async Task CreateAllAsync(
        IReadOnlyList<CreateUserRequest> requests,
        CreateEndpoint endpoint,
        int? batchSize,
        TeamLocks locks,
        RunScheduler scheduler,
        IReadOnlyList<IChangeObserver> observers,
        Action<IReadOnlyList<CreateUserRequest>> journal,
        Func<CreateUserRequest, CreateOutcome, Task> finish,
        RunProgress progress,
        CancellationToken stop,
        CancellationToken abort)
    {
        ArgumentNullException.ThrowIfNull(requests);
        ArgumentNullException.ThrowIfNull(locks);
        ArgumentNullException.ThrowIfNull(scheduler);
        ArgumentNullException.ThrowIfNull(observers);
        ArgumentNullException.ThrowIfNull(journal);
        ArgumentNullException.ThrowIfNull(finish);
        ArgumentNullException.ThrowIfNull(progress);
        progress.StartPhase("Creating", requests.Count);
        var batches = endpoint == CreateEndpoint.BulkV1
            ? requests.Chunk(Math.Clamp(batchSize ?? 500, 1, 500)).ToList()
            : [.. requests.Select(r => new[] { r })];
        _log.Debug(endpoint == CreateEndpoint.BulkV1
            ? $"creating {requests.Count} users with /management/v1/users/bulk in {batches.Count} batches"
            : $"creating {requests.Count} users with /user/new");
        await scheduler.ForEachAsync(
            batches,
            async batch =>
            {
                using (await locks.AcquireAsync(batch.SelectMany(r => r.Teams ?? []), abort).ConfigureAwait(false))
                {
                    // Journal the chosen ids durably before the request leaves, then let observers act.
                    journal(batch);
                    await observers.BeforeAsync(ChangeKind.Create, [.. batch.Select(Preview)], abort).ConfigureAwait(false);
                    var outcomes = endpoint == CreateEndpoint.BulkV1
                        ? await CreateBatchAsync(batch, abort).ConfigureAwait(false)
                        : [await CreateAsync(batch[0], abort).ConfigureAwait(false)];
                    for (var i = 0; i < batch.Length; i++)
                    {
                        observers.After(new ChangeRecord(ChangeKind.Create, outcomes[i].UserId, batch[i].UserEmail, outcomes[i].Created, outcomes[i].Created ? "Created" : outcomes[i].Reason ?? CreateApiError));
                        await finish(batch[i], outcomes[i]).ConfigureAwait(false);
                    }
                }

                progress.Step(batch.Length);
            },
            stop,
            abort).ConfigureAwait(false);
    }

    /// <summary>Creates one user with <c>/user/new</c>.</summary>
    /// <exception cref="RunAbortedException">The key was rejected, permission is missing or the server is gone.</exception>
    public async Task<CreateOutcome> CreateAsync(CreateUserRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var id = request.UserId ?? throw new ArgumentException("Choose the user id before creating.", nameof(request));
        var attempts = 0;
        var pipeline = LiteLlmRetry.Create(
            _retry,
            e => e is LiteLlmRequestFailedException f && f.IsTransient && !FailureReasons.IsFatal(f),
            info =>
            {
                _client.Statistics.RecordRetry();
                _log.Debug($"create {id}: retry {info.Attempt + 1} in {(int)info.Delay.TotalMilliseconds} ms after: {info.Failure.Message}");
            });
        try
        {
            return await pipeline.ExecuteAsync(
                async ct =>
                {
                    // After an attempt with an unknown outcome, first find out whether it landed.
                    if ((attempts++ > 0 || _maybeOurs.ContainsKey(id)) && await ExistsAsync(id, ct).ConfigureAwait(false))
                    {
                        _log.Debug($"user {id} exists: created by an earlier attempt of this run");
                        return new CreateOutcome(id, true, null, null);
                    }

                    try
                    {
                        var response = await _client.Users.CreateAsync(request, ct).ConfigureAwait(false);
                        return new CreateOutcome(string.IsNullOrEmpty(response.UserId) ? id : response.UserId, true, NonEmpty(response.Key), null);
                    }
                    catch (LiteLlmRequestFailedException failure) when (failure.OutcomeUnknown)
                    {
                        _maybeOurs.TryAdd(id, 0);
                        throw;
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
            // 409 for an id only this run knows: an earlier attempt landed after all.
            if (failure.Status == 409 && await ExistsAsync(id, cancellationToken).ConfigureAwait(false))
            {
                return new CreateOutcome(id, true, null, null);
            }

            return new CreateOutcome(id, false, null, FailureReasons.Describe(failure, CreateApiError));
        }
    }

    /// <summary>Creates up to 500 users with one <c>/management/v1/users/bulk</c> request; outcomes in request order.</summary>
    /// <exception cref="RunAbortedException">The key was rejected, permission is missing or the server is gone.</exception>
    public async Task<IReadOnlyList<CreateOutcome>> CreateBatchAsync(IReadOnlyList<CreateUserRequest> requests, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(requests);
        var ids = requests.Select(r => r.UserId ?? throw new ArgumentException("Choose the user ids before creating.", nameof(requests))).ToList();
        var outcomes = new CreateOutcome?[requests.Count];
        try
        {
            var answer = await _client.Users.BulkCreateAsync(requests, cancellationToken).ConfigureAwait(false);
            for (var i = 0; i < Math.Min(answer.Data.Count, requests.Count); i++)
            {
                var row = answer.Data[i];
                outcomes[i] = row.Success
                    ? new CreateOutcome(row.UserId ?? ids[i], true, NonEmpty(row.Key), null)
                    : new CreateOutcome(ids[i], false, null, CreateApiError + ": " + row.Error);
            }
        }
        catch (LiteLlmRequestFailedException failure) when (FailureReasons.IsFatal(failure))
        {
            throw new RunAbortedException(failure);
        }
        catch (LiteLlmRequestFailedException failure)
        {
            _log.Debug($"bulk create of {requests.Count} users failed ({failure.Message}); checking which exist, then creating the rest one by one");
            var existing = await _directory.FetchByIdsAsync(ids, cancellationToken).ConfigureAwait(false);
            for (var i = 0; i < ids.Count; i++)
            {
                if (existing.ContainsKey(ids[i]))
                {
                    outcomes[i] = new CreateOutcome(ids[i], true, null, null);
                }
            }
        }

        for (var i = 0; i < requests.Count; i++)
        {
            outcomes[i] ??= await CreateAsync(requests[i], cancellationToken).ConfigureAwait(false);
        }

        return [.. outcomes.Select(o => o!)];
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

    private async Task<bool> ExistsAsync(string id, CancellationToken cancellationToken) =>
        (await _directory.FetchByIdsAsync([id], cancellationToken).ConfigureAwait(false)).ContainsKey(id);

    private static string? NonEmpty(string? key) => string.IsNullOrEmpty(key) ? null : key;
}
