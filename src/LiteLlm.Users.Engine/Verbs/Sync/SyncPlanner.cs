using System.Globalization;
using LiteLlm.Admin.Users;
using LiteLlm.Users.Engine.Execution;
using LiteLlm.Users.Engine.Input;
using LiteLlm.Users.Engine.Matching;
using LiteLlm.Users.Engine.Runs;
using LiteLlm.Users.Engine.Safety;

namespace LiteLlm.Users.Engine.Verbs.Sync;

/// <summary>What an interrupted sync left: rows done, creates and deletes sent, and the removal candidates it planned.</summary>
/// <param name="Done">Lines already reported.</param>
/// <param name="Intents">Ids a change was sent for, by line.</param>
/// <param name="Candidates">The removal candidates it journaled before any change; null when it journaled none.</param>
internal sealed record SyncResume(IReadOnlySet<int> Done, IReadOnlyDictionary<int, IReadOnlyList<string>> Intents, IReadOnlyList<SyncCandidate>? Candidates)
{
    /// <summary>Every id a change was sent for.</summary>
    public IReadOnlySet<string> IntentIds { get; } = Intents.Values.SelectMany(ids => ids).ToHashSet(StringComparer.Ordinal);
}

/// <summary>What a sync compares and under which rules.</summary>
internal sealed record SyncPlanInput
{
    /// <summary>The roster, read and checked.</summary>
    public required IReadOnlyList<UserInputRow> Rows { get; init; }

    /// <summary>Every user on the proxy, read once.</summary>
    public required IReadOnlyList<LiteLlmUser> Users { get; init; }

    /// <summary>The proxy's teams.</summary>
    public required TeamDirectory Teams { get; init; }

    /// <summary>Which changes are made.</summary>
    public SyncMode Mode { get; init; } = new();

    /// <summary>Role of new users whose row has none.</summary>
    public string DefaultRole { get; init; } = UserInput.DefaultRole;

    /// <summary>Who is never removed (with the key's owner already added).</summary>
    public ProtectionRules Protection { get; init; } = ProtectionRules.Default;

    /// <summary>What an interrupted run of the same command left, or null.</summary>
    public SyncResume? Resume { get; init; }

    /// <summary>With a reviewed plan: the only users that may be removed (others are skipped); null without one.</summary>
    public IReadOnlySet<string>? ApprovedRemovals { get; init; }

    /// <summary>Chooses the id of a new user.</summary>
    public Func<string> NewId { get; init; } = () => Guid.NewGuid().ToString();
}

/// <summary>A sync's decisions.</summary>
/// <param name="Rows">Roster rows in CSV order, then removal candidates in user_id order.</param>
/// <param name="RemovalRecords">The removal candidates to journal before any change; null when the journal already has them.</param>
internal sealed record SyncPlanResult(IReadOnlyList<SyncDecision> Rows, IReadOnlyList<SyncCandidate>? RemovalRecords);

/// <summary>
/// Compares a roster with the users just read, without sending anything. A roster row is matched
/// by <see cref="EmailKey"/>; no user → add; one → update what differs, or unchanged; several →
/// an error row that touches none of them. A row with a bad value is an error row, but its email
/// still counts as on the roster, so a typo never removes anyone. A user with an email the roster
/// does not list is a removal candidate (protected, skipped by the mode, or removed); a user with
/// no email is never touched. After a crash, the removal candidates are the journaled ones.
/// </summary>
internal static class SyncPlanner
{
    /// <summary>Makes the plan.</summary>
    public static SyncPlanResult Plan(SyncPlanInput input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var byEmail = input.Users.Where(HasEmail).ToLookup(u => EmailKey.Normalize(u.UserEmail), StringComparer.Ordinal);
        var byId = input.Users.ToDictionary(u => u.UserId, StringComparer.Ordinal);
        var rows = input.Rows.Select(row => PlanRosterRow(input, row, [.. byEmail[row.Key].OrderBy(u => u.UserId, StringComparer.Ordinal)], byId)).ToList();

        var onRoster = input.Rows.Select(r => r.Key).Where(k => k.Length > 0).ToHashSet(StringComparer.Ordinal);
        bool IsCandidate(LiteLlmUser user) => HasEmail(user) && !onRoster.Contains(EmailKey.Normalize(user.UserEmail));
        var done = input.Resume?.Done ?? new HashSet<int>();
        if (input.Resume?.Candidates is { } journaled)
        {
            // Resuming: exactly the candidates the interrupted run planned (and journaled before changing anything).
            foreach (var record in journaled.OrderBy(r => r.Line))
            {
                rows.Add(done.Contains(record.Line)
                    ? Removal(record.Line, Recorded(record), SyncWork.AlreadyDone, SyncStatus.Planned, null)
                    : PlanJournaledRemoval(input, record, byId, IsCandidate));
            }

            return new SyncPlanResult(rows, null);
        }

        var line = input.Rows.Count == 0 ? 1 : input.Rows.Max(r => r.Line);
        var removals = input.Users.Where(IsCandidate).OrderBy(u => u.UserId, StringComparer.Ordinal)
            .Select(user => PlanRemoval(input, ++line, user))
            .ToList();
        rows.AddRange(removals);
        return new SyncPlanResult(rows, [.. removals.Select(r => new SyncCandidate(r.Line, r.User!.UserId, r.Email, r.Role, r.Teams))]);
    }

