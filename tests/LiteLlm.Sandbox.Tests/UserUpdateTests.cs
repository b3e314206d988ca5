using System.Net;
using LiteLlm.Sandbox.Tests.Infrastructure;

namespace LiteLlm.Sandbox.Tests;

/// <summary>Contract §3.6–3.7 (<c>/user/update</c>, <c>/user/bulk_update</c>): upserts.</summary>
public sealed class UserUpdateTests
{
    [Theory]
    [InlineData(ContractTarget.Sandbox)]
    [InlineData(ContractTarget.RealProxy)]
    public async Task UpdateById_ReturnsUserIdAndData(string target)
    {
        // Arrange
        await using var t = await ContractTarget.OpenAsync(target);
        var id = (await t.CreateUserAsync(new { user_email = t.Email("upd") })).Str("user_id");

        // Act
        using var response = await t.PostAsync("/user/update", new { user_id = id, user_alias = "Renamed", max_budget = 12.5 });
        var body = await response.JsonAsync();

        // Assert
        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        body.Str("user_id").ShouldBe(id);
        body.GetProperty("data").Str("user_alias").ShouldBe("Renamed");
        body.GetProperty("data").GetProperty("max_budget").GetDouble().ShouldBe(12.5);
        body.GetProperty("data").TryGetProperty("password", out _).ShouldBeFalse();
    }

    [Fact]
    public async Task UnknownId_CreatesTheUser()
    {
        // Arrange
        await using var t = await ContractTarget.OpenAsync(ContractTarget.Sandbox);

        // Act
        using var response = await t.PostAsync("/user/update", new { user_id = "brand-new", user_role = "internal_user" });

        // Assert
        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        t.Server!.Store.FindUser("brand-new")!.UserRole.ShouldBe("internal_user");
    }

    [Fact]
    public async Task ByEmail_IsExactAndCaseSensitive_AndUnknownEmailCreatesABareRow()
    {
        // Arrange
        await using var t = await ContractTarget.OpenAsync(ContractTarget.Sandbox);
        t.Server!.Store.AddUser("Case@example.com", "cased");

        // Act
        using var exact = await t.PostAsync("/user/update", new { user_email = "Case@example.com", user_alias = "hit" });
        using var other = await t.PostAsync("/user/update", new { user_email = "case@example.com", user_alias = "new" });
        var created = await other.JsonAsync();

        // Assert
        (await exact.JsonAsync()).Str("user_id").ShouldBe("cased");
        t.Server.Store.FindUser("cased")!.UserAlias.ShouldBe("hit");
        created.TryGetProperty("data", out _).ShouldBeFalse();
        created.Str("user_email").ShouldBe("case@example.com");
        t.Server.Store.UserCount.ShouldBe(2);
    }

    [Fact]
    public async Task MissingIdAndEmail_Answers422ModelValueError()
    {
        // Arrange
        await using var t = await ContractTarget.OpenAsync(ContractTarget.Sandbox);

        // Act
        using var response = await t.PostAsync("/user/update", new { user_alias = "x" });
        var item = (await response.JsonAsync()).GetProperty("detail")[0];

        // Assert
        response.StatusCode.ShouldBe(HttpStatusCode.UnprocessableEntity);
        item.Str("msg").ShouldBe("Value error, Either user id or user email must be provided");
        item.GetProperty("loc").Strings().ShouldBe(["body"]);
    }

    [Fact]
    public async Task ViewerUpdatingSomeoneElse_Answers403AuthErrorWithReprMessage()
    {
        // Arrange
        await using var t = await ContractTarget.OpenAsync(ContractTarget.Sandbox);
        var store = t.Server!.Store;
        store.AddUser("viewer@example.com", "viewer", "proxy_admin_viewer");
        store.AddUser("target@example.com", "target");
        var key = store.CreateKey("viewer");

        // Act
        using var response = await t.PostAsync("/user/update", new { user_email = "target@example.com" }, key: key);
        var error = (await response.JsonAsync()).Error();

        // Assert
        response.StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        error.Str("type").ShouldBe("auth_error");
        error.Str("message").ShouldBe("{'error': 'User does not have permission to update this user. Only PROXY_ADMIN can update other users.'}");
    }

    [Fact]
    public async Task BulkUpdate_ReportsEachItem()
    {
        // Arrange
        await using var t = await ContractTarget.OpenAsync(ContractTarget.Sandbox);
        t.Server!.Store.AddUser("one@example.com", "one");

        // Act
        using var response = await t.PostAsync("/user/bulk_update", new { users = new object[] { new { user_id = "one", max_budget = 3 }, new { user_email = "two@example.com", user_alias = "Two" } } });
        var body = await response.JsonAsync();

        // Assert
        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        body.GetProperty("total_requested").GetInt32().ShouldBe(2);
        body.GetProperty("successful_updates").GetInt32().ShouldBe(2);
        body.GetProperty("results")[0].Str("user_id").ShouldBe("one");
        t.Server.Store.FindUser("one")!.MaxBudget.ShouldBe(3);
    }

    [Fact]
    public async Task BulkUpdateOverTheCap_Answers400Detail()
    {
        // Arrange
        await using var t = await ContractTarget.OpenAsync(ContractTarget.Sandbox);
        var users = Enumerable.Range(0, 501).Select(i => new { user_id = "u" + i }).ToArray();

        // Act
        using var response = await t.PostAsync("/user/bulk_update", new { users });

        // Assert
        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken)).ShouldBe("{\"detail\":{\"error\":\"Maximum 500 users can be updated at once. Found 501 users.\"}}");
    }

    [Theory]
    [InlineData(ContractTarget.Sandbox)]
    [InlineData(ContractTarget.RealProxy)]
    public async Task MetadataAndRole_AreSetByAnAdmin_MetadataReplacingTheOldObject(string target)
    {
        // Arrange: a disable command keeps its record in metadata["litellm_users_disabled"].
        await using var t = await ContractTarget.OpenAsync(target);
        var id = (await t.CreateUserAsync(new { user_email = t.Email("meta"), metadata = new { team = "a", keep = 1 } })).Str("user_id");

        // Act
        using var response = await t.PostAsync("/user/update", new
        {
            user_id = id,
            user_role = "internal_user_viewer",
            metadata = new { litellm_users_disabled = new { at = "2026-01-01T00:00:00Z", by = "ops" } },
        });
        var info = await (await t.GetAsync("/user/info?user_id=" + Uri.EscapeDataString(id))).JsonAsync();

        // Assert
        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        var data = (await response.JsonAsync()).GetProperty("data");
        data.Str("user_role").ShouldBe("internal_user_viewer");
        data.GetProperty("metadata").EnumerateObject().Select(p => p.Name).ShouldBe(["litellm_users_disabled"]);
        var stored = info.GetProperty("user_info");
        stored.Str("user_role").ShouldBe("internal_user_viewer");
        stored.GetProperty("metadata").GetProperty("litellm_users_disabled").Str("by").ShouldBe("ops");
        stored.GetProperty("metadata").TryGetProperty("team", out _).ShouldBeFalse();
    }
}
