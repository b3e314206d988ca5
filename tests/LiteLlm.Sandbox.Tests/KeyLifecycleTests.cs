using System.Net;
using System.Text.Json;
using LiteLlm.Sandbox.Tests.Infrastructure;
using LiteLlm.Testing;

namespace LiteLlm.Sandbox.Tests;

/// <summary>
/// <c>/key/generate</c>'s token, <c>/key/block</c>, <c>/key/unblock</c>, <c>/key/update</c>, <c>/key/delete</c>, paging of
/// <c>/key/list</c>, and how keys of users without a role authenticate (fleet rows 6, 7, 14; contract §2.3).
/// </summary>
public sealed class KeyLifecycleTests
{
    [Theory]
    [InlineData(ContractTarget.Sandbox)]
    [InlineData(ContractTarget.RealProxy)]
    public async Task Generate_ReturnsTheHashAsTokenAndTokenId(string target)
    {
        // Arrange
        await using var t = await ContractTarget.OpenAsync(target);
        var userId = (await t.CreateUserAsync(new { user_email = t.Email("gen"), auto_create_key = false })).Str("user_id");

        // Act
        using var response = await t.PostAsync("/key/generate", new { user_id = userId });
        var body = await response.JsonAsync();

        // Assert (fleet row 6)
        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        var hash = SandboxStore.HashToken(body.Str("key"));
        body.Str("token").ShouldBe(hash);
        body.Str("token_id").ShouldBe(hash);
        if (t.Server is { } server)
        {
            server.Store.KeysOf(userId).Single().Token.ShouldBe(hash);
        }
    }

