using LiteLlm.Admin.Keys;
using LiteLlm.Admin.Teams;
using LiteLlm.Admin.Tests.Loopback;
using LiteLlm.Testing;

namespace LiteLlm.Admin.Tests;

public class TeamsClientTests
{
    [Fact]
    public async Task CreatesListsAndChangesMembersOnBothSides()
    {
        await using var f = await ClientFixture.StartAsync();
        var ct = TestContext.Current.CancellationToken;
        f.Sandbox.Store.AddUser("a@example.com", "u-a");

        var team = await f.Client.Teams.CreateAsync(new CreateTeamRequest { TeamId = "t-1", TeamAlias = "One" }, ct);
        await f.Client.Teams.AddMemberAsync("t-1", new TeamMember { UserId = "u-a", Role = "user" }, ct);
        var listed = await f.Client.Teams.ListAsync(cancellationToken: ct);

        team.TeamId.ShouldBe("t-1");
        listed.Single(t => t.TeamId == "t-1").MembersWithRoles!.ShouldContain(m => m.UserId == "u-a");
        f.Sandbox.Store.FindUser("u-a")!.Teams.ShouldContain("t-1");

        await f.Client.Teams.RemoveMemberAsync("t-1", "u-a", cancellationToken: ct);

        f.Sandbox.Store.FindUser("u-a")!.Teams.ShouldNotContain("t-1");
        f.Sandbox.Store.FindTeam("t-1")!.MembersWithRoles.ShouldNotContain(m => m.UserId == "u-a");
    }
}

public class KeysClientTests
{
    [Fact]
    public async Task ListsEveryKeyOfOneUserOverAllPagesWithTheBlockedFlag()
    {
        await using var f = await ClientFixture.StartAsync();
        var ct = TestContext.Current.CancellationToken;
        f.Sandbox.Store.AddUser("a@example.com", "u-a");
        f.Sandbox.Store.AddUser("ab@example.com", "u-ab");
        for (var i = 0; i < 150; i++)
        {
            f.Sandbox.Store.CreateKey("u-a", $"alias-{i}");
        }

        f.Sandbox.Store.CreateKey("u-ab", "other");

        var keys = await f.Client.Keys.GetUserKeysAsync("u-a", ct);

        keys.Count.ShouldBe(f.Sandbox.Store.KeysOf("u-a").Count);
        keys.Count.ShouldBeGreaterThan(150 - 1);
        keys.ShouldAllBe(k => k.UserId == "u-a" && k.Blocked != true);
        f.Sandbox.Journal.Entries.Count(e => e.Path == "/key/list").ShouldBe(2);
        f.Sandbox.Journal.Entries.ShouldAllBe(e => e.QueryString.Contains("user_id=u-a") && e.QueryString.Contains("return_full_object=true"));
    }

    [Fact]
    public async Task BlocksAndUnblocksAKeyByItsHash()
    {
        await using var server = await LoopbackServer.StartAsync((context, seen) =>
        {
            var blocked = seen.Path == "/key/block" ? "true" : "false";
            return LoopbackServer.Json(context, 200, $$"""{"token":"abc123","key_alias":"laptop","user_id":"u-a","blocked":{{blocked}},"spend":0.0}""");
        });
        using var client = server.CreateClient();
        var ct = TestContext.Current.CancellationToken;

        var blocked = await client.Keys.BlockAsync("abc123", ct);
        var unblocked = await client.Keys.UnblockAsync("abc123", ct);

        blocked.Blocked.ShouldBe(true);
        blocked.Token.ShouldBe("abc123");
        unblocked.Blocked.ShouldBe(false);
        server.Requests.Select(r => (r.Method, r.Path, r.Body)).ShouldBe([("POST", "/key/block", """{"key":"abc123"}"""), ("POST", "/key/unblock", """{"key":"abc123"}""")]);
    }

