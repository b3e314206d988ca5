using System.Text.Json.Serialization;

namespace LiteLlm.Users.Engine.Verbs.Add;

/// <summary>Source-generated JSON of add's journal rows.</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(AddRow))]
internal sealed partial class AddJsonContext : JsonSerializerContext;
