using System.Globalization;
using System.Text.Json;
using LiteLlm.Admin;
using LiteLlm.Admin.Teams;
using LiteLlm.Admin.Users;
using LiteLlm.Users.Engine.Runs;
using LiteLlm.Users.Engine.Safety;

namespace LiteLlm.Users.Engine.Verbs.Restore;

/// <summary>
/// Recreates users from a backup, one at a time: the same user_id, email, role, alias, budgets,
/// spend, limits, models, metadata and SSO id with <c>/user/new</c> (<c>auto_create_key: false</c>),
/// then each team membership with its role with <c>/team/member_add</c>. Keys cannot come back
/// (LiteLLM keeps only their hashes, the backup not even those), nor, here, organisation memberships:
/// each row says so.
/// </summary>
internal static class RestoreExecutor
{
    /// <summary>Words of an unclassified restore failure.</summary>
    public const string FailedWords = "Failed to restore user (API error)";

    /// <summary>Restores the users, in backup order; a failure that ends the run fails its row and stops the rest.</summary>
    public static async Task ExecuteAsync(IReadOnlyList<RestoreDecision> work, RunExecution<RestoreRow> run)
    {
        ArgumentNullException.ThrowIfNull(work);
        ArgumentNullException.ThrowIfNull(run);
        foreach (var decision in work.OrderBy(d => d.Line))
        {
            if (run.Stop.IsCancellationRequested)
            {
                return;
            }

            var entry = decision.Entry!;
            try
            {
                run.Emit(decision.Line, await RestoreAsync(decision, run).ConfigureAwait(false));
            }
            catch (LiteLlmRequestFailedException failure) when (FailureReasons.IsFatal(failure))
            {
                run.Emit(decision.Line, Row(entry, RestoreStatus.Failed, string.Empty, FailureReasons.Describe(failure, FailedWords)));
                await run.Scheduler.HaltAsync(failure).ConfigureAwait(false);
                return;
            }
        }
    }

    private static async Task<RestoreRow> RestoreAsync(RestoreDecision decision, RunExecution<RestoreRow> run)
    {
        var entry = decision.Entry!;
        var user = entry.Record.User;
        var joined = decision.Current?.Teams ?? [];
        if (decision.Action == RestoreAction.CreatedBefore)
        {
            // Created by the interrupted run: recorded now (the audit log keeps each change once).
            run.Observers.After(new ChangeRecord(ChangeKind.Restore, user.UserId, user.UserEmail, true, "Restored"));
        }
        else
        {
            run.Intent([(decision.Line, [user.UserId])]);
            await run.Observers.BeforeAsync(ChangeKind.Restore, [user], run.Abort).ConfigureAwait(false);
            try
            {
                await run.Client.Users.CreateAsync(ToCreateRequest(user), run.Abort).ConfigureAwait(false);
            }
            catch (LiteLlmRequestFailedException failure) when (!FailureReasons.IsFatal(failure))
            {
                var reason = failure.Status == 409
                    ? "Refused by the proxy (it exists again): HTTP 409: " + failure.ServerMessage
                    : FailureReasons.Describe(failure, FailedWords);
                run.Observers.After(new ChangeRecord(ChangeKind.Restore, user.UserId, user.UserEmail, false, reason));
                return Row(entry, failure.Status == 409 ? RestoreStatus.Refused : RestoreStatus.Failed, string.Empty, reason);
            }

            run.Observers.After(new ChangeRecord(ChangeKind.Restore, user.UserId, user.UserEmail, true, "Restored"));
        }

        var restored = new List<Safety.BackupTeamMembership>();
        var problems = new List<string>();
        foreach (var team in entry.Record.Teams)
        {
            if (joined.Contains(team.TeamId, StringComparer.Ordinal))
            {
                restored.Add(team);
                continue;
            }

            var role = team.Role ?? "user";
            await run.Observers.BeforeAsync(ChangeKind.TeamAdd, [user], run.Abort).ConfigureAwait(false);
            try
            {
                await run.Client.Teams.AddMemberAsync(team.TeamId, new TeamMember { UserId = user.UserId, Role = role }, run.Abort).ConfigureAwait(false);
                restored.Add(team);
                run.Observers.After(new ChangeRecord(ChangeKind.TeamAdd, user.UserId, user.UserEmail, true, $"Added to team {team.TeamId} as {role}"));
            }
            catch (LiteLlmRequestFailedException failure) when (!FailureReasons.IsFatal(failure))
            {
                var reason = $"team {team.TeamId} ({role}): {FailureReasons.Describe(failure, "Failed to add to team (API error)")}";
                problems.Add(reason);
                run.Observers.After(new ChangeRecord(ChangeKind.TeamAdd, user.UserId, user.UserEmail, false, reason));
            }
        }

        return problems.Count == 0
            ? Row(entry, RestoreStatus.Restored, Describe(restored), null)
            : Row(entry, RestoreStatus.PartlyRestored, Describe(restored), string.Join("; ", problems));
    }