    private static SyncDecision PlanRosterRow(SyncPlanInput input, UserInputRow row, IReadOnlyList<LiteLlmUser> matches, Dictionary<string, LiteLlmUser> byId)
    {
        var one = matches.Count == 1 ? matches[0] : null;
        SyncDecision Row(SyncAction action, SyncStatus status, LiteLlmUser? user, string? reason = null) => new()
        {
            Line = row.Line,
            Action = action,
            Status = status,
            Email = row.Email,
            User = user,
            UserId = user?.UserId,
            Role = user?.UserRole,
            Teams = user?.Teams ?? [],
            Reason = reason,
        };

        // A row that cannot be used says what it would have done: add when nobody has the email, else update.
        SyncDecision Failed(string reason) => Row(matches.Count == 0 ? SyncAction.Added : SyncAction.Updated, SyncStatus.Failed, one, reason);

        if (input.Resume?.Done.Contains(row.Line) ?? false)
        {
            return Row(SyncAction.Unchanged, SyncStatus.Planned, one) with { Work = SyncWork.AlreadyDone };
        }

        if (row.Problem is not null)
        {
            return Failed(row.Problem);
        }

        if (row.DuplicateOf is { } first)
        {
            return Failed(string.Create(CultureInfo.InvariantCulture, $"Duplicate email in CSV (first on line {first})"));
        }

        var teamMatches = row.Teams.Select(input.Teams.Resolve).ToList();
        if (teamMatches.FirstOrDefault(m => m.Problem is not null) is { } badTeam)
        {
            return Failed(badTeam.Problem!);
        }

        var teams = teamMatches.Select(m => m.Team!).DistinctBy(t => t.TeamId, StringComparer.Ordinal).ToList();

        // An interrupted run sent a create with this id (journaled first); if the user is there, that create landed.
        var sent = input.Resume?.Intents.GetValueOrDefault(row.Line);
        if (sent?.FirstOrDefault(byId.ContainsKey) is { } createdId)
        {
            return Row(SyncAction.Added, SyncStatus.Success, byId[createdId]) with { Work = SyncWork.Confirm };
        }

        if (matches.Count > 1)
        {
            return Failed(string.Create(
                CultureInfo.InvariantCulture,
                $"Ambiguous email: {matches.Count} users have this email (user_ids: {string.Join(", ", matches.Select(u => u.UserId))}); none of them is updated or removed"));
        }

        if (one is null)
        {
            if (input.Mode.WhyNot(SyncAction.Added) is { } off)
            {
                return Row(SyncAction.Added, SyncStatus.Skipped, null, $"Not added: {off}");
            }

            // Reuse the id an interrupted run journaled: if that create lands late, the creator's re-check says so.
            var id = sent is { Count: > 0 } ? sent[0] : input.NewId();
            return Row(SyncAction.Added, SyncStatus.Planned, null) with
            {
                Work = SyncWork.Create,
                UserId = id,
                Role = row.Role ?? input.DefaultRole,
                Teams = [.. teams.Select(t => t.TeamId)],
                NewTeams = teams,
                Input = row,
            };
        }

        var change = UserChange.For(row, one, teams, input.Teams, TeamRule.Exact);
        if (change.IsEmpty)
        {
            return Row(SyncAction.Unchanged, SyncStatus.Success, one);
        }

        if (DisableRecord.Of(one) is { } disabled)
        {
            // An update would undo part of the disable (the role) and leave the record: enable first.
            return Row(SyncAction.Updated, SyncStatus.Skipped, one, $"Not updated: disabled by litellm-users{(disabled.By is { } by ? " (by " + by + ")" : string.Empty)}; enable it first with 'litellm-users enable'") with { Changes = change.Describe() };
        }

        if (input.Mode.WhyNot(SyncAction.Updated) is { } notUpdated)
        {
            return Row(SyncAction.Updated, SyncStatus.Skipped, one, $"Not updated ({notUpdated}): {change.Describe()}") with { Changes = change.Describe() };
        }

        return Row(SyncAction.Updated, SyncStatus.Planned, one) with
        {
            Work = SyncWork.Update,
            Role = row.Role ?? one.UserRole,
            Teams = [.. (one.Teams ?? []).Except(change.TeamsToLeave, StringComparer.Ordinal).Union(change.TeamsToJoin, StringComparer.Ordinal)],
            Changes = change.Describe(),
            Change = change,
        };
    }

