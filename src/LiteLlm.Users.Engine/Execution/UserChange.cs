using System.Globalization;
using LiteLlm.Admin.Teams;
using LiteLlm.Admin.Users;
using LiteLlm.Users.Engine.Input;
using LiteLlm.Users.Engine.Matching;

namespace LiteLlm.Users.Engine.Execution;

/// <summary>
/// What an update changes for one user: only the cells the row fills in that differ from the user
/// as just read, and the team memberships that differ (joined, and with <see cref="TeamRule.Exact"/>
/// also left). An empty change sends nothing, so a rerun changes nothing.
/// </summary>
/// <param name="Request">The <c>/user/update</c> body, or null when no field differs.</param>
/// <param name="TeamsToJoin">Team ids to join with <c>/team/member_add</c>.</param>
/// <param name="Fields">Names of the fields that change, with old and new values, for the dry run.</param>
internal sealed record UserChange(UpdateUserRequest? Request, IReadOnlyList<string> TeamsToJoin, IReadOnlyList<string> Fields)
{
    /// <summary>Team ids to leave with <c>/team/member_delete</c> (only with <see cref="TeamRule.Exact"/>).</summary>
    public IReadOnlyList<string> TeamsToLeave { get; init; } = [];

    /// <summary>True when nothing would change.</summary>
    public bool IsEmpty => Request is null && TeamsToJoin.Count == 0 && TeamsToLeave.Count == 0;

    /// <summary>Compares a row with the user it names.</summary>
    /// <param name="row">The input row.</param>
    /// <param name="user">The user as just read (its id is the only one ever sent).</param>
    /// <param name="teams">The row's teams, resolved.</param>
    /// <param name="directory">The proxy's teams (for names, and to leave only teams that exist).</param>
    /// <param name="rule">Whether teams are only joined, or made exactly the row's.</param>
    public static UserChange For(UserInputRow row, LiteLlmUser user, IReadOnlyList<LiteLlmTeam> teams, TeamDirectory directory, TeamRule rule = TeamRule.JoinOnly)
    {
        ArgumentNullException.ThrowIfNull(row);
        ArgumentNullException.ThrowIfNull(user);
        ArgumentNullException.ThrowIfNull(teams);
        ArgumentNullException.ThrowIfNull(directory);
        var fields = new List<string>();
        string? Differs(string name, string? wanted, string? current)
        {
            if (wanted is null || string.Equals(wanted, current, StringComparison.Ordinal))
            {
                return null;
            }

            fields.Add($"{name} {(string.IsNullOrEmpty(current) ? "(none)" : current)} -> {(wanted.Length == 0 ? "(none)" : wanted)}");
            return name;
        }

        static string? Number(double? value) => value?.ToString("R", CultureInfo.InvariantCulture);

        var role = Differs("role", row.Role, user.UserRole);
        var alias = Differs("alias", row.Alias, user.UserAlias);
        var budget = Differs("max_budget", Number(row.MaxBudget), Number(user.MaxBudget));
        var duration = Differs("budget_duration", row.BudgetDuration, user.BudgetDuration);
        var models = row.Models.Count > 0 && !row.Models.ToHashSet(StringComparer.Ordinal).SetEquals(user.Models ?? [])
            ? Differs("models", string.Join(';', row.Models), string.Join(';', user.Models ?? []))
            : null;
        var current = user.Teams ?? [];
        var join = teams.Select(t => t.TeamId).Where(id => !current.Contains(id, StringComparer.Ordinal)).ToList();
        fields.AddRange(join.Select(id => "join team " + directory.Describe(id)));

        // An empty team cell says nothing about teams. A team id the proxy no longer lists (a dangling
        // reference) cannot be left through /team/member_delete, so it is not counted as a difference.
        var leave = rule == TeamRule.Exact && row.Teams.Count > 0
            ? [.. current.Where(id => directory.Contains(id) && !teams.Any(t => t.TeamId == id)).Distinct(StringComparer.Ordinal)]
            : new List<string>();
        fields.AddRange(leave.Select(id => "leave team " + directory.Describe(id)));

        var request = (role ?? alias ?? budget ?? duration ?? models) is null ? null : new UpdateUserRequest(user.UserId)
        {
            UserRole = role is null ? null : row.Role,
            UserAlias = alias is null ? null : row.Alias,
            MaxBudget = budget is null ? null : row.MaxBudget,
            BudgetDuration = duration is null ? null : row.BudgetDuration,
            Models = models is null ? null : row.Models,
        };
        return new UserChange(request, join, fields) { TeamsToLeave = leave };
    }

    /// <summary>The changes in words ("role internal_user -> proxy_admin; join team Ops; leave team Dev").</summary>
    public string Describe() => string.Join("; ", Fields);
}
