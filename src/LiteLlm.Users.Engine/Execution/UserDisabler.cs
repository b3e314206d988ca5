using LiteLlm.Admin;
using LiteLlm.Admin.Users;
using LiteLlm.Users.Engine.Runs;
using LiteLlm.Users.Engine.Safety;

namespace LiteLlm.Users.Engine.Execution;

/// <summary>
/// Disables one user, in an order that makes every step safe to interrupt and to repeat:
/// <list type="number">
/// <item>read the user's keys (<c>/key/list?user_id=…</c>, every page);</item>
/// <item>one <c>/user/update</c> that writes the <see cref="DisableRecord"/> (the keys about to be
/// blocked, the role before) and sets the role <c>internal_user_viewer</c>, so the user can create no
/// new key — the original role is recorded in the same request that changes it;</item>
/// <item><c>/key/block</c> for each key that is not blocked yet (all of them are in the record by now).</item>
/// </list>
/// A rerun reads the record back: it keeps the original time, operator and role, adds only keys that
/// are not blocked and not recorded yet, and blocks only keys that are not blocked. A key that was
/// blocked before the first run is never recorded, so <c>enable</c> leaves it blocked.
/// </summary>
internal sealed class UserDisabler(LiteLlmAdminClient client, IReadOnlyList<IChangeObserver> observers, string operatorName, TimeProvider time)
{
    /// <summary>The role of a disabled user: it may not create keys (LiteLLM's read-only internal role).</summary>
    public const string DisabledRole = "internal_user_viewer";

    /// <summary>Words of an unclassified failure.</summary>
    public const string ApiError = "Failed to disable user (API error)";

    /// <summary>Disables <paramref name="user"/> (as just read).</summary>
    /// <param name="user">The user, with its metadata and role as just read.</param>
    /// <param name="resumed">An interrupted run sent a change for the user: nothing left to do then means that run did it.</param>
    /// <param name="beforeChange">Called once before the first request that changes anything (the journal's intent).</param>
    /// <param name="cancellationToken">Gives up on requests in flight.</param>
    /// <exception cref="RunAbortedException">The key was rejected, permission is missing or the server is gone.</exception>
    public async Task<UserOutcome> DisableAsync(LiteLlmUser user, bool resumed, Action beforeChange, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(user);
        ArgumentNullException.ThrowIfNull(beforeChange);
        if (!DisableRecord.TryRead(user.Metadata, out var record))
        {
            return UserOutcome.Failed(user.UserId, $"Not disabled: metadata[\"{DisableRecord.MetadataKey}\"] of user {user.UserId} was not written by litellm-users; nothing changed");
        }

        var blocked = 0;
        try
        {
            var keys = await client.Keys.GetUserKeysAsync(user.UserId, cancellationToken).ConfigureAwait(false);
            var open = keys.Where(k => k.Blocked != true && !string.IsNullOrEmpty(k.Token)).Select(k => k.Token!).Distinct(StringComparer.Ordinal).ToList();
            var recorded = record?.BlockedKeys ?? [];
            var unrecorded = open.Except(recorded, StringComparer.Ordinal).ToList();
            var writeRecord = record is null || unrecorded.Count > 0;
            var changeRole = !string.Equals(user.UserRole, DisabledRole, StringComparison.Ordinal);
            if (!writeRecord && !changeRole && open.Count == 0)
            {
                if (!resumed)
                {
                    return new UserOutcome(user.UserId, UserFate.Unchanged, null);
                }

                // The interrupted run did it (after its intent) but never reported it: recorded now.
                observers.After(new ChangeRecord(ChangeKind.Disable, user.UserId, user.UserEmail, true, "Disabled (by the interrupted run)"));
                return new UserOutcome(user.UserId, UserFate.Changed, null);
            }

            beforeChange();
            await observers.BeforeAsync(ChangeKind.Disable, [user], cancellationToken).ConfigureAwait(false);
            if (writeRecord || changeRole)
            {
                var next = record is null
                    ? new DisableRecord(time.GetUtcNow(), operatorName, unrecorded, user.UserRole)
                    : record with { BlockedKeys = [.. recorded, .. unrecorded] };
                await client.Users.UpdateAsync(
                    new UpdateUserRequest(user.UserId)
                    {
                        Metadata = writeRecord ? next.WriteInto(user.Metadata) : null,
                        UserRole = changeRole ? DisabledRole : null,
                    },
                    cancellationToken).ConfigureAwait(false);
            }

            foreach (var token in open)
            {
                await client.Keys.BlockAsync(token, cancellationToken).ConfigureAwait(false);
                blocked++;
            }
        }
        catch (LiteLlmRequestFailedException failure) when (FailureReasons.IsFatal(failure))
        {
            throw new RunAbortedException(failure);
        }
        catch (LiteLlmRequestFailedException failure)
        {
            var reason = FailureReasons.Describe(failure, ApiError);
            observers.After(new ChangeRecord(ChangeKind.Disable, user.UserId, user.UserEmail, false, reason));
            return UserOutcome.Failed(user.UserId, reason);
        }

        observers.After(new ChangeRecord(ChangeKind.Disable, user.UserId, user.UserEmail, true, UserOutcome.Words("Disabled", blocked, "blocked")));
        return new UserOutcome(user.UserId, UserFate.Changed, null, blocked);
    }
}
