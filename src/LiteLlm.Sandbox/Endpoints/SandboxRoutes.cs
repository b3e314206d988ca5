using LiteLlm.Sandbox.Http;

namespace LiteLlm.Sandbox.Endpoints;

/// <summary>The route table. Paths are case-sensitive and exact, as in FastAPI.</summary>
internal static class SandboxRoutes
{
    public static IReadOnlyList<RouteSpec> Build(SandboxProfile profile)
    {
        var routes = new List<RouteSpec>
        {
            new("POST", "/user/new", UserEndpoints.New) { StateChanging = true },
            new("GET", "/user/info", UserEndpoints.Info),
            new("GET", "/v2/user/info", UserEndpoints.InfoV2),
            new("GET", "/user/list", UserListEndpoints.List),
            new("GET", "/user/filter/ui", UserListEndpoints.FilterUi),
            new("GET", "/user/available_roles", UserListEndpoints.AvailableRoles),
            new("POST", "/user/update", UserUpdateEndpoints.Update) { StateChanging = true },
            new("POST", "/user/bulk_update", UserUpdateEndpoints.BulkUpdate) { StateChanging = true },
            new("POST", "/user/delete", UserEndpoints.Delete) { StateChanging = true },
            new("POST", "/team/new", TeamEndpoints.New) { StateChanging = true },
            new("GET", "/team/list", TeamEndpoints.List),
            new("GET", "/team/info", TeamEndpoints.Info),
            new("POST", "/team/member_add", TeamEndpoints.MemberAdd) { StateChanging = true },
            new("POST", "/team/member_delete", TeamEndpoints.MemberDelete) { StateChanging = true },
            new("POST", "/team/update", TeamWriteEndpoints.Update) { StateChanging = true },
            new("POST", "/team/delete", TeamWriteEndpoints.Delete) { StateChanging = true },
            new("POST", "/key/generate", KeyEndpoints.Generate) { StateChanging = true },
            new("GET", "/key/list", KeyEndpoints.List),
            new("GET", "/key/info", KeyEndpoints.Info),
            new("POST", "/key/delete", KeyWriteEndpoints.Delete) { StateChanging = true },
            new("POST", "/key/update", KeyWriteEndpoints.Update) { StateChanging = true },
            new("POST", "/key/block", KeyWriteEndpoints.Block) { StateChanging = true },
            new("POST", "/key/unblock", KeyWriteEndpoints.Unblock) { StateChanging = true },
            new("GET", "/organization/list", OrganizationEndpoints.List),
            new("POST", "/invitation/new", InvitationEndpoints.New) { StateChanging = true },
            new("GET", "/health/readiness", MiscEndpoints.Readiness) { Public = true },
            new("GET", "/health/liveliness", MiscEndpoints.Liveliness) { Public = true },
            new("GET", "/health/liveness", MiscEndpoints.Liveliness) { Public = true },
        };

        if (profile.Has(LiteLlmChange.ManagementV1Routes))
        {
            routes.Add(new("POST", "/management/v1/users/bulk_delete", ManagementV1Endpoints.BulkDelete) { StateChanging = true, ProblemErrors = true });
            routes.Add(new("POST", "/management/v1/users/bulk", ManagementV1Endpoints.BulkCreate) { StateChanging = true, ProblemErrors = true });
        }

        return routes;
    }
}
