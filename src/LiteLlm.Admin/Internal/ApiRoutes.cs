namespace LiteLlm.Admin.Internal;

/// <summary>Every LiteLLM path this client calls (contract §3), in one place.</summary>
internal static class ApiRoutes
{
    public const string UserNew = "/user/new";
    public const string UserInfo = "/user/info";
    public const string UserList = "/user/list";
    public const string UserUpdate = "/user/update";
    public const string UserDelete = "/user/delete";
    public const string BulkDeleteV1 = "/management/v1/users/bulk_delete";
    public const string BulkCreateV1 = "/management/v1/users/bulk";
    public const string TeamList = "/team/list";
    public const string TeamNew = "/team/new";
    public const string TeamMemberAdd = "/team/member_add";
    public const string TeamMemberDelete = "/team/member_delete";
    public const string KeyList = "/key/list";
    public const string KeyInfo = "/key/info";
    public const string KeyGenerate = "/key/generate";
    public const string KeyBlock = "/key/block";
    public const string KeyUnblock = "/key/unblock";
    public const string InvitationNew = "/invitation/new";
    public const string OrganizationList = "/organization/list";
    public const string HealthReadiness = "/health/readiness";
}
