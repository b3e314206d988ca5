using LiteLlm.Sandbox.Http;

namespace LiteLlm.Sandbox.Endpoints;

/// <summary><c>GET /organization/list</c>, mirroring <c>list_organization</c> in <c>organization_endpoints.py</c>.</summary>
internal static class OrganizationEndpoints
{
    /// <summary>
    /// Every organisation for a proxy admin (not a proxy admin viewer), else only those the caller is a member of;
    /// each with its membership rows, teams and budget row (<c>LiteLLM_OrganizationTableWithMembers</c>). Not paged.
    /// </summary>
    public static ApiResult List(RequestContext rc)
    {
        var caller = rc.Caller;
        var store = rc.Store;
        var memberships = store.AllOrgMemberships;
        var mine = memberships.Where(m => m.UserId == caller.UserId).Select(m => m.OrganizationId).ToHashSet(StringComparer.Ordinal);
        var organizations = store.AllOrganizations.Where(o => caller.IsProxyAdmin || mine.Contains(o.OrganizationId)).ToList();
        var body = organizations
            .Select(o => Shapes.Organization(
                o,
                memberships.Where(m => m.OrganizationId == o.OrganizationId),
                store.AllTeams.Where(t => t.OrganizationId == o.OrganizationId)))
            .ToList();
        var items = organizations.Count + memberships.Count(m => organizations.Any(o => o.OrganizationId == m.OrganizationId));
        return ApiResult.Ok(body, items: items);
    }
}
