using System.Collections.Concurrent;
using LiteLlm.Admin;
using LiteLlm.Admin.Users;
using LiteLlm.Users.Engine.Add;
using LiteLlm.Users.Engine.Matching;
using LiteLlm.Users.Engine.Reporting;

namespace LiteLlm.Users.Engine.Execution;

/// <summary>What happened to one create.</summary>
/// <param name="UserId">The user's id (chosen by the caller, so it is known before the request).</param>
/// <param name="Created">Whether the user exists now because of this run.</param>
/// <param name="Key">The new key's secret, when the server minted one and said so.</param>
/// <param name="Reason">Why it failed.</param>
public sealed record CreateOutcome(string UserId, bool Created, string? Key, string? Reason);

/// <summary>
/// Creates users and reports one outcome per user. Every request carries a user id the caller
/// chose (and journaled) beforehand, so a create whose outcome is unknown (timeout, dropped
/// connection, 500) is settled by looking that id up before it is sent again, and a 409 for our own
/// id means an earlier attempt landed. Nothing is ever created twice. A failed v1 bulk request
/// falls back to one <c>/user/new</c> per user that is not there yet.
/// </summary>
public sealed class UserCreator
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

    private async Task<bool> ExistsAsync(string id, CancellationToken cancellationToken) =>
        (await _directory.FetchByIdsAsync([id], cancellationToken).ConfigureAwait(false)).ContainsKey(id);

    private static string? NonEmpty(string? key) => string.IsNullOrEmpty(key) ? null : key;
}
