using LiteLlm.Admin.Internal;

namespace LiteLlm.Admin.Invitations;

/// <summary>An invitation link record (<c>LiteLLM_InvitationLink</c>).</summary>
public sealed class Invitation
{
    /// <summary>Invitation id; the UI link is <c>{base}/ui?invitation_id={id}</c>.</summary>
    public string Id { get; init; } = string.Empty;

    /// <summary>Invited user.</summary>
    public string? UserId { get; init; }

    /// <summary>Whether it was used.</summary>
    public bool? IsAccepted { get; init; }

    /// <summary>Expiry as sent.</summary>
    public string? ExpiresAt { get; init; }

    /// <summary>Creator.</summary>
    public string? CreatedBy { get; init; }
}

/// <summary><c>POST /invitation/new</c>.</summary>
public class InvitationsClient
{
    private readonly HttpPipeline? _pipeline;

    internal InvitationsClient(HttpPipeline pipeline) => _pipeline = pipeline;

    /// <summary>For mocking only.</summary>
    protected InvitationsClient()
    {
    }

    private HttpPipeline Pipeline => _pipeline ?? throw new InvalidOperationException("This instance was created for mocking.");

    /// <summary>Creates an invitation link for a user.</summary>
    public virtual Task<Invitation> CreateAsync(string userId, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(userId);
        return Pipeline.PostAsync(ApiRoutes.InvitationNew, new InvitationBody { UserId = userId }, LiteLlmJsonContext.Default.InvitationBody, LiteLlmJsonContext.Default.Invitation, cancellationToken);
    }

    /// <summary>The link LiteLLM's admin UI accepts for an invitation.</summary>
    public static Uri LinkFor(Uri proxyBaseUrl, Invitation invitation)
    {
        ArgumentNullException.ThrowIfNull(proxyBaseUrl);
        ArgumentNullException.ThrowIfNull(invitation);
        return new Uri(proxyBaseUrl.AbsoluteUri.TrimEnd('/') + "/ui?invitation_id=" + Uri.EscapeDataString(invitation.Id));
    }
}

/// <summary><c>{"user_id": ...}</c>.</summary>
internal sealed class InvitationBody
{
    public string UserId { get; init; } = string.Empty;
}