    [Theory]
    [InlineData(ContractTarget.Sandbox)]
    [InlineData(ContractTarget.RealProxy)]
    public async Task BlockedKey_Gets401UntilUnblocked_AndListAndInfoShowTheState(string target)
    {
        // Arrange
        await using var t = await ContractTarget.OpenAsync(target);
        var userId = (await t.CreateUserAsync(new { user_email = t.Email("blk"), auto_create_key = false })).Str("user_id");
        var secret = (await (await t.PostAsync("/key/generate", new { user_id = userId })).JsonAsync()).Str("key");
        var hash = SandboxStore.HashToken(secret);

        // Act
        using var block = await t.PostAsync("/key/block", new { key = secret });
        using var used = await t.GetAsync("/key/info", key: secret);
        var listed = await (await t.GetAsync($"/key/list?user_id={Uri.EscapeDataString(userId)}&return_full_object=true")).JsonAsync();
        var info = await (await t.GetAsync("/key/info?key=" + hash)).JsonAsync();
        using var unblock = await t.PostAsync("/key/unblock", new { key = hash });
        using var usedAgain = await t.GetAsync("/key/info", key: secret);

        // Assert
        block.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await block.JsonAsync()).GetProperty("blocked").GetBoolean().ShouldBeTrue();
        used.StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        var error = (await used.JsonAsync()).Error();
        error.Str("message").ShouldBe("Authentication Error, Key is blocked. Update via `/key/unblock` if you're admin.");
        error.Str("type").ShouldBe("auth_error");
        error.Str("code").ShouldBe("401");
        listed.GetProperty("keys")[0].GetProperty("blocked").GetBoolean().ShouldBeTrue();
        info.GetProperty("info").GetProperty("blocked").GetBoolean().ShouldBeTrue();
        unblock.StatusCode.ShouldBe(HttpStatusCode.OK);
        usedAgain.StatusCode.ShouldBe(HttpStatusCode.OK);
        if (t.Server is { } server)
        {
            server.Store.KeysOf(userId).Single().Blocked.ShouldBe(false);
        }
    }

    [Fact]
    public async Task BlockingAnUnknownKey_IsAPlain500AndChangesNothing()
    {
        // Arrange
        await using var t = await ContractTarget.OpenAsync(ContractTarget.Sandbox);

        // Act
        using var response = await t.PostAsync("/key/block", new { key = "sk-nobody" });

        // Assert
        ((int)response.StatusCode).ShouldBe(500);
        (await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken)).ShouldBe("Internal Server Error");
        t.Server!.Journal.Mutations.Single().Committed.ShouldBeFalse();
    }

    [Fact]
    public async Task Delete_BySecretOrHash_EchoesWhatWasSent_ThenNoKeysFound()
    {
        // Arrange
        await using var t = await ContractTarget.OpenAsync(ContractTarget.Sandbox);
        var store = t.Server!.Store;
        store.AddUser(new SandboxUserSeed { UserId = "ann", KeyCount = 0 });
        var first = store.CreateKey("ann");
        var second = store.CreateKey("ann");
        var secondHash = SandboxStore.HashToken(second);

        // Act
        using var deleted = await t.PostAsync("/key/delete", new { keys = new[] { first, secondHash } });
        var body = await deleted.JsonAsync();
        using var again = await t.PostAsync("/key/delete", new { keys = new[] { first } });

        // Assert
        deleted.StatusCode.ShouldBe(HttpStatusCode.OK);
        body.GetProperty("deleted_keys").Strings().ShouldBe([first, secondHash]);
        store.KeysOf("ann").ShouldBeEmpty();
        again.StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await again.JsonAsync()).Error().Str("message").ShouldBe("{'error': 'No keys found'}");
    }

    [Fact]
    public async Task Delete_OfSomeoneElsesKey_ByAnInternalUser_Is403AndKeepsIt()
    {
        // Arrange
        await using var t = await ContractTarget.OpenAsync(ContractTarget.Sandbox);
        var store = t.Server!.Store;
        var bobKey = store.AddUserWithKey("bob");
        store.AddUser(new SandboxUserSeed { UserId = "ann", KeyCount = 0 });
        var annKey = store.CreateKey("ann");

        // Act
        using var response = await t.PostAsync("/key/delete", new { keys = new[] { annKey } }, key: bobKey);
        var error = (await response.JsonAsync()).Error();

        // Assert
        response.StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        error.Str("message").ShouldBe("{'error': 'You are not authorized to delete this key'}");
        store.KeysOf("ann").Count.ShouldBe(1);
    }

    [Fact]
    public async Task Update_WritesTheSentFieldsAndEchoesThemWithTheHash()
    {
        // Arrange
        await using var t = await ContractTarget.OpenAsync(ContractTarget.Sandbox);
        var store = t.Server!.Store;
        store.AddUser(new SandboxUserSeed { UserId = "ann", KeyCount = 0 });
        var secret = store.CreateKey("ann", alias: "old");

        // Act
        using var response = await t.PostAsync("/key/update", new { key = secret, key_alias = "new", metadata = new { purpose = "ci" } });
        var body = await response.JsonAsync();
        using var unknown = await t.PostAsync("/key/update", new { key = "sk-nobody", key_alias = "x" });

        // Assert
        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        body.Str("key").ShouldBe(secret);
        body.Str("key_alias").ShouldBe("new");
        body.GetProperty("metadata").GetProperty("purpose").GetString().ShouldBe("ci");
        body.Str("token").ShouldBe(SandboxStore.HashToken(secret));
        store.KeysOf("ann").Single().KeyAlias.ShouldBe("new");
        unknown.StatusCode.ShouldBe(HttpStatusCode.NotFound);
        var error = (await unknown.JsonAsync()).Error();
        error.Str("message").ShouldBe("{'error': 'Team not found, passed team_id=None'}");
        error.Str("type").ShouldBe("auth_error");
    }

    [Fact]
    public async Task KeyList_ForOneUser_PagesWithTotals()
    {
        // Arrange
        await using var t = await ContractTarget.OpenAsync(ContractTarget.Sandbox);
        var store = t.Server!.Store;
        store.AddUser(new SandboxUserSeed { UserId = "many", KeyCount = 25 });
        store.AddUser(new SandboxUserSeed { UserId = "other", KeyCount = 3 });

        // Act
        var pages = new List<JsonElement>();
        for (var page = 1; page <= 4; page++)
        {
            pages.Add(await (await t.GetAsync($"/key/list?user_id=many&page={page}&size=10")).JsonAsync());
        }

        // Assert
        pages.Select(p => p.GetProperty("keys").GetArrayLength()).ShouldBe([10, 10, 5, 0]);
        pages.ShouldAllBe(p => p.GetProperty("total_count").GetInt32() == 25 && p.GetProperty("total_pages").GetInt32() == 3);
        pages.Select(p => p.GetProperty("current_page").GetInt32()).ShouldBe([1, 2, 3, 4]);
        pages.SelectMany(p => p.GetProperty("keys").Strings()).ShouldBe(store.KeysOf("many").Select(k => k.Token), ignoreOrder: true);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("something_new")]
    public async Task AKeyWhoseOwnerHasNoKnownRole_ActsAsInternalUser(string? role)
    {
        // Arrange (fleet row 7, auth_checks._get_user_role)
        await using var server = await SandboxServer.StartAsync(cancellationToken: TestContext.Current.CancellationToken);
        server.Store.AddUser(new SandboxUserSeed { UserId = "norole", UserRole = role, KeyCount = 0 });
        using var client = server.CreateClient(server.Store.CreateKey("norole"));

        // Act
        using var generated = await client.PostAsync("/key/generate", new StringContent("{}", System.Text.Encoding.UTF8, "application/json"), TestContext.Current.CancellationToken);
        using var denied = await client.PostAsync("/user/new", new StringContent("{}", System.Text.Encoding.UTF8, "application/json"), TestContext.Current.CancellationToken);

        // Assert
        generated.StatusCode.ShouldBe(HttpStatusCode.OK);
        server.Store.KeysOf("norole").Count.ShouldBe(2);
        denied.StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        (await denied.JsonAsync()).Error().Str("message").ShouldContain("Your role=internal_user.");
    }
}
