using System.Globalization;
using LiteLlm.Admin.Users;
using LiteLlm.Users.Engine.Execution;
using LiteLlm.Users.Engine.Input;
using LiteLlm.Users.Engine.Matching;
using LiteLlm.Users.Engine.Runs;

namespace LiteLlm.Users.Engine.Verbs.Enable;

/// <summary>What an enable plan is made from.</summary>
internal sealed record EnablePlanInput
{
    /// <summary>The CSV's rows.</summary>
    public required IReadOnlyList<EmailInputRow> Rows { get; init; }

    /// <summary>The users of each email.</summary>
    public required Resolution Resolution { get; init; }

    /// <summary>Checks a user's record (nothing sent).</summary>
    public required Func<LiteLlmUser, string?> WhyNot { get; init; }

    /// <summary>Lines an interrupted run finished.</summary>
    public IReadOnlySet<int> Done { get; init; } = new HashSet<int>();

    /// <summary>Users an interrupted run sent a change for (without a record now, that run enabled them).</summary>
    public IReadOnlySet<string> SentBefore { get; init; } = new HashSet<string>();

    /// <summary>Enable every user of an email several users share.</summary>
    public bool AllMatches { get; init; }
}

/// <summary>
/// Decides, without sending anything, what happens to each row of an enable: delete's matching,
/// then each user must carry the record <c>disable</c> wrote (<see cref="DisableRecord"/>) — a user
/// without it is an error row, "Not disabled by litellm-users" — unless an interrupted run of this
/// command already sent a change for it (then it is reported as enabled).
/// </summary>
internal static class EnablePlanner
{
    /// <summary>Makes the plan.</summary>
    public static IReadOnlyList<EnableDecision> Plan(EnablePlanInput input)
    {
        ArgumentNullException.ThrowIfNull(input);
        return [.. input.Rows.Select(row =>
            input.Done.Contains(row.Line) ? Make(row, EnableAction.AlreadyDone, [], null)
            : row.Problem is { } problem ? Make(row, EnableAction.Invalid, [], problem)
            : row.DuplicateOf is { } first ? Make(row, EnableAction.Duplicate, [], string.Create(CultureInfo.InvariantCulture, $"Duplicate email in CSV (first on line {first})"))
            : Resolved(row, input.Resolution.For(row.Email), input))];
    }

    private static EnableDecision Make(EmailInputRow row, EnableAction action, IReadOnlyList<string> ids, string? reason) =>
        new(row.Line, row.Email, action, ids, reason);

    private static EnableDecision Resolved(EmailInputRow row, IReadOnlyList<LiteLlmUser> matches, EnablePlanInput input)
    {
        if (matches.Count == 0)
        {
            return Make(row, EnableAction.NotFound, [], FailureReasons.NotFound);
        }

        var ids = matches.Select(u => u.UserId).ToList();
        if (matches.Count > 1 && !input.AllMatches)
        {
            return Make(row, EnableAction.Ambiguous, ids, string.Create(
                CultureInfo.InvariantCulture,
                $"Ambiguous email: {matches.Count} users have this email (user_ids: {string.Join(", ", ids)}); none enabled. Use --all-matches to enable all of them"));
        }

        foreach (var user in matches)
        {
            var why = input.WhyNot(user);
            if (why is not null && !(why == UserEnabler.NotDisabled && input.SentBefore.Contains(user.UserId)))
            {
                return Make(row, EnableAction.Refused, ids, matches.Count > 1 ? $"{why} (user {user.UserId}); none enabled" : why);
            }
        }

        var records = matches.Select(DisableRecord.Of).ToList();
        return Make(row, EnableAction.Enable, ids, null) with
        {
            Roles = [.. records.Select(r => r?.Role ?? UserEnabler.DefaultRole)],
            Keys = records.Sum(r => r?.BlockedKeys.Count ?? 0),
        };
    }
}
