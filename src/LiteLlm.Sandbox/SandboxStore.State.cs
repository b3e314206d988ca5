namespace LiteLlm.Sandbox;

public sealed partial class SandboxStore
{
    /// <summary>A copy of everything the store holds (<see cref="SandboxStateFile"/>).</summary>
    public SandboxState Export()
    {
        lock (_gate)
        {
            return new SandboxState
            {
                SavedAt = Now,
                Users = _byCreated.From(0, descending: false).Select(s => s.User).ToList(),
                Keys = [.. _keys.Values],
                Teams = _teamOrder.ConvertAll(id => _teams[id]),
                TeamMemberships = [.. _teamMemberships.Values],
                Organizations = [.. _organizations.Values],
                OrganizationMemberships = [.. _orgMemberships],
                Invitations = [.. _invitations],
                Deletions = [.. _deletions],
            };
        }
    }

    /// <summary>Replaces everything the store holds with <paramref name="state"/>.</summary>
    /// <exception cref="InvalidOperationException">The state repeats a user id, key or team.</exception>
    public void Import(SandboxState state)
    {
        ArgumentNullException.ThrowIfNull(state);
        lock (_gate)
        {
            Clear();
            foreach (var team in state.Teams)
            {
                if (!_teams.TryAdd(team.TeamId, team))
                {
                    throw new InvalidOperationException($"Team '{team.TeamId}' appears twice in the state.");
                }

                _teamOrder.Add(team.TeamId);
            }

            foreach (var user in state.Users)
            {
                InsertUser(NewSlot(user));
            }

            foreach (var key in state.Keys)
            {
                AddKeyRow(key);
            }

            foreach (var membership in state.TeamMemberships)
            {
                _teamMemberships.TryAdd(membership);
            }

            foreach (var organization in state.Organizations)
            {
                _organizations[organization.OrganizationId] = organization;
            }

            _orgMemberships.AddRange(state.OrganizationMemberships);
            _invitations.AddRange(state.Invitations);
            _deletions.AddRange(state.Deletions);
        }
    }
}
