using System.Text.Json;
using System.Text.Json.Serialization;

namespace LiteLlm.Users.Engine.Verbs.Delete;

/// <summary>Source-generated JSON of delete's plan file and journal rows (snake_case; nulls omitted).</summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower,
    WriteIndented = true,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    Converters = [typeof(ActionConverter)])]
[JsonSerializable(typeof(DeletePlanDocument))]
[JsonSerializable(typeof(DeleteRow))]
[JsonSerializable(typeof(DisabledCandidate))]
internal sealed partial class DeleteJsonContext : JsonSerializerContext
{
    /// <summary>Writes a <see cref="DeleteAction"/> in snake_case (<c>not_found</c>), as the plan file says it.</summary>
    internal sealed class ActionConverter() : JsonStringEnumConverter<DeleteAction>(JsonNamingPolicy.SnakeCaseLower);
}
