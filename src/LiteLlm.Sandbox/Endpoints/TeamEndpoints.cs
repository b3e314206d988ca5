using System.Text;
using System.Text.Json;
using LiteLlm.Sandbox.Http;

namespace LiteLlm.Sandbox.Endpoints;

/// <summary>
/// <c>/team/new</c>, <c>/team/list</c>, <c>/team/info</c>, <c>/team/member_add</c>, <c>/team/member_delete</c>,
/// mirroring <c>litellm/proxy/management_endpoints/team_endpoints.py</c> and <c>management_helpers/utils.py</c>
/// (<c>add_new_member</c>).
/// </summary>
internal static class TeamEndpoints
{
    public static ApiResult New(RequestContext rc)
    {
        var errors = new List<JsonMap>();
        var r = BodyReader.ForModel(rc.Body ?? SandboxJson.EmptyObject, ["body"], errors);
        if (r is null)
        {
            return Errors.Validation(errors);
        }

        var alias = r.Str("team_alias");
        var teamId = r.Str("team_id");
        var organizationId = r.Str("organization_id");
        var members = ReadMembers(r, "members_with_roles", errors);
        var metadata = r.Dict("metadata");
        var tpm = r.Int("tpm_limit");
        var rpm = r.Int("rpm_limit");
        var maxBudget = r.Float("max_budget");
        var budgetDuration = r.Str("budget_duration");
        var models = r.AnyList("models");
        var blocked = r.Bool("blocked");
        if (errors.Count > 0)
        {
            return Errors.Validation(errors);
        }

        var store = rc.Store;
        if (teamId is not null && store.TeamById(teamId) is not null)
        {
            return Errors.ProxyDict(400, $"Team id = {teamId} already exists. Please use a different team id.", Errors.InternalServerError);
        }

        teamId ??= Guid.NewGuid().ToString();

        // new_team appends the creating user (the master key's user id is litellm_proxy_admin_name) as an admin
        // member, and update_data upserts every member's user row with the team in its `teams`.
        members ??= [];
        if (rc.Caller.UserId is { } creator && members.All(m => m.UserId != creator))
        {
            members.Add(new SandboxTeamMember(creator, null, "admin"));
        }

        store.InsertTeam(teamId, alias, organizationId, t => t with
        {
            Metadata = metadata ?? SandboxJson.EmptyObject,
            TpmLimit = tpm,
            RpmLimit = rpm,
            MaxBudget = maxBudget,
            BudgetDuration = budgetDuration,
            Models = models?.EnumerateArray().Where(e => e.ValueKind == JsonValueKind.String).Select(e => e.GetString()!).ToArray() ?? [],
            Blocked = blocked ?? false,
            MembersWithRoles = members,
        });
        foreach (var member in members.Where(m => m.UserId is not null))
        {
            EnsureUserInTeam(store, member.UserId!, teamId);
        }

        return ApiResult.Ok(Shapes.Team(store.TeamById(teamId)!), items: 1, committed: true);
    }

    /// <summary><c>update_data(user_id=…)</c> with a <c>teams push</c>: an upsert, so a missing user row is created.</summary>
    private static void EnsureUserInTeam(SandboxStore store, string userId, string teamId)
    {
        var slot = store.Slot(userId);
        if (slot is null)
        {
            var now = store.Now;
            slot = store.NewSlot(new SandboxUser { UserId = userId, Teams = [teamId], CreatedAt = now, UpdatedAt = now });
            store.InsertUser(slot);
        }
        else if (!slot.User.Teams.Contains(teamId))
        {
            store.ReplaceUser(slot, slot.User with { Teams = [.. slot.User.Teams, teamId], UpdatedAt = store.Now });
        }
    }

    public static ApiResult List(RequestContext rc)
    {
        var userId = rc.Query("user_id");
        var organizationId = rc.Query("organization_id");
        var caller = rc.Caller;
        if (!caller.HasAdminView && !(userId is not null && userId == caller.UserId))
        {
            // allowed_route_check_inside_route
            return Errors.DetailError(401, $"Only admin users can query all teams/other teams. Your user role={caller.Role ?? "None"}");
        }

        var store = rc.Store;
        var teams = store.AllTeams
            .Where(t => userId is null || t.MembersWithRoles.Any(m => m.UserId == userId))
            .Where(t => organizationId is null || (organizationId == "default_organization" ? t.OrganizationId is null : t.OrganizationId == organizationId))
            .OrderBy(t => t.TeamAlias ?? string.Empty, StringComparer.Ordinal)
            .Select(t =>
            {
                var map = Shapes.Team(t);
                map.Add("team_memberships", store.MembershipsOfTeam(t.TeamId).Where(m => userId is null || m.UserId == userId).Select(Shapes.TeamMembership).ToList());
                map.Add("keys", store.AllKeys.Where(k => k.TeamId == t.TeamId).Select(Shapes.Key).ToList());
                return map;
            })
            .ToList();
        return ApiResult.Ok(teams, items: teams.Count);
    }

