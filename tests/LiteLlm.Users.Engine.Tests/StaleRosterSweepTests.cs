using LiteLlm.Admin.Teams;
using LiteLlm.Users.Engine.Execution;

namespace LiteLlm.Users.Engine.Tests;

/// <summary>Which roster entries still name a deleted user (fleet row 2), as <see cref="StaleRosterSweep.Find"/> decides.</summary>
public class StaleRosterSweepTests
{
    private static LiteLlmTeam Team(string id, params TeamMember[] members) => new() { TeamId = id, MembersWithRoles = members };

    [Fact]
    public void FindsEntriesByIdAndEntriesWithoutAnIdByEmailButNeverAnotherUsersEntry()
    {
        DeletedUser[] deleted = [new("u-a", "Ann@Example.com"), new("u-b", null)];
        LiteLlmTeam[] teams =
        [
            Team("t-1", new TeamMember { UserId = "u-a", UserEmail = "ann@example.com" }, new TeamMember { UserId = "u-keep", UserEmail = "keep@example.com" }),
            Team("t-2", new TeamMember { UserEmail = " ANN@example.com " }, new TeamMember { UserId = "u-b" }),
            Team("t-3", new TeamMember { UserId = "u-other", UserEmail = "ann@example.com" }), // another user with the same email: not ours
            new() { TeamId = "t-4" },
        ];

        var stale = StaleRosterSweep.Find(teams, deleted);

        stale.Select(s => (s.TeamId, s.UserId, s.Email, s.User.UserId)).ShouldBe(
        [
            ("t-1", "u-a", null, "u-a"),
            ("t-2", null, " ANN@example.com ", "u-a"),
            ("t-2", "u-b", null, "u-b"),
        ]);
    }

    [Fact]
    public void NothingDeletedFindsNothing()
    {
        StaleRosterSweep.Find([Team("t-1", new TeamMember { UserId = "u-a" })], []).ShouldBeEmpty();
    }
}
