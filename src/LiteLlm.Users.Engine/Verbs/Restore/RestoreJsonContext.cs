using System.Text.Json.Serialization;

namespace LiteLlm.Users.Engine.Verbs.Restore;

/// <summary>Source-generated JSON of restore's journal rows.</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull, UseStringEnumConverter = true)]
[JsonSerializable(typeof(RestoreRow))]
internal sealed partial class RestoreJsonContext : JsonSerializerContext;
