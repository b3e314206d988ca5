using LiteLlm.Admin;
using LiteLlm.Admin.Users;
using LiteLlm.Users.Engine.Runs;
using LiteLlm.Users.Engine.Safety;

namespace LiteLlm.Users.Engine.Execution;

/// <summary>
/// Enables one user that <see cref="UserDisabler"/> disabled, undoing exactly what the
/// <see cref="DisableRecord"/> says, in an order safe to interrupt and to repeat:
/// <list type="number">
/// <item><c>/key/unblock</c> for each recorded key the user still owns that is blocked (never
/// another key: a key blocked before the disable, or someone else's, stays as it is);</item>
/// <item>one <c>/user/update</c> that restores the recorded role and removes the record — last, so
/// a rerun after a crash still knows which keys were ours.</item>
/// </list>
/// A recorded role of <c>proxy_admin</c> is restored only when admins are allowed (the record lives
/// in metadata, which any admin can edit).
/// </summary>
internal sealed class UserEnabler(LiteLlmAdminClient client, IReadOnlyList<IChangeObserver> observers, bool includeAdmins)
{
    /// <summary>The reason of a user without the record.</summary>
    public const string NotDisabled = "Not disabled by litellm-users";

    /// <summary>Words of an unclassified failure.</summary>
    public const string ApiError = "Failed to enable user (API error)";

    /// <summary>The role LiteLLM gives a user without one (<c>auth_checks._get_user_role</c>): restored for a record whose role was null, as /user/update cannot set null.</summary>
    public const string DefaultRole = "internal_user";

    private static readonly string[] Roles = ["proxy_admin", "proxy_admin_viewer", DefaultRole, UserDisabler.DisabledRole];

    /// <summary>Why <paramref name="user"/> cannot be enabled, or null when it can (a check of the record alone, nothing sent).</summary>
    public string? WhyNot(LiteLlmUser user)
    {
        ArgumentNullException.ThrowIfNull(user);
        if (!DisableRecord.TryRead(user.Metadata, out var record))
        {
            return $"Not enabled: metadata[\"{DisableRecord.MetadataKey}\"] of user {user.UserId} was not written by litellm-users; nothing changed";
        }

        if (record is null)
        {
            return NotDisabled;
        }

        var role = record.Role ?? DefaultRole;
        if (!Roles.Contains(role, StringComparer.Ordinal))
        {
            return $"Not enabled: the recorded role '{role}' is not one /user/update accepts; nothing changed";
        }

        return role == "proxy_admin" && !includeAdmins
            ? $"Protected: enabling {user.UserId} would restore role proxy_admin (use --include-admins to allow it); nothing changed"
            : null;
    }

    /// <summary>Enables <paramref name="user"/> (as just read).</summary>
    /// <param name="user">The user, with its metadata as just read.</param>
    /// <param name="beforeChange">Called once before the first request that changes anything (the journal's intent).</param>
    /// <param name="cancellationToken">Gives up on requests in flight.</param>
    /// <exception cref="RunAbortedException">The key was rejected, permission is missing or the server is gone.</exception>
    public async Task<UserOutcome> EnableAsync(LiteLlmUser user, Action beforeChange, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(user);
        ArgumentNullException.ThrowIfNull(beforeChange);
        if (WhyNot(user) is { } why)
        {
            return UserOutcome.Failed(user.UserId, why);
        }

        var record = DisableRecord.Of(user)!;
        var role = record.Role ?? DefaultRole;
        var unblocked = 0;
        try
        {
            var ours = record.BlockedKeys.ToHashSet(StringComparer.Ordinal);
            var keys = await client.Keys.GetUserKeysAsync(user.UserId, cancellationToken).ConfigureAwait(false);
            var toUnblock = keys.Where(k => k.Blocked == true && k.Token is not null && ours.Contains(k.Token)).Select(k => k.Token!).Distinct(StringComparer.Ordinal).ToList();
            beforeChange();
            await observers.BeforeAsync(ChangeKind.Enable, [user], cancellationToken).ConfigureAwait(false);
            foreach (var token in toUnblock)
            {
                await client.Keys.UnblockAsync(token, cancellationToken).ConfigureAwait(false);
                unblocked++;
            }

            var changeRole = !string.Equals(user.UserRole, role, StringComparison.Ordinal);
            await client.Users.UpdateAsync(
                new UpdateUserRequest(user.UserId)
                {
                    Metadata = DisableRecord.RemoveFrom(user.Metadata),
                    UserRole = changeRole ? role : null,

                    // Setting internal_user makes LiteLLM apply litellm.max_internal_user_budget and
                    // internal_user_budget_duration unless the request carries them
                    // (_update_internal_user_params): send the user's own values back.
                    MaxBudget = changeRole && role == DefaultRole ? user.MaxBudget : null,
                    BudgetDuration = changeRole && role == DefaultRole ? user.BudgetDuration : null,
                },
                cancellationToken).ConfigureAwait(false);
        }
        catch (LiteLlmRequestFailedException failure) when (FailureReasons.IsFatal(failure))
        {
            throw new RunAbortedException(failure);
        }
        catch (LiteLlmRequestFailedException failure)
        {
            var reason = FailureReasons.Describe(failure, ApiError);
            observers.After(new ChangeRecord(ChangeKind.Enable, user.UserId, user.UserEmail, false, reason));
            return UserOutcome.Failed(user.UserId, reason);
        }

        observers.After(new ChangeRecord(ChangeKind.Enable, user.UserId, user.UserEmail, true, UserOutcome.Words("Enabled", unblocked, "unblocked")));
        return new UserOutcome(user.UserId, UserFate.Changed, null, unblocked);
    }
}
