using System.Text.Json;
using LiteLlm.Sandbox;
using LiteLlm.Users.Cli.Tests.Infrastructure;

namespace LiteLlm.Users.Cli.Tests.Commands;

/// <summary>
/// The checks after a delete: every user reported deleted is gone (one <c>/user/list?user_ids=…</c> per 100,
/// before the rows are written), and no team roster still lists a deleted user (fleet row 2: before PR #12926
/// LiteLLM left them in <c>members_with_roles</c>).
/// </summary>
public class DeleteVerificationTests
{
    /// <summary>u-a (team-ops admin, team-dev), u-b (team-ops), u-c (no team) to delete; u-keep stays on team-ops.</summary>
    private static async Task<CliHarness> StartTeamsAsync(SandboxProfile profile)
    {
        var h = await CliHarness.StartAsync(profile: profile);
        h.Store.CreateTeam("team-ops", "Ops");
        h.Store.CreateTeam("team-dev", "Dev");
        h.Store.AddUser("a@example.com", "u-a");
        h.Store.AddUser("b@example.com", "u-b");
        h.Store.AddUser("c@example.com", "u-c");
        h.Store.AddUser("keep@example.com", "u-keep");
        h.Store.AddTeamMember("team-ops", "u-a", "admin");
        h.Store.AddTeamMember("team-dev", "u-a");
        h.Store.AddTeamMember("team-ops", "u-b");
        h.Store.AddTeamMember("team-ops", "u-keep");
        h.WriteFile("in.csv", "email\na@example.com\nb@example.com\nc@example.com\n");
        return h;
    }

    private static List<JsonElement> Audit(CliHarness h) =>
        [.. File.ReadLines(h.Path("litellm-users-audit.jsonl")).Select(l => JsonDocument.Parse(l).RootElement)];

    private static IEnumerable<string?> Roster(CliHarness h, string team) => h.Store.FindTeam(team)!.MembersWithRoles.Select(m => m.UserId);

    [Fact]
    public async Task OnLegacyTheDeletedUsersLeftOnTeamRostersAreRemovedAndCounted()
    {
        // Arrange: LiteLLM before PR #12926 keeps deleted users on the rosters.
        await using var h = await StartTeamsAsync(SandboxProfile.Legacy);

        // Act
        var run = await h.RunAsync("delete", "--csv-file", "in.csv");

        // Assert: the rows, then the rosters hold only the user who stays.
        run.ExitCode.ShouldBe(0, run.All);
        h.Read("user_del_result.csv").ShouldBe("email,user_id,status\r\na@example.com,u-a,Deleted\r\nb@example.com,u-b,Deleted\r\nc@example.com,u-c,Deleted\r\n");
        Roster(h, "team-ops").ShouldBe(["u-keep"]);
        Roster(h, "team-dev").ShouldBeEmpty();
        h.Sandbox.Journal.Mutations.Count(m => m.Path == "/team/member_delete").ShouldBe(3);

        // ... said in the summary, on stderr and in the audit log, one line per membership.
        run.Out.ShouldContain("Removed 3 stale team memberships (LiteLLM left deleted users on team rosters)");
        run.Err.ShouldContain("Removed 3 stale team memberships: this LiteLLM release left deleted users on team rosters");
        var removals = Audit(h).Where(l => l.GetProperty("action").GetString() == "team_remove").ToList();
        removals.Select(l => l.GetProperty("user_id").GetString()).ShouldBe(["u-a", "u-a", "u-b"], ignoreOrder: true);
        removals.ShouldAllBe(l => l.GetProperty("success").GetBoolean() && l.GetProperty("outcome").GetString()!.StartsWith("Removed stale team membership: team ", StringComparison.Ordinal));
        run.Out.ShouldContain("Audit log: 6 changes appended");
    }

    [Fact]
    public async Task OnCurrentTheRostersAreCleanAlreadyAndTheCheckReadsThemOnce()
    {
        await using var h = await StartTeamsAsync(SandboxProfile.Current);
        h.Sandbox.Journal.Clear();

        var run = await h.RunAsync("delete", "--csv-file", "in.csv");

        run.ExitCode.ShouldBe(0, run.All);
        Roster(h, "team-ops").ShouldBe(["u-keep"]);
        h.Sandbox.Journal.Mutations.ShouldNotContain(m => m.Path == "/team/member_delete");
        var lastDelete = h.Sandbox.Journal.Entries.ToList().FindLastIndex(e => e.Method == "POST");
        h.Sandbox.Journal.Entries.Skip(lastDelete + 1).Count(e => e.Path == "/team/list").ShouldBe(1);
        run.Out.ShouldNotContain("stale team memberships");
        run.Out.ShouldContain("Verified: 3 deleted users are gone");
        Audit(h).ShouldAllBe(l => l.GetProperty("action").GetString() == "delete");
    }

