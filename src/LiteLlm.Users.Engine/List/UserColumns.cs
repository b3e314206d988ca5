using System.Text.Json;
using System.Text.Json.Nodes;
using LiteLlm.Admin.Users;

namespace LiteLlm.Users.Engine.List;

/// <summary>
/// The columns a listing can show: the fields <c>/user/list</c> returns (contract §3.4), by their
/// LiteLLM names. Secrets (passwords, key secrets and hashes) are not columns and cannot be asked for.
/// </summary>
internal static class UserColumns
{
    /// <summary>list_user.py's default columns.</summary>
    public static readonly IReadOnlyList<string> Default = ["user_id", "user_email", "user_role", "teams", "created_at", "updated_at"];

    /// <summary>The columns of <c>list --disabled</c> when none are asked for.</summary>
    public static readonly IReadOnlyList<string> Disabled = ["user_id", "user_email", "user_role", "disabled_at", "disabled_by", "blocked_keys"];

    /// <summary>Fields that are never shown, whatever is asked (list_user.py's SENSITIVE_KEYS, plus "key").</summary>
    public static readonly IReadOnlyList<string> Secret = ["password", "hashed_password", "salt", "token", "key"];

    private static readonly Dictionary<string, Func<LiteLlmUser, JsonNode?>> Typed = new(StringComparer.Ordinal)
    {
        ["user_id"] = u => u.UserId,
        ["user_email"] = u => u.UserEmail,
        ["user_alias"] = u => u.UserAlias,
        ["user_role"] = u => u.UserRole,
        ["teams"] = u => Strings(u.Teams),
        ["max_budget"] = u => u.MaxBudget,
        ["spend"] = u => u.Spend,
        ["models"] = u => Strings(u.Models),
        ["metadata"] = u => u.Metadata is { } m ? JsonNode.Parse(m.GetRawText()) : null,
        ["budget_duration"] = u => u.BudgetDuration,
        ["tpm_limit"] = u => u.TpmLimit,
        ["rpm_limit"] = u => u.RpmLimit,
        ["sso_user_id"] = u => u.SsoUserId,
        ["organization_id"] = u => u.OrganizationId,
        ["created_at"] = u => u.CreatedAt,
        ["updated_at"] = u => u.UpdatedAt,
        ["key_count"] = u => u.KeyCount,

        // The record of litellm-users disable (Execution.DisableRecord), for list --disabled.
        ["disabled_at"] = u => Execution.DisableRecord.Of(u)?.At?.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", System.Globalization.CultureInfo.InvariantCulture),
        ["disabled_by"] = u => Execution.DisableRecord.Of(u)?.By,
        ["blocked_keys"] = u => Execution.DisableRecord.Of(u)?.BlockedKeys.Count,
    };

    /// <summary>Fields LiteLLM sends that the user model keeps as extra properties.</summary>
    private static readonly string[] Extra =
        ["model_max_budget", "model_spend", "budget_reset_at", "organization_memberships", "object_permission", "max_parallel_requests"];

    /// <summary>Every column that can be asked for.</summary>
    public static IReadOnlyList<string> Known { get; } = [.. Typed.Keys, .. Extra];

    /// <summary>Checks a --columns value: known names, no secret, no repeat.</summary>
    /// <exception cref="InputException">A column is unknown or secret.</exception>
    public static IReadOnlyList<string> Parse(string? columns)
    {
        if (string.IsNullOrWhiteSpace(columns))
        {
            return Default;
        }

        var names = columns.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries).Distinct(StringComparer.Ordinal).ToList();
        foreach (var name in names)
        {
            if (Secret.Contains(name, StringComparer.OrdinalIgnoreCase))
            {
                throw new InputException($"Column '{name}' is a secret and is never shown.");
            }

            if (!Known.Contains(name, StringComparer.Ordinal))
            {
                throw new InputException($"Unknown column '{name}'. Known columns: {string.Join(", ", Known)}.");
            }
        }

        return names.Count == 0 ? Default : names;
    }

    /// <summary>The value of a column as JSON (null when the user has none).</summary>
    public static JsonNode? Value(LiteLlmUser user, string column)
    {
        ArgumentNullException.ThrowIfNull(user);
        if (Typed.TryGetValue(column, out var read))
        {
            return read(user);
        }

        return user.AdditionalProperties is { } extra && extra.TryGetValue(column, out var element) && element.ValueKind != JsonValueKind.Null
            ? JsonNode.Parse(element.GetRawText())
            : null;
    }

    /// <summary>
    /// The value as one cell of text: strings as they are, numbers and booleans in invariant form,
    /// a list of strings joined with <c>;</c> (as the add CSV takes them), anything else as compact
    /// JSON, and nothing for null.
    /// </summary>
    public static string Text(JsonNode? value) => value switch
    {
        null => string.Empty,
        JsonValue v when v.GetValueKind() == JsonValueKind.String => v.GetValue<string>(),
        JsonValue v => v.ToJsonString(),
        JsonArray a when a.All(i => i is JsonValue iv && iv.GetValueKind() == JsonValueKind.String) => string.Join(';', a.Select(i => i!.GetValue<string>())),
        _ => value.ToJsonString(),
    };

    private static JsonArray? Strings(IReadOnlyList<string>? values) =>
        values is null ? null : new JsonArray([.. values.Select(v => (JsonNode?)JsonValue.Create(v))]);
}
