using System.Text.Json;
using System.Text.Json.Serialization;

namespace LiteLlm.Admin.Users;

/// <summary>Body of <c>POST /user/new</c> (contract §3.1). Null fields are not sent.</summary>
public sealed class CreateUserRequest
{
    /// <summary>Id to use; null lets the server generate a UUID.</summary>
    public string? UserId { get; init; }

    /// <summary>Email (LiteLLM refuses a duplicate, case-insensitively, with 409).</summary>
    public string? UserEmail { get; init; }

    /// <summary>Alias.</summary>
    public string? UserAlias { get; init; }

    /// <summary>One of proxy_admin, proxy_admin_viewer, internal_user, internal_user_viewer.</summary>
    public string? UserRole { get; init; }

    /// <summary>Team ids to join.</summary>
    public IReadOnlyList<string>? Teams { get; init; }

    /// <summary>Budget in USD.</summary>
    public double? MaxBudget { get; init; }

    /// <summary>Budget period, e.g. "30d".</summary>
    public string? BudgetDuration { get; init; }

    /// <summary>Allowed models.</summary>
    public IReadOnlyList<string>? Models { get; init; }

    /// <summary>Metadata.</summary>
    public JsonElement? Metadata { get; init; }

    /// <summary>Tokens per minute.</summary>
    public long? TpmLimit { get; init; }

    /// <summary>Requests per minute.</summary>
    public long? RpmLimit { get; init; }

    /// <summary>At most this many requests in flight for the user.</summary>
    public long? MaxParallelRequests { get; init; }

    /// <summary>Spend so far in USD (LiteLLM's default is 0); set when recreating a user so its budget is not reset.</summary>
    public double? Spend { get; init; }

    /// <summary>SSO id (unique), so the person's next SSO login maps to this user.</summary>
    public string? SsoUserId { get; init; }

    /// <summary>Whether the server mints a key for the user (LiteLLM's default is true).</summary>
    public bool? AutoCreateKey { get; init; }

    /// <summary>Alias of the auto-created key.</summary>
    public string? KeyAlias { get; init; }

    /// <summary>Whether LiteLLM emails an invite.</summary>
    public bool? SendInviteEmail { get; init; }
}

/// <summary>Answer of <c>POST /user/new</c>.</summary>
public sealed class CreateUserResponse
{
    /// <summary>The new user's id.</summary>
    public string UserId { get; init; } = string.Empty;

    /// <summary>The raw key secret (<c>""</c> when none was created). Treat as a secret.</summary>
    public string? Key { get; init; }

    /// <summary>Email stored.</summary>
    public string? UserEmail { get; init; }

    /// <summary>Role stored.</summary>
    public string? UserRole { get; init; }

    /// <summary>Alias stored.</summary>
    public string? UserAlias { get; init; }

    /// <summary>Everything else the server returned.</summary>
    [JsonExtensionData]
    public IDictionary<string, JsonElement>? AdditionalProperties { get; set; }
}

/// <summary>
/// Body of <c>POST /user/update</c> (contract §3.6). Beware: LiteLLM upserts, so an unknown id
/// creates a user; callers update only ids they have just seen. Null fields are not sent.
/// </summary>
public sealed class UpdateUserRequest
{
    /// <summary>Creates an update of the given user.</summary>
    public UpdateUserRequest(string userId)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(userId);
        UserId = userId;
    }

    /// <summary>The user to update.</summary>
    public string UserId { get; }

    /// <summary>New email.</summary>
    public string? UserEmail { get; init; }

    /// <summary>New alias.</summary>
    public string? UserAlias { get; init; }

    /// <summary>New role.</summary>
    public string? UserRole { get; init; }

    /// <summary>New budget.</summary>
    public double? MaxBudget { get; init; }

    /// <summary>New budget period.</summary>
    public string? BudgetDuration { get; init; }

    /// <summary>New model list (an empty list is ignored by LiteLLM).</summary>
    public IReadOnlyList<string>? Models { get; init; }

    /// <summary>New metadata.</summary>
    public JsonElement? Metadata { get; init; }

    /// <summary>New tokens per minute.</summary>
    public long? TpmLimit { get; init; }

    /// <summary>New requests per minute.</summary>
    public long? RpmLimit { get; init; }
}

/// <summary>Answer of <c>POST /user/update</c>: <c>{"user_id", "data"}</c>.</summary>
public sealed class UpdateUserResponse
{
    /// <summary>The updated user's id.</summary>
    public string? UserId { get; init; }

    /// <summary>The updated row.</summary>
    public LiteLlmUser? Data { get; init; }
}

/// <summary>Answer of <c>GET /user/info</c> (contract §3.2).</summary>
public sealed class UserInfo
{
    /// <summary>The user id asked for.</summary>
    public string? UserId { get; init; }

    /// <summary>The user row (null for the legacy 200 stub of older builds).</summary>
    public LiteLlmUser? UserInfoRow { get; init; }

    /// <summary>Key records (hashed token, never the secret).</summary>
    public IReadOnlyList<JsonElement>? Keys { get; init; }

    /// <summary>Team records.</summary>
    public IReadOnlyList<JsonElement>? Teams { get; init; }
}

/// <summary>One row of <c>/management/v1/users/bulk_delete</c>'s answer (contract §3.9).</summary>
public sealed class BulkDeleteResult
{
    /// <summary>The id asked for.</summary>
    public string UserId { get; init; } = string.Empty;

    /// <summary>Email of the deleted user, when known.</summary>
    public string? UserEmail { get; init; }

    /// <summary>Whether this user was deleted.</summary>
    public bool Success { get; init; }

    /// <summary>Teams the user was removed from.</summary>
    public IReadOnlyList<string>? TeamsRemoved { get; init; }

    /// <summary>Why this row failed.</summary>
    public string? Error { get; init; }
}

/// <summary>Answer of <c>/management/v1/users/bulk</c> (contract §3.9): one row per requested user, in order.</summary>
public sealed class BulkCreateResult
{
    /// <summary>The rows.</summary>
    public IReadOnlyList<BulkCreateRow> Data { get; init; } = [];

    /// <summary>Counts.</summary>
    public BulkCreateMeta? Meta { get; init; }
}

/// <summary>One row of a v1 bulk create.</summary>
public sealed class BulkCreateRow
{
    /// <summary>New user's id (null when it failed).</summary>
    public string? UserId { get; init; }

    /// <summary>Email asked for.</summary>
    public string? UserEmail { get; init; }

    /// <summary>Whether the user was created.</summary>
    public bool Success { get; init; }

    /// <summary>Teams joined.</summary>
    public IReadOnlyList<string>? Teams { get; init; }

    /// <summary>Key secret when one was created (auto_create_key defaults to false here). A secret.</summary>
    public string? Key { get; init; }

    /// <summary>Why it failed.</summary>
    public string? Error { get; init; }
}

/// <summary>Counts of a v1 bulk create.</summary>
public sealed class BulkCreateMeta
{
    /// <summary>Rows asked for.</summary>
    public int TotalRequested { get; init; }

    /// <summary>Rows created.</summary>
    public int Created { get; init; }

    /// <summary>Rows failed.</summary>
    public int Failed { get; init; }
}
