using System.Text.Json;
using System.Text.Json.Serialization;

namespace LiteLlm.Admin.Users;

/// <summary>
/// A user row as LiteLLM returns it from <c>/user/list</c> (contract §3.4). Optional fields are
/// nullable; fields this model does not name are kept in <see cref="AdditionalProperties"/> so a
/// backup holds the whole record.
/// </summary>
public sealed class LiteLlmUser
{
    /// <summary>The user's id (primary key).</summary>
    public string UserId { get; init; } = string.Empty;

    /// <summary>Email; not unique in LiteLLM, may be null.</summary>
    public string? UserEmail { get; init; }

    /// <summary>Display alias.</summary>
    public string? UserAlias { get; init; }

    /// <summary>Role: proxy_admin, proxy_admin_viewer, internal_user, internal_user_viewer, ...</summary>
    public string? UserRole { get; init; }

    /// <summary>Ids of the teams the user belongs to.</summary>
    public IReadOnlyList<string>? Teams { get; init; }

    /// <summary>Budget in USD.</summary>
    public double? MaxBudget { get; init; }

    /// <summary>Spend so far in USD.</summary>
    public double? Spend { get; init; }

    /// <summary>Models the user may call (empty = all).</summary>
    public IReadOnlyList<string>? Models { get; init; }

    /// <summary>Free-form metadata.</summary>
    public JsonElement? Metadata { get; init; }

    /// <summary>Budget reset period, e.g. "30d".</summary>
    public string? BudgetDuration { get; init; }

    /// <summary>Tokens per minute limit.</summary>
    public long? TpmLimit { get; init; }

    /// <summary>Requests per minute limit.</summary>
    public long? RpmLimit { get; init; }

    /// <summary>SSO id, unique when set.</summary>
    public string? SsoUserId { get; init; }

    /// <summary>Legacy single organisation id.</summary>
    public string? OrganizationId { get; init; }

    /// <summary>Creation time as the server sent it (format varies by version).</summary>
    public string? CreatedAt { get; init; }

    /// <summary>Last update time as the server sent it.</summary>
    public string? UpdatedAt { get; init; }

    /// <summary>Number of keys the user owns (list responses only).</summary>
    public int? KeyCount { get; init; }

    /// <summary>Every other field the server sent.</summary>
    [JsonExtensionData]
    public IDictionary<string, JsonElement>? AdditionalProperties { get; set; }
}

/// <summary>One page of <c>/user/list</c>.</summary>
public sealed class UserPage
{
    /// <summary>Users on this page.</summary>
    [JsonRequired]
    public IReadOnlyList<LiteLlmUser> Users { get; init; } = [];

    /// <summary>Users matching the filters, on all pages.</summary>
    [JsonRequired]
    public int Total { get; init; }

    /// <summary>This page's number (1-based).</summary>
    public int Page { get; init; }

    /// <summary>Page size the server used.</summary>
    public int PageSize { get; init; }

    /// <summary>Number of pages (0 when nothing matches).</summary>
    public int TotalPages { get; init; }
}

/// <summary>
/// One page of <c>/user/list</c> read for a scan: every user id on the page, and full user objects
/// only for the users the caller kept (building objects for users nobody needs dominated the cost
/// of reading 50,000 users).
/// </summary>
public sealed class UserScanPage
{
    /// <summary>The id of every user on the page, in order.</summary>
    public IReadOnlyList<string> UserIds { get; init; } = [];

    /// <summary>The users the caller's predicate kept.</summary>
    public IReadOnlyList<LiteLlmUser> Kept { get; init; } = [];

    /// <summary>Users matching the filters, on all pages.</summary>
    public int Total { get; init; }

    /// <summary>This page's number.</summary>
    public int Page { get; init; }

    /// <summary>Number of pages.</summary>
    public int TotalPages { get; init; }
}

/// <summary>Filters and order of a user listing (contract §3.4). Every filter is optional.</summary>
public sealed record UserQuery
{
    /// <summary>Exact role.</summary>
    public string? Role { get; init; }

    /// <summary>User ids: one id is a case-insensitive substring match on the server, several are exact.</summary>
    public IReadOnlyList<string>? UserIds { get; init; }

    /// <summary>Exact SSO ids.</summary>
    public IReadOnlyList<string>? SsoUserIds { get; init; }

    /// <summary>Case-insensitive substring of the email (the server has no exact email filter).</summary>
    public string? UserEmail { get; init; }

    /// <summary>Team id the user belongs to.</summary>
    public string? Team { get; init; }

    /// <summary>Organisation ids.</summary>
    public IReadOnlyList<string>? OrganizationIds { get; init; }

    /// <summary>Sort column; user_id (unique) keeps paging stable (issue BerriAI/litellm#15762).</summary>
    public string SortBy { get; init; } = "user_id";

    /// <summary>asc or desc.</summary>
    public string SortOrder { get; init; } = "asc";

    /// <summary>Page size, 1–100.</summary>
    public int PageSize { get; init; } = 100;
}
