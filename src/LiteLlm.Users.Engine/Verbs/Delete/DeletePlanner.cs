using System.Globalization;
using LiteLlm.Admin.Users;
using LiteLlm.Users.Engine.Input;
using LiteLlm.Users.Engine.Matching;
using LiteLlm.Users.Engine.Plans;
using LiteLlm.Users.Engine.Runs;
using LiteLlm.Users.Engine.Safety;

namespace LiteLlm.Users.Engine.Verbs.Delete;

/// <summary>What a delete plan is made from: the rows, what the server said, and what an interrupted run left.</summary>
internal sealed record DeletePlanInput
{
    /// <summary>The rows (of the CSV, or of the plan being applied).</summary>
    public required IReadOnlyList<EmailInputRow> Rows { get; init; }

    /// <summary>The users of each email (CSV mode).</summary>
    public Resolution? Resolution { get; init; }

    /// <summary>The rows of the reviewed plan being applied, by line; null in CSV mode.</summary>
    public IReadOnlyDictionary<int, DeleteDecision>? Reviewed { get; init; }

    /// <summary>The users, as just read, of the ids the plan or an interrupted run named.</summary>
    public IReadOnlyDictionary<string, LiteLlmUser> Current { get; init; } = new Dictionary<string, LiteLlmUser>();

    /// <summary>Lines an interrupted run finished.</summary>
    public IReadOnlySet<int> Done { get; init; } = new HashSet<int>();

    /// <summary>Ids an interrupted run sent a delete for, by line.</summary>
    public IReadOnlyDictionary<int, IReadOnlyList<string>> Intents { get; init; } = new Dictionary<int, IReadOnlyList<string>>();

    /// <summary>Users chosen by <c>--disabled-before</c> without a CSV, by line (not sent yet: gone means vanished).</summary>
    public IReadOnlyDictionary<int, IReadOnlyList<string>> Selected { get; init; } = new Dictionary<int, IReadOnlyList<string>>();

    /// <summary>Delete every user of an email several users share.</summary>
    public bool AllMatches { get; init; }

    /// <summary>Who is never deleted (with the key's owner).</summary>
    public ProtectionRules Protection { get; init; } = ProtectionRules.Default;

    /// <summary>With <c>--disabled-before</c>: only users disabled long enough are deleted; null = any user.</summary>
    public DisabledSelection? Due { get; init; }
}

/// <summary>
/// Decides, without sending anything, what happens to each row of a delete: a row whose email one
/// user has is deleted; none → not found; several → ambiguous (unless --all-matches); a repeat →
/// duplicate; a protected user → protected. A reviewed plan's rows are taken as they are, after a
/// re-check that each user still exists with the same email; a plan row that does not hold together
/// (its email is not its users', or it repeats a row) deletes nothing. A row an interrupted run sent
/// a delete for finishes exactly those users.
/// </summary>
internal static class DeletePlanner
{
    /// <summary>
    /// Makes the plan: one decision per row. A row that would delete is decided once, here, and kept
    /// (it is the work, and its protection check runs the operator's patterns, which may time out,
    /// exactly once); every other row is decided again each time it is read, from the row and the
    /// input, so a million settled rows are never a million objects kept for the run.
    /// </summary>
    public static IReadOnlyList<DeleteDecision> Plan(DeletePlanInput input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var rows = input.Rows;
        var kept = new Dictionary<int, DeleteDecision>();
        for (var i = 0; i < rows.Count; i++)
        {
            var decision = Decide(input, rows[i], out var deletes);
            if (deletes)
            {
                kept[i] = decision;
            }
        }

        return new ComputedList<DeleteDecision>(rows.Count, i => kept.TryGetValue(i, out var decision) ? decision : Decide(input, rows[i], out _));
    }

    /// <summary>The decision for one row; <paramref name="deletes"/> says whether it was a delete before the guards (protection, --disabled-before) looked at it.</summary>
    private static DeleteDecision Decide(DeletePlanInput input, EmailInputRow row, out bool deletes)
    {
        var decision = input.Done.Contains(row.Line) ? Make(row, DeleteAction.AlreadyDone, [], null)
            : row.Problem is { } problem ? Make(row, DeleteAction.Invalid, [], problem)
            : row.DuplicateOf is { } first ? Make(row, DeleteAction.Duplicate, [], string.Create(CultureInfo.InvariantCulture, $"Duplicate email in CSV (first on line {first})"))
            : input.Intents.TryGetValue(row.Line, out var ids) ? Resumed(row, ids, input.Current)
            : input.Selected.TryGetValue(row.Line, out var chosen) ? Chosen(row, chosen, input.Current)
            : input.Reviewed is { } reviewed ? FromPlan(row, reviewed.GetValueOrDefault(row.Line), input.Current)
            : Resolved(row, input.Resolution?.For(row.Email) ?? [], input.AllMatches);
        deletes = decision.Action == DeleteAction.Delete;
        decision = Protect(decision, input.Protection);
        return input.Due?.Apply(decision) ?? decision;
    }

