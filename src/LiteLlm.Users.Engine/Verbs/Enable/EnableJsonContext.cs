using System.Text.Json.Serialization;

namespace LiteLlm.Users.Engine.Verbs.Enable;

/// <summary>Source-generated JSON of enable's journal rows (snake_case; nulls omitted).</summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(EnableRow))]
internal sealed partial class EnableJsonContext : JsonSerializerContext;
