using System.Text.Json;
using System.Text.Json.Serialization;

namespace LiteLlm.Users.Engine.Verbs.Sync;

/// <summary>Source-generated JSON of sync's plan file, journal rows and journaled removal candidates (snake_case; nulls omitted).</summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower,
    WriteIndented = true,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    Converters = [typeof(ActionConverter), typeof(StatusConverter)])]
[JsonSerializable(typeof(SyncRow))]
[JsonSerializable(typeof(SyncCandidate))]
[JsonSerializable(typeof(SyncPlanDocument))]
internal sealed partial class SyncJsonContext : JsonSerializerContext
{
    /// <summary>Writes a <see cref="SyncAction"/> in snake_case, as the plan file says it.</summary>
    internal sealed class ActionConverter() : JsonStringEnumConverter<SyncAction>(JsonNamingPolicy.SnakeCaseLower);

    /// <summary>Writes a <see cref="SyncStatus"/> in snake_case, as the plan file says it.</summary>
    internal sealed class StatusConverter() : JsonStringEnumConverter<SyncStatus>(JsonNamingPolicy.SnakeCaseLower);
}
