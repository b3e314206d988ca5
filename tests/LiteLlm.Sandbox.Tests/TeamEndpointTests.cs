using System.Net;
using LiteLlm.Sandbox.Tests.Infrastructure;

namespace LiteLlm.Sandbox.Tests;

/// <summary><c>/team/*</c> and <c>/invitation/new</c>.</summary>
public sealed class TeamEndpointTests
{
    [Fact]
    public async Task New_CreatesTheTeamAndAddsItsMembers()
    {
        // Arrange
        await using var t = await ContractTarget.OpenAsync(ContractTarget.Sandbox);
        var store = t.Server!.Store;
        store.AddUser("m@example.com", "member");

        // Act
        using var response = await t.PostAsync("/team/new", new { team_id = "t1", team_alias = "One", members_with_roles = new[] { new { role = "user", user_id = "member" } } });
        var body = await response.JsonAsync();
        using var again = await t.PostAsync("/team/new", new { team_id = "t1" });

        // Assert
        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        body.Str("team_id").ShouldBe("t1");
        body.GetProperty("members_with_roles").EnumerateArray().Select(m => m.Str("user_id")).ShouldBe(["member", "default_user_id"]);
        store.FindUser("member")!.Teams.ShouldBe(["t1"]);
        again.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await again.JsonAsync()).Error().Str("message").ShouldBe("{'error': 'Team id = t1 already exists. Please use a different team id.'}");
    }

    [Fact]
    public async Task MemberAdd_CreatesMissingUsersAndRejectsDuplicates()
    {
        // Arrange
        await using var t = await ContractTarget.OpenAsync(ContractTarget.Sandbox);
        var store = t.Server!.Store;
        store.CreateTeam("t1", "One");

        // Act
        using var added = await t.PostAsync("/team/member_add", new { team_id = "t1", member = new { role = "admin", user_id = "fresh" } });
        using var duplicate = await t.PostAsync("/team/member_add", new { team_id = "t1", member = new { role = "user", user_id = "fresh" } });
        using var missingTeam = await t.PostAsync("/team/member_add", new { team_id = "nope", member = new { role = "user", user_id = "x" } });

        // Assert
        added.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await added.JsonAsync()).GetProperty("updated_users")[0].Str("user_id").ShouldBe("fresh");
        store.FindUser("fresh")!.UserRole.ShouldBe("internal_user");
        store.FindTeam("t1")!.MembersWithRoles.ShouldBe([new SandboxTeamMember("fresh", null, "admin")]);
        duplicate.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await duplicate.JsonAsync()).GetProperty("detail").Str("error").ShouldStartWith("User=fresh already in team. Existing members=[Member(user_id='fresh', user_email=None, role='admin')]");
        missingTeam.StatusCode.ShouldBe(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task MemberDelete_RemovesRosterEntryTeamsEntryAndTeamKeys()
    {
        // Arrange
        await using var t = await ContractTarget.OpenAsync(ContractTarget.Sandbox);
        var store = t.Server!.Store;
        store.AddUser(new SandboxUserSeed { UserId = "m", UserEmail = "m@example.com", Teams = ["t1"], KeyCount = 1 });
        store.CreateKey("m", "team-key", "t1");

        // Act
        using var response = await t.PostAsync("/team/member_delete", new { team_id = "t1", user_email = "m@example.com" });
        using var again = await t.PostAsync("/team/member_delete", new { team_id = "t1", user_id = "m" });

        // Assert
        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        store.FindTeam("t1")!.MembersWithRoles.ShouldBeEmpty();
        store.FindUser("m")!.Teams.ShouldBeEmpty();
        store.KeysOf("m").ShouldHaveSingleItem().TeamId.ShouldBeNull();
        again.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await again.Content.ReadAsStringAsync(TestContext.Current.CancellationToken)).ShouldBe("{\"detail\":{\"error\":\"User not found in team\"}}");
    }

    [Fact]
    public async Task ListAndInfo_DescribeTeamsForAdminsAndMembers()
    {
        // Arrange
        await using var t = await ContractTarget.OpenAsync(ContractTarget.Sandbox);
        var store = t.Server!.Store;
        store.CreateTeam("t2", "Zulu");
        store.AddUser(new SandboxUserSeed { UserId = "m", Teams = ["t1"], KeyCount = 0 });
        var key = store.CreateKey("m");

        // Act
        var all = await (await t.GetAsync("/team/list")).JsonAsync();
        var mine = await (await t.GetAsync("/team/list?user_id=m", key: key)).JsonAsync();
        using var everyone = await t.GetAsync("/team/list", key: key);
        var info = await (await t.GetAsync("/team/info?team_id=t1", key: key)).JsonAsync();
        using var notMine = await t.GetAsync("/team/info?team_id=t2", key: key);
        using var unknown = await t.GetAsync("/team/info?team_id=zzz");

        // Assert
        all.EnumerateArray().Select(x => x.Str("team_id")).ShouldBe(["t1", "t2"]);
        mine.EnumerateArray().Single().Str("team_id").ShouldBe("t1");
        everyone.StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        info.GetProperty("team_info").Str("team_id").ShouldBe("t1");
        info.GetProperty("team_memberships")[0].Str("user_id").ShouldBe("m");
        notMine.StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        unknown.StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await unknown.JsonAsync()).Error().Str("message").ShouldBe("{'message': 'Team not found, passed team id: zzz.'}");
    }

    [Fact]
    public async Task InvitationNew_CreatesALinkThatUserDeletionRemoves()
    {
        // Arrange
        await using var t = await ContractTarget.OpenAsync(ContractTarget.Sandbox);
        var store = t.Server!.Store;
        store.AddUser("invitee@example.com", "invitee");

        // Act
        var invitation = await (await t.PostAsync("/invitation/new", new { user_id = "invitee" })).JsonAsync();
        using var _ = await t.PostAsync("/user/delete", new { user_ids = new[] { "invitee" } });

        // Assert
        invitation.Str("user_id").ShouldBe("invitee");
        invitation.Str("created_by").ShouldBe("default_user_id");
        invitation.GetProperty("is_accepted").GetBoolean().ShouldBeFalse();
        store.Invitations.ShouldBeEmpty();
    }
}