    [Fact]
    public async Task ListsKeyRecordsOfAUserAcrossPagesWithoutSecrets()
    {
        await using var f = await ClientFixture.StartAsync();
        var ct = TestContext.Current.CancellationToken;
        f.Sandbox.Store.AddUser("a@example.com", "u-a");
        var secrets = Enumerable.Range(0, 3).Select(i => f.Sandbox.Store.CreateKey("u-a", $"alias-{i}")).ToList();

        var keys = await f.Client.Keys.GetKeysAsync(new KeyQuery { UserId = "u-a", PageSize = 2 }, ct).ToListAsync(ct);

        keys.Count.ShouldBe(f.Sandbox.Store.KeysOf("u-a").Count);
        keys.Select(k => k.KeyAlias).ShouldContain("alias-2");
        keys.ShouldAllBe(k => k.UserId == "u-a");
        keys.ShouldAllBe(k => !secrets.Contains(k.Token!));
    }

    [Fact]
    public async Task TheCallersRecordNamesItsUserAndTheMasterKeyHasNone()
    {
        await using var f = await ClientFixture.StartAsync();
        var ct = TestContext.Current.CancellationToken;
        var secret = f.Sandbox.Store.AddUserWithKey("u-ops", "proxy_admin", "ops@example.com");
        using var asOps = new LiteLlmAdminClient(f.Sandbox.BaseAddress, secret);

        (await f.Client.Keys.GetCallerAsync(ct)).ShouldBeNull();
        (await asOps.Keys.GetCallerAsync(ct))!.Info!.UserId.ShouldBe("u-ops");
    }

    [Fact]
    public async Task GeneratesAKeyForAUser()
    {
        await using var f = await ClientFixture.StartAsync();
        var ct = TestContext.Current.CancellationToken;
        f.Sandbox.Store.AddUser("a@example.com", "u-a");
        var before = f.Sandbox.Store.KeysOf("u-a").Count;

        var key = await f.Client.Keys.GenerateAsync(new GenerateKeyRequest { UserId = "u-a", KeyAlias = "laptop" }, ct);

        key.Key!.ShouldStartWith("sk-");
        f.Sandbox.Store.KeysOf("u-a").Count.ShouldBe(before + 1);
    }
}

public class InvitationsClientTests
{
    [Fact]
    public async Task CreatesAnInvitationAndItsLink()
    {
        await using var f = await ClientFixture.StartAsync();
        f.Sandbox.Store.AddUser("a@example.com", "u-a");

        var invitation = await f.Client.Invitations.CreateAsync("u-a", TestContext.Current.CancellationToken);

        invitation.UserId.ShouldBe("u-a");
        f.Sandbox.Store.Invitations.ShouldContain(i => i.Id == invitation.Id);
        Invitations.InvitationsClient.LinkFor(new Uri("https://proxy.example.com/"), invitation).ToString()
            .ShouldBe("https://proxy.example.com/ui?invitation_id=" + invitation.Id);
    }
}

public class OrganizationsClientTests
{
    [Fact]
    public async Task ListsEveryOrganisationWithItsMembershipRowsInOneRequest()
    {
        await using var f = await ClientFixture.StartAsync();
        var ct = TestContext.Current.CancellationToken;
        f.Sandbox.Store.AddUser("a@example.com", "u-a");
        f.Sandbox.Store.AddOrganizationMember("org-1", "u-a", "org_admin");
        f.Sandbox.Store.CreateOrganization("org-2", "Two");

        var orgs = await f.Client.Organizations.ListAsync(ct);

        orgs.Select(o => o.OrganizationId).ShouldBe(["org-1", "org-2"], ignoreOrder: true);
        var member = orgs.Single(o => o.OrganizationId == "org-1").Members!.ShouldHaveSingleItem();
        (member.UserId, member.OrganizationId, member.UserRole).ShouldBe(("u-a", "org-1", "org_admin"));
        orgs.Single(o => o.OrganizationId == "org-2").OrganizationAlias.ShouldBe("Two");
        f.Sandbox.Journal.Entries.Count(e => e.Path == "/organization/list").ShouldBe(1);
    }
}
