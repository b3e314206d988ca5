using System.Text.Json;
using System.Text.Json.Serialization;
using LiteLlm.Admin.Users;

namespace LiteLlm.Users.Engine.Safety;

/// <summary>
/// One line of a backup file: everything LiteLLM loses when the user is deleted that can be read
/// back through its API, taken just before the delete is sent. Key secrets are never in it.
/// </summary>
internal sealed class BackupRecord
{
    /// <summary>The format of this line.</summary>
    public const string CurrentFormat = "litellm-users-backup/1";

    /// <summary>Format marker, so a restore refuses a file it does not understand.</summary>
    public string Format { get; init; } = CurrentFormat;

    /// <summary>When the record was taken (UTC).</summary>
    public DateTimeOffset BackedUpAt { get; init; }

    /// <summary>The proxy the user was on.</summary>
    public string BaseUrl { get; init; } = string.Empty;

    /// <summary>Who ran the change.</summary>
    public string? Operator { get; init; }

    /// <summary>What was about to happen (delete).</summary>
    public string Action { get; init; } = "delete";

    /// <summary>The full user row as <c>/user/list</c> returned it, unknown fields included.</summary>
    public LiteLlmUser User { get; init; } = new();

    /// <summary>Team memberships with the role on each team's roster.</summary>
    public IReadOnlyList<BackupTeamMembership> Teams { get; init; } = [];

    /// <summary>Organisation memberships; null when they could not be read (see <see cref="Gaps"/>).</summary>
    public IReadOnlyList<BackupOrganizationMembership>? Organizations { get; init; }

    /// <summary>The user's keys: metadata only (alias, models, budgets, expiry), never a secret or hash.</summary>
    public IReadOnlyList<BackupKey> Keys { get; init; } = [];

    /// <summary>What this record could not capture, in words.</summary>
    public IReadOnlyList<string>? Gaps { get; init; }
}

/// <summary>A team the user was in.</summary>
/// <param name="TeamId">The team.</param>
/// <param name="TeamAlias">Its name, for people.</param>
/// <param name="Role">admin or user, from the roster; null when the user's <c>teams</c> named the team but its roster did not.</param>
internal sealed record BackupTeamMembership(string TeamId, string? TeamAlias, string? Role);

/// <summary>An organisation the user was in.</summary>
/// <param name="OrganizationId">The organisation.</param>
/// <param name="OrganizationAlias">Its name.</param>
/// <param name="UserRole">e.g. org_admin, internal_user.</param>
/// <param name="BudgetId">The member's budget row, if any.</param>
internal sealed record BackupOrganizationMembership(string OrganizationId, string? OrganizationAlias, string? UserRole, string? BudgetId);

/// <summary>A key's metadata. <see cref="KeyName"/> is LiteLLM's own abbreviation (<c>sk-...WXYZ</c>), as its UI shows it.</summary>
internal sealed class BackupKey
{
    /// <summary>Alias.</summary>
    public string? KeyAlias { get; init; }

    /// <summary>Abbreviation, e.g. <c>sk-...WXYZ</c>; not enough to use the key.</summary>
    public string? KeyName { get; init; }

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

    /// <summary>Expiry as the server sent it.</summary>
    public string? Expires { get; init; }

    /// <summary>Metadata.</summary>
    public JsonElement? Metadata { get; init; }
}

/// <summary>Source-generated JSON for backups and audit lines (snake_case, nulls omitted).</summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    NumberHandling = JsonNumberHandling.AllowReadingFromString)]
[JsonSerializable(typeof(BackupRecord))]
[JsonSerializable(typeof(AuditEntry))]
internal sealed partial class SafetyJsonContext : JsonSerializerContext;
