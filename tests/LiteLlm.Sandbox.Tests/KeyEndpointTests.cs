using System.Net;
using LiteLlm.Sandbox.Tests.Infrastructure;

namespace LiteLlm.Sandbox.Tests;

/// <summary><c>/key/generate</c>, <c>/key/list</c>, <c>/key/info</c>.</summary>
public sealed class KeyEndpointTests
{
    [Fact]
    public async Task Generate_ReturnsAUsableSecretStoredAsHash()
    {
        // Arrange
        await using var t = await ContractTarget.OpenAsync(ContractTarget.Sandbox);
        t.Server!.Store.AddUser("owner@example.com", "owner", "proxy_admin");

        // Act
        using var response = await t.PostAsync("/key/generate", new { user_id = "owner", key_alias = "ci" });
        var body = await response.JsonAsync();
        using var withNewKey = await t.GetAsync("/user/list", key: body.Str("key"));

        // Assert
        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        body.Str("key").ShouldStartWith("sk-");
        body.Str("token_id").ShouldBe(SandboxStore.HashToken(body.Str("key")));
        body.Str("key_alias").ShouldBe("ci");
        withNewKey.StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task Generate_ByInternalUserForSomeoneElse_Answers403()
    {
        // Arrange
        await using var t = await ContractTarget.OpenAsync(ContractTarget.Sandbox);
        t.Server!.Store.AddUser("me@example.com", "me");
        var key = t.Server.Store.CreateKey("me");

        // Act
        using var other = await t.PostAsync("/key/generate", new { user_id = "you" }, key: key);
        using var own = await t.PostAsync("/key/generate", new { }, key: key);

        // Assert
        other.StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        own.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await own.JsonAsync()).Str("user_id").ShouldBe("me");
    }

    [Fact]
    public async Task List_PagesHashesNewestFirstAndFiltersByUser()
    {
        // Arrange
        await using var t = await ContractTarget.OpenAsync(ContractTarget.Sandbox);
        var store = t.Server!.Store;
        store.AddUser(new SandboxUserSeed { UserId = "a", KeyCount = 3 });
        store.AddUser(new SandboxUserSeed { UserId = "b", KeyCount = 1 });
        store.CreateKey("a", "ui", "litellm-dashboard");

        // Act
        var firstPage = await (await t.GetAsync("/key/list?user_id=a&size=2")).JsonAsync();
        var full = await (await t.GetAsync("/key/list?user_id=b&return_full_object=true")).JsonAsync();
        using var badSize = await t.GetAsync("/key/list?size=101");

        // Assert
        firstPage.GetProperty("total_count").GetInt32().ShouldBe(3);
        firstPage.GetProperty("total_pages").GetInt32().ShouldBe(2);
        firstPage.GetProperty("current_page").GetInt32().ShouldBe(1);
        firstPage.GetProperty("keys").EnumerateArray().ShouldAllBe(k => k.GetString()!.Length == 64);
        full.GetProperty("keys")[0].Str("user_id").ShouldBe("b");
        badSize.StatusCode.ShouldBe(HttpStatusCode.UnprocessableEntity);
    }

    [Fact]
    public async Task List_ByNonAdmin_IsLimitedToOwnKeys()
    {
        // Arrange
        await using var t = await ContractTarget.OpenAsync(ContractTarget.Sandbox);
        var store = t.Server!.Store;
        store.AddUser(new SandboxUserSeed { UserId = "me", KeyCount = 0 });
        store.AddUser(new SandboxUserSeed { UserId = "other", KeyCount = 2 });
        var key = store.CreateKey("me");

        // Act
        var own = await (await t.GetAsync("/key/list", key: key)).JsonAsync();
        using var others = await t.GetAsync("/key/list?user_id=other", key: key);

        // Assert
        own.GetProperty("total_count").GetInt32().ShouldBe(1);
        others.StatusCode.ShouldBe(HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task Info_WithoutKeyParam_DescribesTheCallingKey()
    {
        // Arrange
        await using var t = await ContractTarget.OpenAsync(ContractTarget.Sandbox);
        t.Server!.Store.AddUser(new SandboxUserSeed { UserId = "me", KeyCount = 0 });
        var key = t.Server.Store.CreateKey("me", "mine");

        // Act
        var body = await (await t.GetAsync("/key/info", key: key)).JsonAsync();

        // Assert
        body.Str("key").ShouldBe(SandboxStore.HashToken(key));
        body.GetProperty("info").Str("user_id").ShouldBe("me");
        body.GetProperty("info").Str("key_alias").ShouldBe("mine");
        body.GetProperty("info").TryGetProperty("token", out _).ShouldBeFalse();
    }

    [Fact]
    public async Task Info_ForTheMasterKey_Answers404BecauseItIsNotInTheKeyTable()
    {
        // Arrange
        await using var t = await ContractTarget.OpenAsync(ContractTarget.Sandbox);

        // Act
        using var response = await t.GetAsync("/key/info");
        var error = (await response.JsonAsync()).Error();

        // Assert
        response.StatusCode.ShouldBe(HttpStatusCode.NotFound);
        error.Str("message").ShouldBe("Key not found in database");
        error.Str("type").ShouldBe("not_found_error");
        error.Str("param").ShouldBe("key");
    }

    [Fact]
    public async Task Info_WithKeyParam_AcceptsSecretOrHash()
    {
        // Arrange
        await using var t = await ContractTarget.OpenAsync(ContractTarget.Sandbox);
        t.Server!.Store.AddUser(new SandboxUserSeed { UserId = "u", KeyCount = 0 });
        var secret = t.Server.Store.CreateKey("u");

        // Act
        var bySecret = await (await t.GetAsync("/key/info?key=" + secret)).JsonAsync();
        var byHash = await (await t.GetAsync("/key/info?key=" + SandboxStore.HashToken(secret))).JsonAsync();

        // Assert
        bySecret.GetProperty("info").Str("user_id").ShouldBe("u");
        byHash.GetProperty("info").Str("user_id").ShouldBe("u");
    }
}
