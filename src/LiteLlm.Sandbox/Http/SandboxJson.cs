using System.Buffers;
using System.Collections;
using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace LiteLlm.Sandbox;

/// <summary>
/// An insertion-ordered JSON object. Responses are built from these so field order follows the pydantic
/// models LiteLLM serializes, and floats are written the way Python writes them (<c>0.0</c>, not <c>0</c>).
/// </summary>
internal sealed class JsonMap : IEnumerable<KeyValuePair<string, object?>>
{
    private readonly List<KeyValuePair<string, object?>> _items = [];

    public void Add(string name, object? value) => _items.Add(new(name, value));

    public object? this[string name]
    {
        set
        {
            var index = _items.FindIndex(p => p.Key == name);
            if (index >= 0)
            {
                _items[index] = new(name, value);
            }
            else
            {
                _items.Add(new(name, value));
            }
        }
    }

    /// <summary>A copy without <paramref name="name"/>.</summary>
    public JsonMap Without(string name)
    {
        var copy = new JsonMap();
        copy._items.AddRange(_items.Where(p => p.Key != name));
        return copy;
    }

    public bool TryGetValue(string name, out object? value)
    {
        var index = _items.FindIndex(p => p.Key == name);
        value = index >= 0 ? _items[index].Value : null;
        return index >= 0;
    }

    public IEnumerator<KeyValuePair<string, object?>> GetEnumerator() => _items.GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}

/// <summary>Marks a string that must be written as a raw JSON number (e.g. a bare integer body).</summary>
internal readonly record struct JsonRawNumber(string Text);

internal static class SandboxJson
{
    public static readonly JsonElement EmptyObject = Parse("{}");
    public static readonly JsonElement EmptyArray = Parse("[]");

    /// <summary>FastAPI writes with <c>ensure_ascii=False</c>; the relaxed encoder keeps quotes, backticks and non-ASCII text readable.</summary>
    public static readonly JavaScriptEncoder Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping;

    internal static readonly JsonWriterOptions WriterOptions = new() { Encoder = Encoder, SkipValidation = true };

    public static JsonElement Parse(string json)
    {
        using var document = JsonDocument.Parse(json);
        return document.RootElement.Clone();
    }

    /// <summary>A value the sandbox can write (<see cref="Write"/>: strings, numbers, booleans, dates, JSON elements,
    /// dictionaries, sequences) as a <see cref="JsonElement"/>, without reflection (the sandbox is AOT-compiled).</summary>
    public static JsonElement FromObject(object? value) =>
        value is JsonElement element ? element : Parse(SerializeToString(value));

    /// <summary>A JSON string element holding <paramref name="text"/>.</summary>
    public static JsonElement StringElement(string text) => Parse(SerializeToString(text));

    public static byte[] Serialize(object? value)
    {
        var buffer = new ArrayBufferWriter<byte>(256);
        using (var writer = new Utf8JsonWriter(buffer, WriterOptions))
        {
            Write(writer, value);
        }

        return buffer.WrittenSpan.ToArray();
    }

    public static string SerializeToString(object? value) => System.Text.Encoding.UTF8.GetString(Serialize(value));

    /// <summary>Python's <c>repr(float)</c> as JSON: shortest round-trip digits, always with a fraction or exponent.</summary>
    public static string PythonFloat(double value)
    {
        if (double.IsNaN(value) || double.IsInfinity(value))
        {
            return "null";
        }

        var text = value.ToString("R", CultureInfo.InvariantCulture);
        if (text.Contains('E', StringComparison.Ordinal))
        {
            // Python: 1e+20 / 1e-05; .NET: 1E+20 / 1E-05.
            text = text.Replace("E", "e", StringComparison.Ordinal);
            return text;
        }

        return text.Contains('.', StringComparison.Ordinal) ? text : text + ".0";
    }

    /// <summary>pydantic v2's datetime form: ISO 8601 in UTC with a <c>Z</c>, microseconds only when non-zero.</summary>
    public static string Timestamp(DateTimeOffset value)
    {
        var utc = value.UtcDateTime;
        var micro = (utc.Ticks % TimeSpan.TicksPerSecond) / 10;
        return micro == 0
            ? utc.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture)
            : utc.ToString("yyyy-MM-dd'T'HH:mm:ss", CultureInfo.InvariantCulture) + "." + micro.ToString("D6", CultureInfo.InvariantCulture) + "Z";
    }

    public static void Write(Utf8JsonWriter writer, object? value)
    {
        switch (value)
        {
            case null:
                writer.WriteNullValue();
                break;
            case string s:
                writer.WriteStringValue(s);
                break;
            case bool b:
                writer.WriteBooleanValue(b);
                break;
            case int i:
                writer.WriteNumberValue(i);
                break;
            case long l:
                writer.WriteNumberValue(l);
                break;
            case double d:
                writer.WriteRawValue(PythonFloat(d), skipInputValidation: true);
                break;
            case JsonRawNumber raw:
                writer.WriteRawValue(raw.Text, skipInputValidation: true);
                break;
            case DateTimeOffset dto:
                writer.WriteStringValue(Timestamp(dto));
                break;
            case JsonElement element:
                WriteElement(writer, element);
                break;
            case JsonMap map:
                writer.WriteStartObject();
                foreach (var (name, item) in map)
                {
                    writer.WritePropertyName(name);
                    Write(writer, item);
                }

                writer.WriteEndObject();
                break;
            case IEnumerable<KeyValuePair<string, object?>> pairs:
                writer.WriteStartObject();
                foreach (var (name, item) in pairs)
                {
                    writer.WritePropertyName(name);
                    Write(writer, item);
                }

                writer.WriteEndObject();
                break;
            case IEnumerable sequence:
                writer.WriteStartArray();
                foreach (var item in sequence)
                {
                    Write(writer, item);
                }

                writer.WriteEndArray();
                break;
            default:
                throw new InvalidOperationException($"Cannot write {value.GetType()} as JSON.");
        }
    }

    internal static void WriteElement(Utf8JsonWriter writer, JsonElement element)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Object:
                writer.WriteStartObject();
                foreach (var property in element.EnumerateObject())
                {
                    writer.WritePropertyName(property.Name);
                    WriteElement(writer, property.Value);
                }

                writer.WriteEndObject();
                break;
            case JsonValueKind.Array:
                writer.WriteStartArray();
                foreach (var item in element.EnumerateArray())
                {
                    WriteElement(writer, item);
                }

                writer.WriteEndArray();
                break;
            case JsonValueKind.String:
                writer.WriteStringValue(element.GetString());
                break;
            case JsonValueKind.Undefined:
                writer.WriteNullValue();
                break;
            default:
                writer.WriteRawValue(element.GetRawText(), skipInputValidation: true);
                break;
        }
    }
}
