using System.Net;
using System.Text.Json;
using LiteLlm.Sandbox.Tests.Infrastructure;

namespace LiteLlm.Sandbox.Tests;

/// <summary>Contract §3.2 (<c>GET /user/info</c>).</summary>
public sealed class UserInfoTests
{
    [Theory]
    [InlineData(ContractTarget.Sandbox)]
    [InlineData(ContractTarget.RealProxy)]
    public async Task UnknownUser_Answers404Envelope(string target)
    {
        // Arrange
        await using var t = await ContractTarget.OpenAsync(target);
        var id = t.Unique("missing");

        // Act
        using var response = await t.GetAsync("/user/info?user_id=" + id);

        // Assert
        response.StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken))
            .ShouldBe($"{{\"error\":{{\"message\":\"User {id} not found\",\"type\":\"internal_server_error\",\"param\":\"None\",\"code\":\"404\"}}}}");
    }

    [Theory]
    [InlineData(ContractTarget.Sandbox)]
    [InlineData(ContractTarget.RealProxy)]
    public async Task KnownUser_ReturnsRowAndHashedKeysWithoutSecrets(string target)
    {
        // Arrange
        await using var t = await ContractTarget.OpenAsync(target);
        var created = await t.CreateUserAsync(new { user_email = t.Email("info") });
        var id = created.Str("user_id");

        // Act
        using var response = await t.GetAsync("/user/info?user_id=" + id);
        var body = await response.JsonAsync();

        // Assert
        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        body.Str("user_id").ShouldBe(id);
        body.GetProperty("user_info").Str("user_email").ShouldBe(t.Email("info"));
        body.GetProperty("user_info").TryGetProperty("password", out _).ShouldBeFalse();
        var key = body.GetProperty("keys").EnumerateArray().Single();
        key.Str("token").ShouldBe(SandboxStore.HashToken(created.Str("key")));
        body.GetRawText().ShouldNotContain(created.Str("key"));
        body.GetProperty("teams").ValueKind.ShouldBe(JsonValueKind.Array);
    }

    [Fact]
    public async Task LegacyUserInfo_Answers200StubForUnknownUser()
    {
        // Arrange
        await using var t = await ContractTarget.OpenAsync(ContractTarget.Sandbox, new SandboxOptions { LegacyUserInfo = true });

        // Act
        using var response = await t.GetAsync("/user/info?user_id=ghost");

        // Assert
        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken))
            .ShouldBe("{\"user_id\":\"ghost\",\"user_info\":{\"spend\":0},\"keys\":[],\"teams\":[]}");
    }

    [Theory]
    [InlineData("a+b@example.com", "a%2Bb%40example.com")]
    [InlineData("a+b@example.com", "a+b@example.com")]
    [InlineData("with space", "with%20space")]
    public async Task PlusInUserId_IsPreserved(string userId, string encoded)
    {
        // Arrange
        await using var t = await ContractTarget.OpenAsync(ContractTarget.Sandbox);
        t.Server!.Store.AddUser(new SandboxUserSeed { UserId = userId, UserEmail = "plus@example.com" });

        // Act
        using var response = await t.GetAsync("/user/info?user_id=" + encoded);

        // Assert
        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await response.JsonAsync()).Str("user_id").ShouldBe(userId);
    }

    [Fact]
    public async Task TeamsAndKeys_AreListedWithTeamAlias()
    {
        // Arrange
        await using var t = await ContractTarget.OpenAsync(ContractTarget.Sandbox);
        var store = t.Server!.Store;
        store.CreateTeam("t-2", "Zeta");
        store.CreateTeam("t-1", "Alpha");
        store.AddUser(new SandboxUserSeed { UserId = "u1", UserEmail = "u1@example.com", Teams = ["t-2", "t-1"], KeyCount = 0 });
        store.CreateKey("u1", "team-key", "t-1");
        store.CreateKey("u1", "session", "litellm-dashboard");

        // Act
        var body = await (await t.GetAsync("/user/info?user_id=u1")).JsonAsync();

        // Assert
        body.GetProperty("teams").EnumerateArray().Select(x => x.Str("team_alias")).ShouldBe(["Alpha", "Zeta"]);
        var key = body.GetProperty("keys").EnumerateArray().Single();
        key.Str("key_alias").ShouldBe("team-key");
        key.Str("team_alias").ShouldBe("Alpha");
    }

    [Fact]
    public async Task WithoutUserIdAsMasterKey_ReturnsEveryTeamAndKey()
    {
        // Arrange
        await using var t = await ContractTarget.OpenAsync(ContractTarget.Sandbox);
        t.Server!.Store.AddUser("a@example.com", "a");
        t.Server.Store.AddUser("b@example.com", "b");

        // Act
        var body = await (await t.GetAsync("/user/info")).JsonAsync();

        // Assert
        body.Str("user_id").ShouldBe("default_user_id");
        body.GetProperty("user_info").ValueKind.ShouldBe(JsonValueKind.Null);
        body.GetProperty("keys").GetArrayLength().ShouldBe(2);
    }
}