    private static SyncDecision PlanRemoval(SyncPlanInput input, int line, LiteLlmUser user)
    {
        var action = input.Mode.RemovalAction;
        if (input.Protection.Why(user, action == SyncAction.Disabled ? "disabling" : "deleting") is { } why)
        {
            return Removal(line, user, SyncWork.None, SyncStatus.Protected, why, action);
        }

        if (input.Mode.WhyNot(action) is { } off)
        {
            return Removal(line, user, SyncWork.None, SyncStatus.Skipped, $"Not removed: {off}", action);
        }

        return input.ApprovedRemovals is { } approved && !approved.Contains(user.UserId)
            ? Removal(line, user, SyncWork.None, SyncStatus.Skipped, "Not removed: not a removal of the reviewed plan (--plan)", action)
            : Removal(line, user, SyncWork.Remove, SyncStatus.Planned, null, action);
    }

    private static SyncDecision PlanJournaledRemoval(SyncPlanInput input, SyncCandidate record, Dictionary<string, LiteLlmUser> byId, Func<LiteLlmUser, bool> isCandidate)
    {
        var id = record.UserId;
        if (byId.TryGetValue(id, out var user))
        {
            return isCandidate(user)
                ? PlanRemoval(input, record.Line, user)
                : Removal(record.Line, user, SyncWork.None, SyncStatus.Skipped, $"Not removed: no longer a removal candidate (its email is now '{user.UserEmail}')", input.Mode.RemovalAction);
        }

        // Gone. The journal says whether this run's earlier attempt sent its delete (a disable never removes a user).
        return input.Resume!.IntentIds.Contains(id) && !input.Mode.DisableRemovals
            ? Removal(record.Line, Recorded(record), SyncWork.Confirm, SyncStatus.Success, null)
            : Removal(record.Line, Recorded(record), SyncWork.None, SyncStatus.Failed, FailureReasons.Vanished, input.Mode.RemovalAction);
    }

    private static SyncDecision Removal(int line, LiteLlmUser user, SyncWork work, SyncStatus status, string? reason, SyncAction action = SyncAction.Deleted) => new()
    {
        Line = line,
        Action = action,
        Status = status,
        Work = work,
        Email = user.UserEmail?.Trim() ?? string.Empty,
        User = user,
        UserId = user.UserId,
        Role = user.UserRole,
        Teams = user.Teams ?? [],
        Reason = reason,
    };

    /// <summary>A removal candidate as the interrupted run journaled it (for a user that is gone now).</summary>
    private static LiteLlmUser Recorded(SyncCandidate record) => new()
    {
        UserId = record.UserId,
        UserEmail = record.Email,
        UserRole = record.Role,
        Teams = record.Teams,
    };

    private static bool HasEmail(LiteLlmUser user) => !string.IsNullOrWhiteSpace(user.UserEmail);
}
