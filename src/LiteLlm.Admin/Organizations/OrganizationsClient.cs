using System.Text.Json;
using System.Text.Json.Serialization;
using LiteLlm.Admin.Internal;

namespace LiteLlm.Admin.Organizations;

/// <summary>An organisation as <c>/organization/list</c> returns it, with its membership rows.</summary>
public sealed class LiteLlmOrganization
{
    /// <summary>The organisation's id.</summary>
    public string OrganizationId { get; init; } = string.Empty;

    /// <summary>Display name.</summary>
    public string? OrganizationAlias { get; init; }

    /// <summary>Membership rows (<c>LiteLLM_OrganizationMembership</c>): who is in the organisation, with which role.</summary>
    public IReadOnlyList<OrganizationMembership>? Members { get; init; }

    /// <summary>Everything else the server sent (budget, teams, models, metadata).</summary>
    [JsonExtensionData]
    public IDictionary<string, JsonElement>? AdditionalProperties { get; set; }
}

/// <summary>One row of <c>LiteLLM_OrganizationMembership</c>.</summary>
public sealed class OrganizationMembership
{
    /// <summary>The member.</summary>
    public string UserId { get; init; } = string.Empty;

    /// <summary>The organisation.</summary>
    public string OrganizationId { get; init; } = string.Empty;

    /// <summary>Role in the organisation, e.g. <c>org_admin</c> or <c>internal_user</c>.</summary>
    public string? UserRole { get; init; }

    /// <summary>The member's budget row in the organisation, if any.</summary>
    public string? BudgetId { get; init; }

    /// <summary>Spend within the organisation.</summary>
    public double? Spend { get; init; }
}

/// <summary>Organisation operations: <c>/organization/list</c>.</summary>
public class OrganizationsClient
{
    private readonly HttpPipeline? _pipeline;

    internal OrganizationsClient(HttpPipeline pipeline) => _pipeline = pipeline;

    /// <summary>For mocking only.</summary>
    protected OrganizationsClient()
    {
    }

    private HttpPipeline Pipeline => _pipeline ?? throw new InvalidOperationException("This instance was created for mocking.");

    /// <summary>
    /// Every organisation with its members, in one request (LiteLLM's <c>/organization/list</c> is not paged). A proxy
    /// admin sees all of them; any other key only those it is a member of.
    /// </summary>
    public virtual async Task<IReadOnlyList<LiteLlmOrganization>> ListAsync(CancellationToken cancellationToken = default) =>
        await Pipeline.GetAsync(ApiRoutes.OrganizationList, null, LiteLlmJsonContext.Default.ListLiteLlmOrganization, cancellationToken).ConfigureAwait(false);
}
