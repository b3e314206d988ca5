using System.Text.Json;
using System.Text.Json.Serialization;

namespace LiteLlm.Admin.Keys;

/// <summary>A virtual key's record. <see cref="Token"/> is LiteLLM's hash of the key, never the secret.</summary>
public sealed class LiteLlmKey
{
    /// <summary>SHA-256 hash of the key (the table's id); not the secret.</summary>
    public string? Token { get; init; }

    /// <summary>Abbreviated key, e.g. <c>sk-...AbCd</c>.</summary>
    public string? KeyName { get; init; }

    /// <summary>Alias.</summary>
    public string? KeyAlias { get; init; }

    /// <summary>Owner.</summary>
    public string? UserId { get; init; }

    /// <summary>Team the key belongs to.</summary>
    public string? TeamId { get; init; }

    /// <summary>Models.</summary>
    public IReadOnlyList<string>? Models { get; init; }

    /// <summary>Budget.</summary>
    public double? MaxBudget { get; init; }

    /// <summary>Budget period.</summary>
    public string? BudgetDuration { get; init; }

    /// <summary>Spend.</summary>
    public double? Spend { get; init; }

    /// <summary>Expiry, as the server sent it.</summary>
    public string? Expires { get; init; }

    /// <summary>Metadata.</summary>
    public JsonElement? Metadata { get; init; }

    /// <summary>
    /// True when the key is blocked (<c>/key/block</c>): LiteLLM rejects it with 401 <c>Key is blocked</c>.
    /// Null when the server did not say.
    /// </summary>
    public bool? Blocked { get; init; }

    /// <summary>Everything else.</summary>
    [JsonExtensionData]
    public IDictionary<string, JsonElement>? AdditionalProperties { get; set; }
}

/// <summary>Body of <c>/key/block</c> and <c>/key/unblock</c> (<c>BlockKeyRequest</c>).</summary>
internal sealed class BlockKeyBody
{
    public string Key { get; init; } = string.Empty;
}

/// <summary>Filters of <c>/key/list</c>.</summary>
public sealed record KeyQuery
{
    /// <summary>Owner.</summary>
    public string? UserId { get; init; }

    /// <summary>Team.</summary>
    public string? TeamId { get; init; }

    /// <summary>Page size (LiteLLM allows up to 100).</summary>
    public int PageSize { get; init; } = 100;
}

/// <summary>One page of <c>/key/list?return_full_object=true</c>.</summary>
public sealed class KeyPage
{
    /// <summary>The keys.</summary>
    public IReadOnlyList<LiteLlmKey> Keys { get; init; } = [];

    /// <summary>Keys matching, on all pages.</summary>
    public int TotalCount { get; init; }

    /// <summary>This page.</summary>
    public int CurrentPage { get; init; }

    /// <summary>Pages.</summary>
    public int TotalPages { get; init; }
}

/// <summary>Answer of <c>/key/info</c>: the key as given (or redacted) and its record.</summary>
public sealed class KeyInfo
{
    /// <summary>The key value the server echoes (treat as a secret; scrubbed from output).</summary>
    public string? Key { get; init; }

    /// <summary>The record.</summary>
    public LiteLlmKey? Info { get; init; }
}

/// <summary>Body of <c>POST /key/generate</c>. Null fields are not sent.</summary>
public sealed class GenerateKeyRequest
{
    /// <summary>Owner.</summary>
    public string? UserId { get; init; }

    /// <summary>Team.</summary>
    public string? TeamId { get; init; }

    /// <summary>Alias.</summary>
    public string? KeyAlias { get; init; }

    /// <summary>Models.</summary>
    public IReadOnlyList<string>? Models { get; init; }

    /// <summary>Budget.</summary>
    public double? MaxBudget { get; init; }

    /// <summary>Budget period.</summary>
    public string? BudgetDuration { get; init; }

    /// <summary>Lifetime, e.g. "30d".</summary>
    public string? Duration { get; init; }

    /// <summary>Metadata.</summary>
    public JsonElement? Metadata { get; init; }
}

/// <summary>Answer of <c>POST /key/generate</c>: <see cref="Key"/> is the secret, shown once.</summary>
public sealed class GenerateKeyResponse
{
    /// <summary>The raw key. A secret: never log it or write it to a shared file.</summary>
    public string? Key { get; init; }

    /// <summary>Abbreviated key.</summary>
    public string? KeyName { get; init; }

    /// <summary>Alias.</summary>
    public string? KeyAlias { get; init; }

    /// <summary>Owner.</summary>
    public string? UserId { get; init; }

    /// <summary>Expiry.</summary>
    public string? Expires { get; init; }

    /// <summary>Hash of the key.</summary>
    public string? TokenId { get; init; }

    /// <summary>Everything else.</summary>
    [JsonExtensionData]
    public IDictionary<string, JsonElement>? AdditionalProperties { get; set; }
}