    /// <summary>The <c>/user/new</c> body that recreates the row: every field LiteLLM lets a caller set, no key.</summary>
    public static CreateUserRequest ToCreateRequest(LiteLlmUser user)
    {
        ArgumentNullException.ThrowIfNull(user);
        return new CreateUserRequest
        {
            UserId = user.UserId,
            UserEmail = user.UserEmail,
            UserAlias = user.UserAlias,
            UserRole = user.UserRole,
            MaxBudget = user.MaxBudget,
            BudgetDuration = user.BudgetDuration,
            Models = user.Models,
            Metadata = user.Metadata,
            TpmLimit = user.TpmLimit,
            RpmLimit = user.RpmLimit,
            MaxParallelRequests = Extra(user, "max_parallel_requests") is { ValueKind: JsonValueKind.Number } parallel ? parallel.GetInt64() : null,
            Spend = user.Spend,
            SsoUserId = user.SsoUserId,
            AutoCreateKey = false,
        };
    }

    /// <summary>A result row for a backup entry.</summary>
    public static RestoreRow Row(BackupEntry entry, RestoreStatus status, string restored, string? reason)
    {
        ArgumentNullException.ThrowIfNull(entry);
        return new(
            entry.Line,
            entry.Record.User.UserEmail,
            entry.Record.User.UserId,
            status,
            restored,
            status is RestoreStatus.Restored or RestoreStatus.PartlyRestored ? NotRestorable(entry.Record) : string.Empty,
            reason);
    }

    /// <summary>What is (or would be) restored, in words.</summary>
    public static string Describe(IEnumerable<Safety.BackupTeamMembership> teams)
    {
        var text = "user (id, email, role, alias, budget, spend, limits, models, metadata)";
        var list = teams.Select(t => $"{t.TeamId} ({t.Role ?? "user"})").ToList();
        return list.Count == 0 ? text : $"{text}; teams: {string.Join(", ", list)}";
    }

    /// <summary>What a restore can never bring back for this record, in words.</summary>
    public static string NotRestorable(BackupRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        var parts = new List<string>();
        if (record.Keys.Count > 0)
        {
            var names = string.Join(", ", record.Keys.Select(k => k.KeyAlias ?? k.KeyName ?? "unnamed"));
            parts.Add(string.Create(CultureInfo.InvariantCulture, $"{record.Keys.Count} keys ({names}): a key cannot be recreated with its secret; issue new keys"));
        }

        if (record.Organizations is { Count: > 0 } orgs)
        {
            parts.Add($"organisation memberships ({string.Join(", ", orgs.Select(o => $"{o.OrganizationId} as {o.UserRole ?? "member"}"))}): not restored; re-add them with /organization/member_add");
        }

        parts.AddRange(record.Gaps ?? []);
        return string.Join("; ", parts);
    }

    private static JsonElement? Extra(LiteLlmUser user, string name) =>
        user.AdditionalProperties is { } extra && extra.TryGetValue(name, out var value) ? value : null;
}