    public static ApiResult Info(RequestContext rc)
    {
        var teamId = rc.Query("team_id");
        if (teamId is null)
        {
            return Errors.Proxy(422, PyReprMessage("Malformed request. No team id passed in."), Errors.AuthError);
        }

        var store = rc.Store;
        var team = store.TeamById(teamId);
        if (team is null)
        {
            return Errors.Proxy(404, PyReprMessage($"Team not found, passed team id: {teamId}."), Errors.AuthError);
        }

        // validate_membership: non-admins must be on the roster.
        if (!rc.Caller.HasAdminView && !team.MembersWithRoles.Any(m => m.UserId is not null && m.UserId == rc.Caller.UserId))
        {
            return Errors.Proxy(403, PyRepr.ErrorDict($"User={rc.Caller.UserId ?? "None"} not authorized to access this team={teamId}"), Errors.AuthError);
        }

        var keys = store.AllKeys.Where(k => k.TeamId == teamId).Select(Shapes.KeyWithoutToken).ToList();
        return ApiResult.Ok(new JsonMap
        {
            { "team_id", teamId },
            { "team_info", Shapes.Team(team) },
            { "keys", keys },
            { "team_memberships", store.MembershipsOfTeam(teamId).Select(Shapes.TeamMembership).ToList() },
        }, items: 1);

        static string PyReprMessage(string message) => "{'message': " + PyRepr.Str(message) + "}";
    }

    public static ApiResult MemberAdd(RequestContext rc)
    {
        var errors = new List<JsonMap>();
        var r = BodyReader.ForModel(rc.Body, ["body"], errors);
        List<SandboxTeamMember>? members = null;
        string? teamId = null;
        double? maxBudgetInTeam = null;
        if (r is not null)
        {
            if (r.Raw("member") is { ValueKind: JsonValueKind.Object } single)
            {
                members = ReadMember(single, ["body", "member"], errors) is { } m ? [m] : null;
            }
            else if (r.Raw("member") is { ValueKind: JsonValueKind.Array })
            {
                members = ReadMembers(r, "member", errors);
            }
            else if (!r.Has("member"))
            {
                r.AddError("missing", "Field required", r.Body, null, "member");
            }
            else
            {
                r.AddError("model_type", "Input should be a valid dictionary or instance of Member", r.Raw("member"), new JsonMap { { "class_name", "Member" } }, "member");
            }

            teamId = r.Str("team_id", required: true);
            maxBudgetInTeam = r.Float("max_budget_in_team");
        }

        if (errors.Count > 0 || members is null || teamId is null)
        {
            return Errors.Validation(errors);
        }

        var store = rc.Store;
        var team = store.TeamById(teamId);
        if (team is null)
        {
            return Errors.DetailError(404, $"Team not found for team_id={teamId}");
        }

        foreach (var member in members.Where(m => m.UserId is not null))
        {
            if (team.MembersWithRoles.Any(m => m.UserId == member.UserId))
            {
                return Errors.DetailError(400, $"User={member.UserId} already in team. Existing members={ReprMembers(team.MembersWithRoles)}");
            }
        }

        if (!rc.Caller.IsProxyAdmin && !IsTeamAdmin(team, rc.Caller))
        {
            return Errors.DetailError(403, $"Call not allowed. User not proxy admin OR team admin. route=/team/member_add, team_id={teamId}");
        }

        var updatedUsers = new List<JsonMap>();
        var memberships = new List<JsonMap>();
        foreach (var member in members)
        {
            // add_new_member: find the user by id or email, else create it (internal_user).
            var slot = member.UserId is { } id ? store.Slot(id) : store.FindByEmailExact(member.UserEmail!).FirstOrDefault();
            if (slot is null)
            {
                var now = store.Now;
                slot = store.NewSlot(new SandboxUser
                {
                    UserId = member.UserId ?? Guid.NewGuid().ToString(),
                    UserEmail = member.UserEmail,
                    UserRole = "internal_user",
                    CreatedAt = now,
                    UpdatedAt = now,
                });
                store.InsertUser(slot);
            }

            store.AddToTeam(teamId, slot.User.UserId, member.Role);
            updatedUsers.Add(ListUserWithoutKeyCount(slot.User));
            memberships.Add(Shapes.TeamMembership(new SandboxTeamMembership(slot.User.UserId, teamId, 0.0, maxBudgetInTeam is null ? null : "budget-" + slot.User.UserId)));
        }

        var response = Shapes.Team(store.TeamById(teamId)!);
        response.Add("updated_users", updatedUsers);
        response.Add("updated_team_memberships", memberships);
        return ApiResult.Ok(response, items: members.Count, committed: true);
    }

