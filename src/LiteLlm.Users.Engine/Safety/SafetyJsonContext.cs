using System.Text.Json.Serialization;

namespace LiteLlm.Users.Engine.Safety;

/// <summary>Source-generated JSON for backups and audit lines (snake_case, nulls omitted).</summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    NumberHandling = JsonNumberHandling.AllowReadingFromString)]
[JsonSerializable(typeof(BackupRecord))]
[JsonSerializable(typeof(AuditEntry))]
internal sealed partial class SafetyJsonContext : JsonSerializerContext;
