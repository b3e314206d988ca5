using System.Text.Json;
using LiteLlm.Sandbox.Http;

namespace LiteLlm.Sandbox.Endpoints;

/// <summary>
/// <c>/team/update</c> and <c>/team/delete</c>, mirroring <c>update_team</c> and <c>delete_team</c> in
/// <c>litellm/proxy/management_endpoints/team_endpoints.py</c>. Neither wraps its body in try/except, so their
/// errors are FastAPI's <c>{"detail": …}</c> (contract §1.1 shape B).
/// </summary>
internal static class TeamWriteEndpoints
{
    /// <summary>
    /// <c>update_team</c>: <c>team_id</c> is required; the fields that were sent (<c>exclude_unset</c>) are written;
    /// an unknown team is 404 <c>{"error": "Team not found, passed team_id=…"}</c>. Answers
    /// <c>{"team_id", "data": &lt;the updated team row&gt;}</c>. Members change only through <c>/team/member_*</c>.
    /// </summary>
    public static ApiResult Update(RequestContext rc)
    {
        var errors = new List<JsonMap>();
        var r = BodyReader.ForModel(rc.Body, ["body"], errors);
        var teamId = r?.Str("team_id", required: true);
        string? alias = null, budgetDuration = null;
        JsonElement? metadata = null, models = null;
        long? tpm = null, rpm = null;
        double? maxBudget = null;
        bool? blocked = null;
        if (r is not null)
        {
            alias = r.Str("team_alias");
            metadata = r.Dict("metadata");
            tpm = r.Int("tpm_limit");
            rpm = r.Int("rpm_limit");
            maxBudget = r.Float("max_budget");
            budgetDuration = r.Str("budget_duration");
            models = r.AnyList("models");
            blocked = r.Bool("blocked");
        }

        if (errors.Count > 0 || r is null || teamId is null)
        {
            return Errors.Validation(errors);
        }

        var store = rc.Store;
        if (store.TeamById(teamId) is not { } team)
        {
            return Errors.DetailError(404, $"Team not found, passed team_id={teamId}");
        }

        // data.json(exclude_unset=True): a field sent as null is written as null.
        var updated = team with
        {
            TeamAlias = r.Has("team_alias") ? alias : team.TeamAlias,
            Metadata = r.Has("metadata") ? metadata ?? SandboxJson.EmptyObject : team.Metadata,
            TpmLimit = r.Has("tpm_limit") ? tpm : team.TpmLimit,
            RpmLimit = r.Has("rpm_limit") ? rpm : team.RpmLimit,
            MaxBudget = r.Has("max_budget") ? maxBudget : team.MaxBudget,
            BudgetDuration = r.Has("budget_duration") ? budgetDuration : team.BudgetDuration,
            Models = models is { } list ? list.EnumerateArray().Where(e => e.ValueKind == JsonValueKind.String).Select(e => e.GetString()!).ToArray() : team.Models,
            Blocked = blocked ?? team.Blocked,
            UpdatedAt = store.Now,
        };
        store.ReplaceTeam(updated);
        return ApiResult.Ok(new JsonMap { { "team_id", teamId }, { "data", Shapes.Team(updated) } }, items: 1, committed: true);
    }

    /// <summary>
    /// <c>delete_team</c>: every id must exist (else 404 <c>{"error": "Team not found, passed team_id=…"}</c>, nothing
    /// deleted); then the teams' keys, then <c>team_member_delete</c> for every roster entry (the team leaves the
    /// users' <c>teams</c>, their membership rows go), then the teams. Answers
    /// <c>{"deleted_teams": [...]}</c> (<c>PrismaClient.delete_data(team_id_list=…, table_name="team")</c>).
    /// </summary>
    public static ApiResult Delete(RequestContext rc)
    {
        var errors = new List<JsonMap>();
        var ids = BodyReader.ForModel(rc.Body, ["body"], errors)?.StrList("team_ids", required: true);
        if (errors.Count > 0 || ids is null)
        {
            return Errors.Validation(errors);
        }

        var store = rc.Store;
        var teams = new List<SandboxTeam>();
        foreach (var id in ids)
        {
            if (store.TeamById(id) is not { } team)
            {
                return Errors.DetailError(404, $"Team not found, passed team_id={id}");
            }

            teams.Add(team);
        }

        var teamIds = ids.ToHashSet(StringComparer.Ordinal);
        foreach (var key in store.AllKeys.Where(k => k.TeamId is not null && teamIds.Contains(k.TeamId)).ToList())
        {
            store.RemoveKey(key);
        }

        foreach (var team in teams)
        {
            foreach (var member in team.MembersWithRoles)
            {
                store.RemoveFromTeam(team.TeamId, member.UserId, member.UserEmail);
            }

            store.RemoveTeam(team.TeamId);
        }

        return ApiResult.Ok(new JsonMap { { "deleted_teams", ids } }, items: teams.Count, committed: true);
    }
}