    private static DeleteDecision Make(EmailInputRow row, DeleteAction action, IReadOnlyList<PlannedUser> users, string? reason) =>
        new(row.Line, row.Email, action, users, reason);

    private static DeleteDecision Resolved(EmailInputRow row, IReadOnlyList<LiteLlmUser> matches, bool allMatches)
    {
        var users = matches.Select(PlannedUser.Of).ToList();
        if (matches.Count == 0)
        {
            return Make(row, DeleteAction.NotFound, [], FailureReasons.NotFound);
        }

        if (matches.Count > 1 && !allMatches)
        {
            var ids = string.Join(", ", matches.Select(u => u.UserId));
            return Make(row, DeleteAction.Ambiguous, users, string.Create(
                CultureInfo.InvariantCulture,
                $"Ambiguous email: {matches.Count} users have this email (user_ids: {ids}); none deleted. Use --all-matches to delete all of them"));
        }

        return Make(row, DeleteAction.Delete, users, null) with { Targets = matches };
    }

    /// <summary>A row an interrupted run sent a delete for: its users still there are deleted; those gone were deleted by that run.</summary>
    private static DeleteDecision Resumed(EmailInputRow row, IReadOnlyList<string> ids, IReadOnlyDictionary<string, LiteLlmUser> current) =>
        Make(row, DeleteAction.Delete, [.. ids.Select(id => current.TryGetValue(id, out var user) ? PlannedUser.Of(user) : new PlannedUser(id, null, null))], null) with
        {
            Targets = [.. ids.Where(current.ContainsKey).Select(id => current[id])],
            DeletedBefore = [.. ids.Where(id => !current.ContainsKey(id))],
        };

    /// <summary>A row of users chosen without a CSV: those still there are deleted; one gone vanished (no delete was sent for it).</summary>
    private static DeleteDecision Chosen(EmailInputRow row, IReadOnlyList<string> ids, IReadOnlyDictionary<string, LiteLlmUser> current)
    {
        var targets = ids.Where(current.ContainsKey).Select(id => current[id]).ToList();
        return targets.Count == 0
            ? Make(row, DeleteAction.NotFound, [.. ids.Select(id => new PlannedUser(id, row.Email, null))], FailureReasons.Vanished)
            : Make(row, DeleteAction.Delete, [.. targets.Select(PlannedUser.Of)], null) with { Targets = targets };
    }

    /// <summary>A plan row, re-checked: a delete row whose users changed or vanished is not deleted.</summary>
    private static DeleteDecision FromPlan(EmailInputRow row, DeleteDecision? planned, IReadOnlyDictionary<string, LiteLlmUser> current)
    {
        if (planned is null || planned.Action == DeleteAction.AlreadyDone)
        {
            return Make(row, DeleteAction.Invalid, [], "Refused plan row: it is not a row a dry run writes; nothing deleted for this row");
        }

        if (planned.Action != DeleteAction.Delete)
        {
            return planned with { Line = row.Line, Email = row.Email };
        }

        var (verdict, why) = PlanRows.Recheck(row.Email, planned.Users.Select(u => (u.UserId, u.Email)), current, "deleted");
        if (verdict != PlanRows.Verdict.Holds)
        {
            return Make(row, verdict == PlanRows.Verdict.Refused ? DeleteAction.Invalid : DeleteAction.NotFound, planned.Users, why);
        }

        var targets = planned.Users.Select(u => current[u.UserId]).ToList();
        return Make(row, DeleteAction.Delete, [.. targets.Select(PlannedUser.Of)], null) with { Targets = targets };
    }

    /// <summary>A row with a protected user becomes an error row: none of its users is deleted.</summary>
    private static DeleteDecision Protect(DeleteDecision decision, ProtectionRules rules)
    {
        if (decision.Action != DeleteAction.Delete)
        {
            return decision;
        }

        var why = decision.Targets.Select(rules.Why).FirstOrDefault(w => w is not null);
        return why is null ? decision : decision with { Action = DeleteAction.Protected, Reason = why, Targets = [], DeletedBefore = [] };
    }
}
