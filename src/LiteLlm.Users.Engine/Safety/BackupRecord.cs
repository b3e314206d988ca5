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
