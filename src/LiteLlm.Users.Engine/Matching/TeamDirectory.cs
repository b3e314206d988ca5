using LiteLlm.Admin;
using LiteLlm.Admin.Teams;

namespace LiteLlm.Users.Engine.Matching;

/// <summary>
/// The proxy's teams, read with one <c>/team/list</c>, and the one rule for turning what a person
/// wrote (a team id or a team name) into a team: an exact id first, then the exact alias, then the
/// alias ignoring case. Two teams with that name is an error, never a guess.
/// </summary>
internal sealed class TeamDirectory
{
    private readonly Dictionary<string, LiteLlmTeam> _byId;
    private readonly IReadOnlyList<LiteLlmTeam> _teams;

    /// <summary>Creates a directory over teams already read.</summary>
    public TeamDirectory(IReadOnlyList<LiteLlmTeam> teams)
    {
        ArgumentNullException.ThrowIfNull(teams);
        _teams = teams;
        _byId = teams.DistinctBy(t => t.TeamId, StringComparer.Ordinal).ToDictionary(t => t.TeamId, StringComparer.Ordinal);
    }

    /// <summary>An empty directory (nothing to resolve).</summary>
    public static TeamDirectory Empty { get; } = new([]);

    /// <summary>Reads every team with one request.</summary>
    public static async Task<TeamDirectory> LoadAsync(LiteLlmAdminClient client, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(client);
        return new TeamDirectory(await client.Teams.ListAsync(cancellationToken: cancellationToken).ConfigureAwait(false));
    }

    /// <summary>Finds the team <paramref name="nameOrId"/> means.</summary>
    public TeamMatch Resolve(string nameOrId)
    {
        ArgumentNullException.ThrowIfNull(nameOrId);
        var wanted = nameOrId.Trim();
        if (_byId.TryGetValue(wanted, out var byId))
        {
            return new TeamMatch(byId, null);
        }

        var exact = _teams.Where(t => string.Equals(t.TeamAlias?.Trim(), wanted, StringComparison.Ordinal)).ToList();
        var matches = exact.Count > 0 ? exact : [.. _teams.Where(t => string.Equals(t.TeamAlias?.Trim(), wanted, StringComparison.OrdinalIgnoreCase))];
        return matches.Count switch
        {
            1 => new TeamMatch(matches[0], null),
            0 => new TeamMatch(null, $"Unknown team '{wanted}' (no team has this id or name)"),
            _ => new TeamMatch(null, $"Ambiguous team '{wanted}': {matches.Count} teams have this name (team_ids: {string.Join(", ", matches.Select(t => t.TeamId))})"),
        };
    }

    /// <summary>Whether the proxy has a team with this id.</summary>
    public bool Contains(string teamId) => _byId.ContainsKey(teamId);

    /// <summary>How a team is shown in output files: its name, or its id when it has none.</summary>
    public string Describe(string teamId)
    {
        ArgumentNullException.ThrowIfNull(teamId);
        return _byId.TryGetValue(teamId, out var team) && !string.IsNullOrWhiteSpace(team.TeamAlias) ? team.TeamAlias.Trim() : teamId;
    }
}
