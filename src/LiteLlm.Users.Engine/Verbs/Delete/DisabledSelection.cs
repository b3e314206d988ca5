using System.Globalization;
using LiteLlm.Admin.Users;
using LiteLlm.Users.Engine.Execution;
using LiteLlm.Users.Engine.Matching;
using LiteLlm.Users.Engine.Runs;

namespace LiteLlm.Users.Engine.Verbs.Delete;

/// <summary>A user <c>delete --disabled-before</c> chose without a CSV, as the journal keeps it (once deleted, a rerun could not choose it again).</summary>
/// <param name="Line">The row's line.</param>
/// <param name="UserId">The user.</param>
/// <param name="Email">The user's email.</param>
internal sealed record DisabledCandidate(int Line, string UserId, string? Email);

/// <summary>
/// The second step of the offboarding, <c>delete --disabled-before AGE</c>: users whose
/// <see cref="DisableRecord"/> is at least AGE old. Without a CSV it chooses them from one read of
/// every user (rows in user_id order); with a CSV, or a plan made with the option, it turns every
/// delete row whose users are not all due into an error row. A re-enabled user has no record, so it is
/// never chosen; the check is made by every run (also one applying a plan), on the users as just read.
/// </summary>
internal sealed class DisabledSelection(TimeSpan age, DateTimeOffset now)
{
    /// <summary>The record must be at least this old.</summary>
    public TimeSpan Age { get; } = age;

    /// <summary>Records at or before this time are due.</summary>
    public DateTimeOffset Cutoff { get; } = now - age;

    /// <summary>Why <paramref name="user"/> is not due, or null when it is.</summary>
    public string? WhyNot(LiteLlmUser user)
    {
        ArgumentNullException.ThrowIfNull(user);
        return DisableRecord.Of(user) switch
        {
            null => $"Not deleted: {user.UserId} is not disabled by litellm-users (--disabled-before {Describe(Age)})",
            { At: { } at } when at <= Cutoff => null,
            var record => $"Not deleted: {user.UserId} was disabled {record.Age(now)}{(record.By is { } by ? " by " + by : string.Empty)} (less than --disabled-before {Describe(Age)})",
        };
    }

    /// <summary>The users due, from one read of every user, as rows (line 1, 2, … in user_id order); null when the user list never held still.</summary>
    public async Task<IReadOnlyList<DisabledCandidate>?> ChooseAsync(UserDirectory users, int serverUsers, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(users);
        var snapshot = await users.TrySnapshotAsync((_, _) => true, serverUsers, cancellationToken).ConfigureAwait(false);
        return snapshot?.Kept.Where(u => WhyNot(u) is null)
            .Select((u, i) => new DisabledCandidate(i + 1, u.UserId, u.UserEmail?.Trim()))
            .ToList();
    }

    /// <summary>Turns a delete row with a user that is not due into an error row (a row an interrupted run already deleted from is left as it is).</summary>
    public DeleteDecision Apply(DeleteDecision decision)
    {
        ArgumentNullException.ThrowIfNull(decision);
        return decision.Action != DeleteAction.Delete || decision.DeletedBefore.Count > 0 || decision.Targets.Select(WhyNot).FirstOrDefault(w => w is not null) is not { } why
            ? decision
            : decision with { Action = DeleteAction.NotDisabled, Reason = why, Targets = [] };
    }

    /// <summary>An age in the units it was given in ("30d", "12h").</summary>
    public static string Describe(TimeSpan age) => age.TotalDays >= 1 && age.TotalDays == Math.Floor(age.TotalDays)
        ? string.Create(CultureInfo.InvariantCulture, $"{age.TotalDays:0}d")
        : string.Create(CultureInfo.InvariantCulture, $"{age.TotalHours:0.##}h");
}
