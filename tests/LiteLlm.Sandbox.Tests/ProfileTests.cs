using System.Net;
using System.Text.Json.Nodes;
using LiteLlm.Sandbox.Tests.Infrastructure;
using LiteLlm.Testing;

namespace LiteLlm.Sandbox.Tests;

/// <summary>Version profiles: each row of <c>litellm-fleet.md</c> that concerns the sandbox's routes, reproduced per release.</summary>
public sealed class ProfileTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public sealed class TheParseMethod
    {
        [Theory]
        [InlineData("legacy", "1.74.0")]
        [InlineData("1.77.1", "1.77.1")]
        [InlineData("v1.83.10-stable", "1.83.10")]
        [InlineData("current", "main")]
        [InlineData("main", "main")]
        public void NamesAndVersions_GiveTheReportedVersion(string value, string reported)
        {
            // Act
            var profile = SandboxProfile.Parse(value);

            // Assert
            profile.LiteLlmVersion.ShouldBe(reported);
        }

        [Fact]
        public void TheTable_PlacesEachReleaseOnItsSideOfEachChange()
        {
            // Act
            var legacy = SandboxProfile.Parse("legacy");
            var v177 = SandboxProfile.Parse("1.77.1");
            var v180 = SandboxProfile.Parse("1.80.9");
            var v183 = SandboxProfile.Parse("1.83.10");
            var current = SandboxProfile.Parse("current");

            // Assert
            legacy.InEffect.ShouldBeEmpty();
            v177.InEffect.ShouldBe([LiteLlmChange.DeleteCleansTeamRosters]);
            v180.Has(LiteLlmChange.UserInfoUnknownIs404).ShouldBeFalse();
            v183.ShouldBe(SandboxProfile.Default);
            v183.Has(LiteLlmChange.ManagementV1Routes).ShouldBeFalse();
            v183.InEffect.Count.ShouldBe(Enum.GetValues<LiteLlmChange>().Length - 1);
            current.InEffect.Count.ShouldBe(Enum.GetValues<LiteLlmChange>().Length);
            SandboxProfile.ReleaseOf(LiteLlmChange.DeleteRemovesCreatedInvitations).Source.ShouldContain("#23115");
        }

        [Theory]
        [InlineData("newest")]
        [InlineData("1.77")]
        [InlineData("1.2.3.4")]
        public void Nonsense_IsAFormatException(string value) =>
            Should.Throw<FormatException>(() => SandboxProfile.Parse(value)).Message.ShouldContain("legacy, current or x.y.z");
    }

    [Theory]
    [InlineData("legacy", "1.74.0")]
    [InlineData("1.77.1", "1.77.1")]
    [InlineData("current", "main")]
    public async Task Readiness_ReportsTheProfilesVersion(string profile, string reported)
    {
        // Arrange
        await using var server = await SandboxProfiles.StartAsync(profile, cancellationToken: Ct);
        using var client = server.CreateClient(string.Empty);

        // Act
        var body = JsonNode.Parse(await client.GetStringAsync("/health/readiness", Ct))!;

        // Assert
        body["litellm_version"]!.GetValue<string>().ShouldBe(reported);
        server.Profile.LiteLlmVersion.ShouldBe(reported);
    }

    [Fact]
    public async Task Overrides_SwitchOneBehaviourAndKeepTheVersion()
    {
        // Arrange
        await using var server = await SandboxServer.StartAsync(new SandboxOptions { Profile = SandboxProfile.Legacy, EnableManagementV1 = true, LegacyUserInfo = false }, Ct);

        // Assert
        server.Profile.LiteLlmVersion.ShouldBe("1.74.0");
        server.Profile.InEffect.ShouldBe([LiteLlmChange.UserInfoUnknownIs404, LiteLlmChange.ManagementV1Routes]);
    }

    [Theory]
    [InlineData("legacy", HttpStatusCode.NotFound)]
    [InlineData("1.83.10", HttpStatusCode.NotFound)]
    [InlineData("current", HttpStatusCode.OK)]
    public async Task ManagementV1Routes_ExistOnlyOnCurrent(string profile, HttpStatusCode expected)
    {
        // Arrange (fleet row 9)
        await using var server = await SandboxProfiles.StartAsync(profile, cancellationToken: Ct);
        server.Store.AddUser("gone@example.com", "gone");
        using var client = server.CreateClient();

        // Act
        using var response = await client.PostAsync("/management/v1/users/bulk_delete", Json("{\"user_ids\":[\"gone\"]}"), Ct);

        // Assert
        response.StatusCode.ShouldBe(expected);
        (server.Store.FindUser("gone") is null).ShouldBe(expected == HttpStatusCode.OK);
    }

    [Theory]
    [InlineData("1.77.1", HttpStatusCode.OK)]
    [InlineData("current", HttpStatusCode.NotFound)]
    public async Task UserInfoOfAnUnknownId_IsAStubOnOldReleasesAnd404Later(string profile, HttpStatusCode expected)
    {
        // Arrange (fleet row 3)
        await using var server = await SandboxProfiles.StartAsync(profile, cancellationToken: Ct);
        using var client = server.CreateClient();

        // Act
        using var response = await client.GetAsync("/user/info?user_id=nobody", Ct);
        var body = await response.NodeAsync();

        // Assert
        response.StatusCode.ShouldBe(expected);
        body.ShouldMatch(expected == HttpStatusCode.OK
            ? JsonNode.Parse("""{"user_id":"nobody","user_info":{"spend":0},"keys":[],"teams":[]}""")!
            : JsonNode.Parse("""{"error":{"message":"User nobody not found","type":"internal_server_error","param":"None","code":"404"}}""")!);
    }

    [Theory]
    [InlineData("1.77.1", 400)]
    [InlineData("current", 409)]
    public async Task DuplicateEmail_Is400OnOldReleasesAnd409Later(string profile, int expected)
    {
        // Arrange (fleet row 4)
        await using var server = await SandboxProfiles.StartAsync(profile, cancellationToken: Ct);
        server.Store.AddUser("Ann@Example.com", "ann");
        using var client = server.CreateClient();

        // Act
        using var response = await client.PostAsync("/user/new", Json("{\"user_email\":\"ann@example.com\"}"), Ct);
        var error = (await response.JsonAsync()).Error();

        // Assert
        ((int)response.StatusCode).ShouldBe(expected);
        error.Str("message").ShouldBe("{'error': 'User with email Ann@Example.com already exists'}");
        error.Str("code").ShouldBe(expected.ToString(System.Globalization.CultureInfo.InvariantCulture));
        server.Store.UserCount.ShouldBe(1);
    }

    [Fact]
    public async Task ExistingUserId_OnOldReleasesKeepsTheRowAndMintsAnotherKey()
    {
        // Arrange (fleet row 5, issue #11368)
        await using var server = await SandboxProfiles.StartAsync("1.77.1", cancellationToken: Ct);
        server.Store.AddUser(new SandboxUserSeed { UserId = "svc", UserAlias = "original", KeyCount = 1 });
        using var client = server.CreateClient();

        // Act
        using var response = await client.PostAsync("/user/new", Json("{\"user_id\":\"svc\",\"user_alias\":\"second\"}"), Ct);
        var body = await response.JsonAsync();

        // Assert
        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        body.Str("user_id").ShouldBe("svc");
        body.Str("key").ShouldStartWith("sk-");
        server.Store.UserCount.ShouldBe(1);
        server.Store.FindUser("svc")!.UserAlias.ShouldBe("original");
        server.Store.KeysOf("svc").Count.ShouldBe(2);
    }

    [Fact]
    public async Task ExistingUserId_OnCurrentIs409()
    {
        // Arrange (fleet row 5)
        await using var server = await SandboxProfiles.StartAsync("current", cancellationToken: Ct);
        server.Store.AddUser(new SandboxUserSeed { UserId = "svc", KeyCount = 1 });
        using var client = server.CreateClient();

        // Act
        using var response = await client.PostAsync("/user/new", Json("{\"user_id\":\"svc\"}"), Ct);

        // Assert
        response.StatusCode.ShouldBe(HttpStatusCode.Conflict);
        (await response.JsonAsync()).Error().Str("message").ShouldBe("{'error': 'User with id svc already exists'}");
        server.Store.KeysOf("svc").Count.ShouldBe(1);
    }

    [Theory]
    [InlineData("1.77.1", "[\"eng\"]")]
    [InlineData("current", "null")]
    public async Task UserNewWithTeams_EchoesThemOn1771(string profile, string teams)
    {
        // Arrange
        await using var server = await SandboxProfiles.StartAsync(profile, cancellationToken: Ct);
        server.Store.CreateTeam("eng");
        using var client = server.CreateClient();

        // Act
        using var response = await client.PostAsync("/user/new", Json("{\"user_email\":\"t@example.com\",\"teams\":[\"eng\"]}"), Ct);
        var body = await response.NodeAsync();

        // Assert
        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        (body!["teams"]?.ToJsonString() ?? "null").ShouldBe(teams);
        server.Store.FindTeam("eng")!.MembersWithRoles.Select(m => m.UserId).ShouldContain(body["user_id"]!.GetValue<string>());
    }

    [Theory]
    [InlineData("legacy", true)]
    [InlineData("1.77.1", false)]
    public async Task DeletedUsers_StayOnTeamRostersBefore202507(string profile, bool staysOnRoster)
    {
        // Arrange (fleet row 2)
        await using var server = await SandboxProfiles.StartAsync(profile, cancellationToken: Ct);
        server.Store.AddUser(new SandboxUserSeed { UserId = "leaver", UserEmail = "leaver@example.com", Teams = ["eng"] });
        using var client = server.CreateClient();

        // Act
        using var response = await client.PostAsync("/user/delete", Json("{\"user_ids\":[\"leaver\"]}"), Ct);

        // Assert
        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        server.Store.FindUser("leaver").ShouldBeNull();
        server.Store.FindTeam("eng")!.MembersWithRoles.Any(m => m.UserId == "leaver").ShouldBe(staysOnRoster);
        server.Store.TeamMemberships.ShouldBeEmpty();
    }

    [Fact]
    public async Task DeletingALinkCreator_BeforePr23115_FailsTheWholeBatchAfterDeletingKeysLinksAndMemberships()
    {
        // Arrange (fleet row 1): admin "amy" invited "bob" with her own key; "cid" is an ordinary user in the same batch.
        await using var server = await SandboxProfiles.StartAsync("1.77.1", cancellationToken: Ct);
        var store = server.Store;
        var amyKey = store.AddUserWithKey("amy", "proxy_admin");
        store.AddUser(new SandboxUserSeed { UserId = "bob", UserEmail = "bob@example.com", KeyCount = 0 });
        store.AddUser(new SandboxUserSeed { UserId = "cid", UserEmail = "cid@example.com", Teams = ["eng"], KeyCount = 2 });
        store.CreateInvitation("cid", "bob");
        store.AddOrganizationMember("org-1", "cid");
        using var amy = server.CreateClient(amyKey);
        using var admin = server.CreateClient();
        using var invited = await amy.PostAsync("/invitation/new", Json("{\"user_id\":\"bob\"}"), Ct);
        invited.StatusCode.ShouldBe(HttpStatusCode.OK);

        // Act
        using var response = await admin.PostAsync("/user/delete", Json("{\"user_ids\":[\"cid\",\"amy\"]}"), Ct);

        // Assert
        ((int)response.StatusCode).ShouldBe(500);
        (await response.NodeAsync()).ShouldMatch(JsonNode.Parse(
            """{"error":{"message":"Foreign key constraint failed on the field: `LiteLLM_InvitationLink_created_by_fkey (index)`","type":"internal_server_error","param":"None","code":"500"}}""")!);
        store.FindUser("amy").ShouldNotBeNull();
        store.FindUser("cid").ShouldNotBeNull();
        store.KeysOf("amy").ShouldBeEmpty();
        store.KeysOf("cid").ShouldBeEmpty();
        store.Invitations.Select(i => (i.UserId, i.CreatedBy)).ShouldBe([("bob", "amy")]);
        store.OrganizationMemberships.ShouldBeEmpty();
        store.TeamMemberships.ShouldBeEmpty();
        store.Deletions.ShouldBeEmpty();
        server.Journal.Mutations[^1].Committed.ShouldBeTrue();
    }

    [Fact]
    public async Task DeletingALinkCreator_OnCurrent_DeletesTheLinksFirstAndSucceeds()
    {
        // Arrange (fleet row 1, newer)
        await using var server = await SandboxProfiles.StartAsync("current", cancellationToken: Ct);
        var store = server.Store;
        var amyKey = store.AddUserWithKey("amy", "proxy_admin");
        store.AddUser(new SandboxUserSeed { UserId = "bob", KeyCount = 0 });
        using var amy = server.CreateClient(amyKey);
        using var admin = server.CreateClient();
        using var invited = await amy.PostAsync("/invitation/new", Json("{\"user_id\":\"bob\"}"), Ct);

        // Act
        using var response = await admin.PostAsync("/user/delete", Json("{\"user_ids\":[\"amy\"]}"), Ct);

        // Assert
        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await response.Content.ReadAsStringAsync(Ct)).ShouldBe("1");
        store.FindUser("amy").ShouldBeNull();
        store.Invitations.ShouldBeEmpty();
    }

    private static StringContent Json(string json) => new(json, System.Text.Encoding.UTF8, "application/json");
}
