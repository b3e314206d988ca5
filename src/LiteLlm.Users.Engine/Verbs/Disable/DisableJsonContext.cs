using System.Text.Json;
using System.Text.Json.Serialization;

namespace LiteLlm.Users.Engine.Verbs.Disable;

/// <summary>Source-generated JSON of disable's plan file and journal rows (snake_case; nulls omitted).</summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower,
    WriteIndented = true,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    Converters = [typeof(ActionConverter)])]
[JsonSerializable(typeof(DisablePlanDocument))]
[JsonSerializable(typeof(DisableRow))]
internal sealed partial class DisableJsonContext : JsonSerializerContext
{
    /// <summary>Writes a <see cref="DisableAction"/> in snake_case (<c>not_found</c>), as the plan file says it.</summary>
    internal sealed class ActionConverter() : JsonStringEnumConverter<DisableAction>(JsonNamingPolicy.SnakeCaseLower);
}