    [Fact]
    public async Task AUserTheProxyReportsDeletedButStillListsIsAnErrorRow()
    {
        // Arrange: something in front of LiteLLM answers the first delete "1" without passing it on.
        await using var h = await StartTeamsAsync(SandboxProfile.Legacy);
        h.Sandbox.Faults.Add(new FaultRule { Method = "POST", PathPrefix = "/user/delete", Kind = FaultKind.Status, Status = 200, Body = "1", Times = 1 });

        // Act
        var run = await h.RunAsync("delete", "--csv-file", "in.csv", "--batch-size", "1", "--concurrency", "1");

        // Assert: that row is an error (the only outcome its line gets), the others are deleted.
        run.ExitCode.ShouldBe(2, run.All);
        h.Sandbox.Faults.InjectedCount.ShouldBe(1);
        var errors = h.Read("user_del_error.csv");
        errors.ShouldContain(",\"Failed to delete user (API error): the proxy answered that the user was deleted, but /user/list still lists it (checked after the delete); not deleted\"\r\n");
        h.Read("user_del_result.csv").Split("\r\n", StringSplitOptions.RemoveEmptyEntries).Length.ShouldBe(3);
        h.Store.UserCount.ShouldBe(2); // u-keep and the one the proxy never deleted
        run.Out.ShouldContain("Still listed although reported deleted: 1 user (in the error file)");
        Audit(h).Where(l => l.GetProperty("action").GetString() == "delete").Count(l => !l.GetProperty("success").GetBoolean()).ShouldBe(1);
    }

    [Fact]
    public async Task NoVerifySkipsBothChecks()
    {
        await using var h = await StartTeamsAsync(SandboxProfile.Legacy);

        var run = await h.RunAsync("delete", "--csv-file", "in.csv", "--no-verify", "--no-backup");

        run.ExitCode.ShouldBe(0, run.All);
        Roster(h, "team-ops").ShouldBe(["u-a", "u-b", "u-keep"], ignoreOrder: true); // left as LiteLLM left them
        h.Sandbox.Journal.Entries.ShouldNotContain(e => e.Path == "/team/list" || e.Path == "/team/member_delete");
        h.Sandbox.Journal.Entries.ShouldNotContain(e => e.Path == "/user/list" && e.QueryString.Contains("user_ids=", StringComparison.Ordinal));
        run.Out.ShouldContain("Not verified (--no-verify)");
    }

    [Theory]
    [InlineData("legacy")]
    [InlineData("current")]
    public async Task TheCheckCostsOneLookupPer100DeletedUsersAndOneTeamListing(string profile)
    {
        // Arrange: 250 users to delete (legacy: 3 batches of up to 100; current: 1 v1 batch of 250).
        await using var h = await CliHarness.StartAsync(profile: SandboxProfile.Parse(profile));
        h.Store.AddUsers(260, i => new SandboxUserSeed { UserId = $"u-{i:000}", UserEmail = $"user{i:000}@example.com", KeyCount = 0 });
        h.WriteFile("in.csv", "email\n" + string.Concat(Enumerable.Range(0, 250).Select(i => $"user{i:000}@example.com\n")));
        var withVerify = await h.RunAsync("delete", "--csv-file", "in.csv", "--max-delete", "100%", "--no-backup", "--summary-json", "on.json");

        await using var other = await CliHarness.StartAsync(profile: SandboxProfile.Parse(profile));
        other.Store.AddUsers(260, i => new SandboxUserSeed { UserId = $"u-{i:000}", UserEmail = $"user{i:000}@example.com", KeyCount = 0 });
        other.WriteFile("in.csv", h.Read("in.csv"));
        var without = await other.RunAsync("delete", "--csv-file", "in.csv", "--max-delete", "100%", "--no-backup", "--no-verify", "--summary-json", "off.json");

        // Assert: 3 lookups by id and 1 team listing more; nothing else.
        withVerify.ExitCode.ShouldBe(0, withVerify.All);
        without.ExitCode.ShouldBe(0, without.All);
        var on = JsonDocument.Parse(h.Read("on.json")).RootElement.GetProperty("requests").GetInt32();
        var off = JsonDocument.Parse(other.Read("off.json")).RootElement.GetProperty("requests").GetInt32();
        (on - off).ShouldBe(3 + 1);
        h.Sandbox.Journal.Entries.Count(e => e.Path == "/user/list" && e.QueryString.Contains("user_ids=", StringComparison.Ordinal)).ShouldBe(3);
        h.Sandbox.Journal.Entries.Count(e => e.Path == "/team/list").ShouldBe(1);
    }
}
