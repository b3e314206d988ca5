using System.Net;
using System.Text.Json;
using LiteLlm.Sandbox.Tests.Infrastructure;

namespace LiteLlm.Sandbox.Tests;

/// <summary><c>GET /organization/list</c> (<c>list_organization</c> in <c>organization_endpoints.py</c>).</summary>
public sealed class OrganizationEndpointTests
{
    [Fact]
    public async Task List_GivesAProxyAdminEveryOrganisationWithItsMembersAndTeams()
    {
        // Arrange
        await using var t = await ContractTarget.OpenAsync(ContractTarget.Sandbox);
        var store = t.Server!.Store;
        store.AddUser("a@example.com", "u-a");
        store.AddUser("b@example.com", "u-b");
        store.CreateOrganization("org-1", "One");
        store.AddOrganizationMember("org-1", "u-a", "org_admin");
        store.AddOrganizationMember("org-1", "u-b");
        store.AddOrganizationMember("org-2", "u-b");

        // Act
        using var response = await t.GetAsync("/organization/list");
        var body = await response.JsonAsync();

        // Assert
        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        body.ValueKind.ShouldBe(JsonValueKind.Array);
        var orgs = body.EnumerateArray().ToList();
        orgs.Select(o => o.Str("organization_id")).ShouldBe(["org-1", "org-2"]);
        var one = orgs[0];
        one.Str("organization_alias").ShouldBe("One");
        one.Str("budget_id").ShouldNotBeNullOrEmpty();
        one.GetProperty("litellm_budget_table").Str("budget_id").ShouldBe(one.Str("budget_id"));
        one.GetProperty("teams").GetArrayLength().ShouldBe(0);
        one.GetProperty("members").EnumerateArray().Select(m => (m.Str("user_id"), m.Str("organization_id"), m.Str("user_role")))
            .ShouldBe([("u-a", "org-1", "org_admin"), ("u-b", "org-1", "internal_user")], ignoreOrder: true);
        one.GetProperty("members")[0].TryGetProperty("created_at", out _).ShouldBeTrue();
    }

    [Fact]
    public async Task List_GivesAnyOtherKeyOnlyTheOrganisationsItsUserIsIn()
    {
        // Arrange
        await using var t = await ContractTarget.OpenAsync(ContractTarget.Sandbox);
        var store = t.Server!.Store;
        store.AddUser("a@example.com", "u-a");
        store.AddUser("v@example.com", "u-viewer", role: "proxy_admin_viewer");
        store.AddOrganizationMember("org-1", "u-a");
        store.CreateOrganization("org-2");
        var memberKey = store.CreateKey("u-a");
        var viewerKey = store.CreateKey("u-viewer");

        // Act
        using var member = await t.GetAsync("/organization/list", key: memberKey);
        using var viewer = await t.GetAsync("/organization/list", key: viewerKey);

        // Assert: only proxy_admin sees every organisation, not even a proxy_admin_viewer.
        member.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await member.JsonAsync()).EnumerateArray().Select(o => o.Str("organization_id")).ShouldBe(["org-1"]);
        viewer.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await viewer.JsonAsync()).GetArrayLength().ShouldBe(0);
    }
}