    public static ApiResult MemberDelete(RequestContext rc)
    {
        var errors = new List<JsonMap>();
        var r = BodyReader.ForModel(rc.Body, ["body"], errors);
        string? teamId = null;
        string? userId = null;
        string? email = null;
        if (r is not null)
        {
            if (!r.IsSet("user_id") && !r.IsSet("user_email"))
            {
                errors.Add(Errors.ValidationItem("value_error", ["body"], "Value error, Either user id or user email must be provided", r.Body, new JsonMap { { "error", new JsonMap() } }));
            }
            else
            {
                userId = r.Str("user_id");
                email = r.Str("user_email");
                teamId = r.Str("team_id", required: true);
            }
        }

        if (errors.Count > 0 || teamId is null)
        {
            return Errors.Validation(errors);
        }

        var store = rc.Store;
        var team = store.TeamById(teamId);
        if (team is null)
        {
            return Errors.DetailError(400, $"Team id={teamId} does not exist in db");
        }

        if (!rc.Caller.IsProxyAdmin && !IsTeamAdmin(team, rc.Caller))
        {
            return Errors.DetailError(403, $"Call not allowed. User not proxy admin OR team admin. route=/team/member_delete, team_id={teamId}");
        }

        var onRoster = team.MembersWithRoles.Any(m => (userId is not null && m.UserId == userId) || (email is not null && m.UserEmail == email));
        if (!onRoster)
        {
            return Errors.DetailError(400, "User not found in team");
        }

        var removedIds = team.MembersWithRoles.Where(m => m.UserId is not null && ((userId is not null && m.UserId == userId) || (email is not null && m.UserEmail == email))).Select(m => m.UserId!).ToList();
        store.RemoveFromTeam(teamId, userId, email);

        // Removing a member also deletes that member's keys for this team (BerriAI/litellm#17057).
        foreach (var key in removedIds.SelectMany(store.KeyRowsOf).Where(k => k.TeamId == teamId).ToList())
        {
            store.RemoveKey(key);
        }

        return ApiResult.Ok(Shapes.Team(store.TeamById(teamId)!), items: 1, committed: true);
    }

    private static bool IsTeamAdmin(SandboxTeam team, Caller caller) =>
        caller.UserId is not null && team.MembersWithRoles.Any(m => m.UserId == caller.UserId && m.Role == "admin");

    /// <summary><c>LiteLLM_UserTable</c> (what <c>updated_users</c> lists).</summary>
    private static JsonMap ListUserWithoutKeyCount(SandboxUser user) => Shapes.ListUser(user, 0).Without("key_count");

    /// <summary><c>List[Member]</c> with <c>role</c> required and either id or email (MemberBase's validator).</summary>
    private static List<SandboxTeamMember>? ReadMembers(BodyReader r, string name, List<JsonMap> errors)
    {
        if (r.Raw(name) is not { } raw || raw.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        if (raw.ValueKind != JsonValueKind.Array)
        {
            r.AddError("list_type", "Input should be a valid list", raw, null, name);
            return null;
        }

        var list = new List<SandboxTeamMember>();
        var index = 0;
        foreach (var item in raw.EnumerateArray())
        {
            if (ReadMember(item, ["body", name, index], errors) is { } member)
            {
                list.Add(member);
            }

            index++;
        }

        return list;
    }

    private static SandboxTeamMember? ReadMember(JsonElement item, object[] loc, List<JsonMap> errors)
    {
        var reader = BodyReader.ForModel(item, loc, errors);
        if (reader is null)
        {
            return null;
        }

        if (!reader.IsSet("user_id") && !reader.IsSet("user_email"))
        {
            errors.Add(Errors.ValidationItem("value_error", loc, "Value error, Either user id or user email must be provided", item, new JsonMap { { "error", new JsonMap() } }));
            return null;
        }

        var before = errors.Count;
        var userId = reader.Str("user_id");
        var email = reader.Str("user_email");
        var role = reader.Has("role") ? reader.Literal("role", ["admin", "user"], "'admin' or 'user'") : null;
        if (!reader.Has("role"))
        {
            reader.AddError("missing", "Field required", item, null, "role");
        }

        return errors.Count == before && role is not null ? new SandboxTeamMember(userId, email, role) : null;
    }

    /// <summary>Python repr of a list of pydantic <c>Member</c> objects.</summary>
    private static string ReprMembers(IReadOnlyList<SandboxTeamMember> members)
    {
        var sb = new StringBuilder("[");
        for (var i = 0; i < members.Count; i++)
        {
            var m = members[i];
            sb.Append(i == 0 ? string.Empty : ", ")
                .Append("Member(user_id=").Append(m.UserId is null ? "None" : PyRepr.Str(m.UserId))
                .Append(", user_email=").Append(m.UserEmail is null ? "None" : PyRepr.Str(m.UserEmail))
                .Append(", role=").Append(PyRepr.Str(m.Role)).Append(')');
        }

        return sb.Append(']').ToString();
    }
}
