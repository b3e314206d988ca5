using System.Text.Json;

namespace LiteLlm.Sandbox;

/// <summary>
/// One row of <c>LiteLLM_VerificationToken</c>. <see cref="Token"/> is the SHA-256 hex of the secret, as in
/// LiteLLM; the secret itself is never stored.
/// </summary>
public sealed record SandboxKey
{
    public required string Token { get; init; }
    /// <summary>Abbreviated secret, <c>sk-...WXYZ</c> (LiteLLM's <c>abbreviate_api_key</c>).</summary>
    public string? KeyName { get; init; }
    public string? KeyAlias { get; init; }
    public string? UserId { get; init; }
    public string? TeamId { get; init; }
    public string? OrganizationId { get; init; }
    public double Spend { get; init; }
    public double? MaxBudget { get; init; }
    public IReadOnlyList<string> Models { get; init; } = [];
    public JsonElement Metadata { get; init; } = SandboxJson.EmptyObject;
    public DateTimeOffset? Expires { get; init; }
    public bool? Blocked { get; init; }
    public string? CreatedBy { get; init; }
    public string? UpdatedBy { get; init; }
    public DateTimeOffset CreatedAt { get; init; }
    public DateTimeOffset UpdatedAt { get; init; }
}
