using System.Net;
using LiteLlm.Sandbox.Tests.Infrastructure;

namespace LiteLlm.Sandbox.Tests;

/// <summary>Contract §2.4: non-admin virtual keys on user routes.</summary>
public sealed class AuthorizationTests
{
    private static async Task<(ContractTarget Target, string Key)> WithKeyOfRoleAsync(string role, string userId = "member-user-123")
    {
        var t = await ContractTarget.OpenAsync(ContractTarget.Sandbox);
        t.Server!.Store.AddUser(userId + "@example.com", userId, role);
        return (t, t.Server.Store.CreateKey(userId));
    }

    [Theory]
    [InlineData("/user/new", "{\"user_email\":\"a@example.com\"}")]
    [InlineData("/user/update", "{\"user_id\":\"x\"}")]
    [InlineData("/user/delete", "{\"user_ids\":[\"x\"]}")]
    [InlineData("/user/bulk_update", "{\"users\":[{\"user_id\":\"x\"}]}")]
    public async Task InternalUserOnWriteRoute_Answers401OnlyProxyAdminWithMaskedUserId(string route, string body)
    {
        // Arrange
        var (t, key) = await WithKeyOfRoleAsync("internal_user");
        await using var _ = t;

        // Act
        using var response = await t.SendAsync(HttpMethod.Post, route, rawBody: body, key: key);
        var error = (await response.JsonAsync()).Error();

        // Assert
        response.StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        error.Str("message").ShouldBe($"Authentication Error, Only proxy admin can be used to generate, delete, update info for new keys/users/teams. Route={route}. Your role=internal_user. Your user_id=member*******23");
        error.Str("type").ShouldBe("auth_error");
        error.Str("param").ShouldBe("None");
        error.Str("code").ShouldBe("401");
        t.Server!.Journal.Entries.Single().Committed.ShouldBeFalse();
    }

    [Theory]
    [InlineData("/user/new", "{\"user_email\":\"a@example.com\"}")]
    [InlineData("/user/delete", "{\"user_ids\":[\"x\"]}")]
    public async Task ProxyAdminViewerOnCreateOrDelete_Answers403(string route, string body)
    {
        // Arrange
        var (t, key) = await WithKeyOfRoleAsync("proxy_admin_viewer");
        await using var _ = t;

        // Act
        using var response = await t.SendAsync(HttpMethod.Post, route, rawBody: body, key: key);
        var error = (await response.JsonAsync()).Error();

        // Assert
        response.StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        error.Str("message").ShouldBe($"user not allowed to access this route, role= proxy_admin_viewer. Trying to access: {route}");
        error.Str("code").ShouldBe("403");
    }

    [Fact]
    public async Task ProxyAdminViewerUpdatingOtherFields_Answers403NamingTheParam()
    {
        // Arrange
        var (t, key) = await WithKeyOfRoleAsync("proxy_admin_viewer");
        await using var _ = t;

        // Act
        using var response = await t.PostAsync("/user/update", new { user_email = "x@example.com", max_budget = 5 }, key: key);

        // Assert
        response.StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await response.JsonAsync()).Error().Str("message").ShouldEndWith("updating invalid param: max_budget. only user_email and password can be updated");
    }

    [Theory]
    [InlineData("internal_user")]
    [InlineData("internal_user_viewer")]
    public async Task NonAdminOnUserList_Answers403Detail(string role)
    {
        // Arrange
        var (t, key) = await WithKeyOfRoleAsync(role);
        await using var _ = t;

        // Act
        using var response = await t.GetAsync("/user/list", key: key);

        // Assert
        response.StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken))
            .ShouldBe("{\"detail\":{\"error\":\"Only proxy admins and organization admins can list users.\"}}");
    }

    [Fact]
    public async Task ProxyAdminViewer_MayListUsers()
    {
        // Arrange
        var (t, key) = await WithKeyOfRoleAsync("proxy_admin_viewer");
        await using var _ = t;

        // Act
        using var response = await t.GetAsync("/user/list", key: key);

        // Assert
        response.StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task OrgAdmin_ListsOnlyUsersOfTheirOrganization()
    {
        // Arrange
        var (t, key) = await WithKeyOfRoleAsync("internal_user", "org-boss");
        await using var _ = t;
        var store = t.Server!.Store;
        store.AddUser("inside@example.com", "inside");
        store.AddUser("outside@example.com", "outside");
        store.AddOrganizationMember("org-1", "org-boss", "org_admin");
        store.AddOrganizationMember("org-1", "inside");

        // Act
        using var response = await t.GetAsync("/user/list?sort_by=user_id", key: key);

        // Assert
        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await response.JsonAsync()).UserIds().ShouldBe(["inside", "org-boss"]);
    }

    [Fact]
    public async Task NonAdminAskingForAnotherUsersInfo_Answers403()
    {
        // Arrange
        var (t, key) = await WithKeyOfRoleAsync("internal_user", "me-user");
        await using var _ = t;
        t.Server!.Store.AddUser("other@example.com", "other-user");

        // Act
        using var other = await t.GetAsync("/user/info?user_id=other-user", key: key);
        using var own = await t.GetAsync("/user/info", key: key);

        // Assert
        other.StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await other.JsonAsync()).Error().Str("message").ShouldBe("key not allowed to access this user's info. user_id=other-user, key's user_id=me-user");
        own.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await own.JsonAsync()).Str("user_id").ShouldBe("me-user");
    }

    [Fact]
    public async Task KeyWithoutAUser_ReportsUnknownRoleAndMaskedUnknownId()
    {
        // Arrange
        await using var t = await ContractTarget.OpenAsync(ContractTarget.Sandbox);
        var key = t.Server!.Store.CreateKey("ghost-user-without-row");

        // Act
        using var response = await t.PostAsync("/user/new", new { user_email = "a@example.com" }, key: key);

        // Assert
        (await response.JsonAsync()).Error().Str("message").ShouldEndWith("Your role=unknown. Your user_id=*******");
    }

    [Theory]
    [InlineData("abc", "***")]
    [InlineData("abcd", "***")]
    [InlineData("abcdefgh", "********")]
    [InlineData("user-1234567890", "user-1*******90")]
    public void MaskUserId_KeepsSixLeadingAndTwoTrailingCharacters(string userId, string expected) =>
        Http.Auth.MaskUserId(userId).ShouldBe(expected);
}
