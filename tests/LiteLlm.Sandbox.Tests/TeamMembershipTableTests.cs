namespace LiteLlm.Sandbox.Tests;

/// <summary>The membership table enumerates exactly like the dictionary it replaced (the order /team/info shows).</summary>
public sealed class TeamMembershipTableTests
{
    [Fact]
    public void RandomAddsRemovesAndUserDeletes_EnumerateLikeADictionary()
    {
        // Arrange
        var rng = new Random(3);
        var table = new TeamMembershipTable();
        var reference = new Dictionary<(string TeamId, string UserId), SandboxTeamMembership>();
        string User() => $"u{rng.Next(60)}";
        string Team() => $"t{rng.Next(8)}";

        for (var step = 0; step < 5_000; step++)
        {
            // Act
            switch (rng.Next(10))
            {
                case < 5:
                    var row = new SandboxTeamMembership(User(), Team(), 0.0, null);
                    table.TryAdd(row).ShouldBe(reference.TryAdd((row.TeamId, row.UserId), row));
                    break;
                case < 8:
                    var (team, user) = (Team(), User());
                    table.Remove(team, user).ShouldBe(reference.Remove((team, user)));
                    break;
                case 8:
                    // The scan the store used to do: remove the users' rows in enumeration order.
                    var users = Enumerable.Range(0, rng.Next(1, 5)).Select(_ => User()).ToHashSet(StringComparer.Ordinal);
                    table.RemoveUsers(users);
                    foreach (var key in reference.Keys.Where(k => users.Contains(k.UserId)).ToList())
                    {
                        reference.Remove(key);
                    }

                    break;
                default:
                    if (rng.Next(50) == 0)
                    {
                        table.Clear();
                        reference.Clear();
                    }

                    break;
            }

            // Assert
            table.Values.ShouldBe(reference.Values);
            table.Count.ShouldBe(reference.Count);
        }

        foreach (var user in Enumerable.Range(0, 60).Select(i => $"u{i}"))
        {
            table.TeamsOf(user).ShouldBe(reference.Keys.Where(k => k.UserId == user).Select(k => k.TeamId), ignoreOrder: true);
        }
    }
}
