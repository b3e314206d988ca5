using System.Globalization;
using LiteLlm.Admin.Users;
using LiteLlm.Users.Engine.Input;
using LiteLlm.Users.Engine.Matching;
using LiteLlm.Users.Engine.Plans;
using LiteLlm.Users.Engine.Runs;
using LiteLlm.Users.Engine.Safety;

namespace LiteLlm.Users.Engine.Verbs.Disable;

/// <summary>What a disable plan is made from: the rows, what the server said, and what an interrupted run finished.</summary>
internal sealed record DisablePlanInput
{
    /// <summary>The rows (of the CSV, or of the plan being applied).</summary>
    public required IReadOnlyList<EmailInputRow> Rows { get; init; }

    /// <summary>The users of each email (CSV mode).</summary>
    public Resolution? Resolution { get; init; }

    /// <summary>The rows of the reviewed plan being applied, by line; null in CSV mode.</summary>
    public IReadOnlyDictionary<int, DisableDecision>? Reviewed { get; init; }

    /// <summary>The users, as just read, of the ids the reviewed plan names.</summary>
    public IReadOnlyDictionary<string, LiteLlmUser> Current { get; init; } = new Dictionary<string, LiteLlmUser>();

    /// <summary>Lines an interrupted run finished.</summary>
    public IReadOnlySet<int> Done { get; init; } = new HashSet<int>();

    /// <summary>Disable every user of an email several users share.</summary>
    public bool AllMatches { get; init; }

    /// <summary>Who is never disabled (with the key's owner).</summary>
    public ProtectionRules Protection { get; init; } = ProtectionRules.Default;
}

/// <summary>
/// Decides, without sending anything, what happens to each row of a disable: the same matching as
/// delete's (exact email, ignoring case and spaces; none → not found; several → ambiguous unless
/// --all-matches; a repeat → duplicate; a protected user → protected), and a reviewed plan's rows
/// re-checked against the users as they are now. A user already disabled is still work, but does not
/// count against the limit: the executor finishes it if an interrupted run left it half done, and
/// reports <c>Disabled (already)</c> when there is nothing to do. An interrupted run is resumed from
/// the server's own state (the record), so rows not reported are simply planned again.
/// </summary>
internal static class DisablePlanner
{
    /// <summary>Makes the plan.</summary>
    public static IReadOnlyList<DisableDecision> Plan(DisablePlanInput input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var decisions = new List<DisableDecision>(input.Rows.Count);
        foreach (var row in input.Rows)
        {
            var decision = input.Done.Contains(row.Line) ? Make(row, DisableAction.AlreadyDone, [], null)
                : row.Problem is { } problem ? Make(row, DisableAction.Invalid, [], problem)
                : row.DuplicateOf is { } first ? Make(row, DisableAction.Duplicate, [], string.Create(CultureInfo.InvariantCulture, $"Duplicate email in CSV (first on line {first})"))
                : input.Reviewed is { } reviewed ? FromPlan(row, reviewed.GetValueOrDefault(row.Line), input.Current)
                : Resolved(row, input.Resolution?.For(row.Email) ?? [], input.AllMatches);
            decisions.Add(Protect(decision, input));
        }

        return decisions;
    }

    private static DisableDecision Make(EmailInputRow row, DisableAction action, IReadOnlyList<DisableTarget> users, string? reason) =>
        new(row.Line, row.Email, action, users, reason);

    private static DisableDecision Resolved(EmailInputRow row, IReadOnlyList<LiteLlmUser> matches, bool allMatches)
    {
        if (matches.Count == 0)
        {
            return Make(row, DisableAction.NotFound, [], FailureReasons.NotFound);
        }

        var users = matches.Select(DisableTarget.Of).ToList();
        if (matches.Count > 1 && !allMatches)
        {
            return Make(row, DisableAction.Ambiguous, users, string.Create(
                CultureInfo.InvariantCulture,
                $"Ambiguous email: {matches.Count} users have this email (user_ids: {string.Join(", ", matches.Select(u => u.UserId))}); none disabled. Use --all-matches to disable all of them"));
        }

        return Make(row, DisableAction.Disable, users, null);
    }

    /// <summary>A plan row, re-checked: a disable row whose users changed or vanished is not disabled.</summary>
    private static DisableDecision FromPlan(EmailInputRow row, DisableDecision? planned, IReadOnlyDictionary<string, LiteLlmUser> current)
    {
        if (planned is null || planned.Action == DisableAction.AlreadyDone)
        {
            return Make(row, DisableAction.Invalid, [], "Refused plan row: it is not a row a dry run writes; nothing disabled for this row");
        }

        if (planned.Action != DisableAction.Disable)
        {
            return planned with { Line = row.Line, Email = row.Email };
        }

        var (verdict, why) = PlanRows.Recheck(row.Email, planned.Users.Select(u => (u.UserId, u.Email)), current, "disabled");
        if (verdict != PlanRows.Verdict.Holds)
        {
            return Make(row, verdict == PlanRows.Verdict.Refused ? DisableAction.Invalid : DisableAction.NotFound, planned.Users, why);
        }

        return Make(row, DisableAction.Disable, [.. planned.Users.Select(u => DisableTarget.Of(current[u.UserId]))], null);
    }

    /// <summary>A row with a protected user becomes an error row: none of its users is disabled.</summary>
    private static DisableDecision Protect(DisableDecision decision, DisablePlanInput input)
    {
        if (decision.Action != DisableAction.Disable)
        {
            return decision;
        }

        var why = decision.Users.Select(u => input.Protection.Why(new LiteLlmUser { UserId = u.UserId, UserEmail = u.Email, UserRole = u.Role }, "disabling"))
            .FirstOrDefault(w => w is not null);
        return why is null ? decision : decision with { Action = DisableAction.Protected, Reason = why };
    }
}
