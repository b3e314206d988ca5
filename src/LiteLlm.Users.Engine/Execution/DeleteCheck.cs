using System.Globalization;
using LiteLlm.Admin;
using LiteLlm.Admin.Users;
using LiteLlm.Users.Engine.Matching;
using LiteLlm.Users.Engine.Runs;

namespace LiteLlm.Users.Engine.Execution;

/// <summary>What <see cref="DeleteCheck"/> does after each delete batch.</summary>
/// <param name="VerifyGone">Confirm that every user the proxy reported deleted is gone; one still listed becomes a failure.</param>
/// <param name="ExplainKeys">Say, for a user whose delete failed, whether the failed attempt deleted its keys anyway (fleet row 1).</param>
/// <param name="BackupTaken">Whether a backup was taken before the delete (the error row then says it holds the keys' metadata); null = not known, not said.</param>
internal sealed record DeleteChecks(bool VerifyGone, bool ExplainKeys, bool? BackupTaken)
{
    /// <summary>No verification; failed users' keys are explained.</summary>
    public static DeleteChecks Default { get; } = new(VerifyGone: false, ExplainKeys: true, BackupTaken: null);
}

/// <summary>
/// Checks one delete batch before its rows are written, with one <c>/user/list?user_ids=…</c> per 100
/// users (the filter is an exact <c>IN</c> for several ids; the match is exact here too): a user the
/// proxy reported <c>Deleted</c> must be gone, and a user whose delete failed is read again for its
/// <c>key_count</c>, because older LiteLLM deletes every requested user's keys before its user-row
/// delete fails (fleet row 1: issues #4740, #23114). No request when there is nothing to check.
/// </summary>
internal sealed class DeleteCheck(UserDirectory users, DeleteChecks checks, IRunLog log)
{
    /// <summary>Users confirmed gone.</summary>
    public int Verified => Volatile.Read(ref _verified);

    /// <summary>Users reported deleted but still listed.</summary>
    public int StillThere => Volatile.Read(ref _stillThere);

    private int _verified;
    private int _stillThere;

    /// <summary>The outcomes of a batch, checked. A lookup that fails (not fatally) leaves them as the proxy reported them, with a warning.</summary>
    /// <exception cref="LiteLlmRequestFailedException">A fatal failure of the lookup (the outcomes are then unchecked).</exception>
    public async Task<IReadOnlyList<IdOutcome>> ApplyAsync(IReadOnlyList<(IdOutcome Outcome, LiteLlmUser User)> batch, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(batch);
        var deleted = checks.VerifyGone ? batch.Where(b => b.Outcome.Fate == IdFate.Done).Select(b => b.User.UserId).ToList() : [];
        var failed = checks.ExplainKeys ? batch.Where(b => b.Outcome.Fate == IdFate.Failed && b.User.KeyCount > 0).Select(b => b.User.UserId).ToList() : [];
        if (deleted.Count + failed.Count == 0)
        {
            return [.. batch.Select(b => b.Outcome)];
        }

        IReadOnlyDictionary<string, LiteLlmUser> now;
        try
        {
            now = await users.FetchByIdsAsync(deleted.Concat(failed), cancellationToken).ConfigureAwait(false);
        }
        catch (LiteLlmRequestFailedException failure) when (!failure.IsFatal)
        {
            log.Warn($"Could not check {deleted.Count + failed.Count} users after their delete ({FailureReasons.Describe(failure)}); they are reported as the proxy answered.");
            return [.. batch.Select(b => b.Outcome)];
        }

        var gone = deleted.Count(id => !now.ContainsKey(id));
        Interlocked.Add(ref _verified, gone);
        Interlocked.Add(ref _stillThere, deleted.Count - gone);
        return [.. batch.Select(b => Checked(b.Outcome, b.User, now))];
    }

    private IdOutcome Checked(IdOutcome outcome, LiteLlmUser before, IReadOnlyDictionary<string, LiteLlmUser> now)
    {
        if (outcome.Fate == IdFate.Done)
        {
            return checks.VerifyGone && now.ContainsKey(outcome.UserId)
                ? outcome with
                {
                    Fate = IdFate.Failed,
                    Reason = FailureReasons.DeleteApiError + ": the proxy answered that the user was deleted, but /user/list still lists it (checked after the delete); not deleted",
                }
                : outcome;
        }

        if (outcome.Fate != IdFate.Failed || !checks.ExplainKeys || before.KeyCount is not > 0)
        {
            return outcome;
        }

        var had = before.KeyCount.Value;
        if (!now.TryGetValue(outcome.UserId, out var current))
        {
            return outcome with { Reason = outcome.Reason + "; yet /user/list no longer lists the user: check it by hand" };
        }

        if (current.KeyCount is not { } left || left >= had)
        {
            return outcome;
        }

        var where = checks.BackupTaken switch
        {
            true => "; the backup taken before the request holds their metadata",
            false => "; no backup was taken (--no-backup)",
            null => string.Empty,
        };
        return outcome with
        {
            Reason = outcome.Reason + string.Create(
                CultureInfo.InvariantCulture,
                $"; the failed attempt still deleted {had - left} of the user's {had} keys (LiteLLM deletes keys before the user row): {left} left{where}"),
        };
    }
}
