using System.Text.Json;

namespace LiteLlm.Sandbox;

/// <summary>
/// One row of <c>LiteLLM_UserTable</c> as the sandbox holds it: an immutable snapshot carrying every
/// field <c>/user/list</c> returns (contract §3.4). The password hash is never part of it.
/// </summary>
public sealed record SandboxUser
{
    public required string UserId { get; init; }
    public string? UserEmail { get; init; }
    public string? UserAlias { get; init; }
    public string? UserRole { get; init; }
    public IReadOnlyList<string> Teams { get; init; } = [];
    public double? MaxBudget { get; init; }
    public double Spend { get; init; }
    public IReadOnlyList<string> Models { get; init; } = [];
    /// <summary>A JSON object (never undefined; <c>{}</c> by default).</summary>
    public JsonElement Metadata { get; init; } = SandboxJson.EmptyObject;
    public string? BudgetDuration { get; init; }
    public DateTimeOffset? BudgetResetAt { get; init; }
    public long? TpmLimit { get; init; }
    public long? RpmLimit { get; init; }
    public long? MaxParallelRequests { get; init; }
    public string? SsoUserId { get; init; }
    public string? OrganizationId { get; init; }
    /// <summary>A JSON object (<c>{}</c> by default).</summary>
    public JsonElement ModelMaxBudget { get; init; } = SandboxJson.EmptyObject;
    /// <summary>A JSON object (<c>{}</c> by default).</summary>
    public JsonElement ModelSpend { get; init; } = SandboxJson.EmptyObject;
    public DateTimeOffset CreatedAt { get; init; }
    public DateTimeOffset UpdatedAt { get; init; }
}

/// <summary>
/// What <see cref="SandboxStore.AddUser(SandboxUserSeed)"/> creates. Unlike <c>/user/new</c>, seeding allows
/// duplicate and case-variant emails (LiteLLM's schema does not make emails unique, contract §3.4).
/// </summary>
public sealed record SandboxUserSeed
{
    /// <summary><c>null</c> → a new UUID4.</summary>
    public string? UserId { get; init; }
    public string? UserEmail { get; init; }
    public string? UserRole { get; init; } = "internal_user";
    public string? UserAlias { get; init; }
    public double? MaxBudget { get; init; }
    public string? BudgetDuration { get; init; }
    public double Spend { get; init; }
    public IReadOnlyList<string>? Models { get; init; }
    /// <summary>The user's metadata object. Values: strings, numbers, booleans, dates, <see cref="System.Text.Json.JsonElement"/>s,
    /// dictionaries with string keys and sequences of these (written without reflection; the sandbox is AOT-compiled).</summary>
    public IReadOnlyDictionary<string, object?>? Metadata { get; init; }
    /// <summary>Team ids; a team that does not exist yet is created, and the user is added as a <c>user</c> member.</summary>
    public IReadOnlyList<string>? Teams { get; init; }
    public string? SsoUserId { get; init; }
    public long? TpmLimit { get; init; }
    public long? RpmLimit { get; init; }
    /// <summary><c>null</c> → now. Tests pass explicit values to control the default <c>created_at desc</c> order.</summary>
    public DateTimeOffset? CreatedAt { get; init; }
    /// <summary>How many virtual keys to create for the user (their secrets are not kept; use <see cref="SandboxStore.CreateKey"/> for a usable one).</summary>
    public int KeyCount { get; init; } = 1;
}
