using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using LiteLlm.Admin.Users;

namespace LiteLlm.Users.Engine.Execution;

/// <summary>
/// What <c>disable</c> records on a user, in <c>metadata["litellm_users_disabled"]</c>: when and by
/// whom, the hashed tokens of the keys it blocked (only those: a key blocked before stays blocked
/// after <c>enable</c>) and the role before. It is written before any key is blocked and removed
/// after every recorded key is unblocked, so the record on the server is what an interrupted run,
/// <c>enable</c>, <c>list --disabled</c> and <c>delete --disabled-before</c> go by.
/// </summary>
/// <remarks>
/// LiteLLM's <c>/user/update</c> (<c>_update_single_user_helper</c> and <c>prepare_metadata_fields</c>
/// in <c>litellm/proxy/management_endpoints/internal_user_endpoints.py</c> and
/// <c>key_management_endpoints.py</c>) <b>replaces</b> the user's metadata with the object sent, and
/// drops an empty value (<c>{}</c>, <c>null</c>) before that (<c>_update_internal_user_params</c>), so
/// the metadata can never be emptied again. Hence the record is written as the user's whole metadata
/// plus the record (<see cref="WriteInto"/>), and removed as the whole metadata minus the record — or,
/// when nothing else is left, as <c>{"litellm_users_disabled": null}</c>, which reads as "not
/// disabled" (<see cref="RemoveFrom"/>).
/// </remarks>
/// <param name="At">When the user was disabled (UTC).</param>
/// <param name="By">Who disabled them (the operator).</param>
/// <param name="BlockedKeys">Hashed tokens of the keys disable blocked.</param>
/// <param name="Role">The role before (null when the user had none).</param>
internal sealed record DisableRecord(DateTimeOffset? At, string? By, IReadOnlyList<string> BlockedKeys, string? Role)
{
    /// <summary>The metadata key of the record.</summary>
    public const string MetadataKey = "litellm_users_disabled";

    /// <summary>Reads the record of a user's metadata.</summary>
    /// <param name="metadata">The user's metadata.</param>
    /// <param name="record">The record, or null when there is none (no key, or null).</param>
    /// <returns>False when the key holds something this tool did not write (then nothing should touch it).</returns>
    public static bool TryRead(JsonElement? metadata, out DisableRecord? record)
    {
        record = null;
        if (metadata is not { ValueKind: JsonValueKind.Object } m || !m.TryGetProperty(MetadataKey, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return true;
        }

        if (value.ValueKind != JsonValueKind.Object
            || !value.TryGetProperty("blocked_keys", out var keys) || keys.ValueKind != JsonValueKind.Array
            || keys.EnumerateArray().Any(k => k.ValueKind != JsonValueKind.String))
        {
            return false;
        }

        DateTimeOffset? at = Text(value, "at") is { } text && DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var parsed) ? parsed : null;
        record = new DisableRecord(at, Text(value, "by"), [.. keys.EnumerateArray().Select(k => k.GetString()!)], Text(value, "role"));
        return true;
    }

    /// <summary>The record of a user, or null when there is none or it is not one this tool wrote.</summary>
    public static DisableRecord? Of(LiteLlmUser user)
    {
        ArgumentNullException.ThrowIfNull(user);
        return TryRead(user.Metadata, out var record) ? record : null;
    }

    /// <summary>The metadata to send: <paramref name="metadata"/> unchanged, with this record set.</summary>
    public JsonElement WriteInto(JsonElement? metadata)
    {
        var copy = Copy(metadata);
        copy[MetadataKey] = new JsonObject
        {
            ["at"] = At?.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture),
            ["by"] = By,
            ["blocked_keys"] = new JsonArray([.. BlockedKeys.Select(k => (JsonNode?)JsonValue.Create(k))]),
            ["role"] = Role,
        };
        return Element(copy);
    }

    /// <summary>
    /// The metadata to send to remove the record: <paramref name="metadata"/> without it, or
    /// <c>{"litellm_users_disabled": null}</c> when nothing else is left (LiteLLM ignores <c>{}</c>).
    /// </summary>
    public static JsonElement RemoveFrom(JsonElement? metadata)
    {
        var copy = Copy(metadata);
        copy.Remove(MetadataKey);
        if (copy.Count == 0)
        {
            copy[MetadataKey] = null;
        }

        return Element(copy);
    }

    /// <summary>How long ago the user was disabled, in words ("12d", "5h"), for reasons.</summary>
    public string Age(DateTimeOffset now)
    {
        if (At is not { } at)
        {
            return "at an unknown time";
        }

        var age = now - at;
        return age.TotalDays >= 1
            ? string.Create(CultureInfo.InvariantCulture, $"{age.TotalDays:0}d ago")
            : string.Create(CultureInfo.InvariantCulture, $"{Math.Max(0, age.TotalHours):0}h ago");
    }

    private static JsonObject Copy(JsonElement? metadata) =>
        metadata is { ValueKind: JsonValueKind.Object } m ? JsonNode.Parse(m.GetRawText())!.AsObject() : [];

    private static JsonElement Element(JsonObject node)
    {
        using var document = JsonDocument.Parse(node.ToJsonString());
        return document.RootElement.Clone();
    }

    private static string? Text(JsonElement value, string name) =>
        value.TryGetProperty(name, out var p) && p.ValueKind == JsonValueKind.String ? p.GetString() : null;
}
