using System.Globalization;
using System.Text.Json;

namespace LiteLlm.Sandbox.Http;

/// <summary>
/// A small stand-in for pydantic v2 in lax (Python) mode, as FastAPI runs it on a decoded JSON body:
/// each accessor validates one declared field and records FastAPI-shaped errors (type, loc, msg, input, ctx).
/// Call the accessors in the model's field order so errors come out in pydantic's order.
/// </summary>
internal sealed class BodyReader
{
    private readonly JsonElement _body;
    private readonly object[] _prefix;
    private readonly List<JsonMap> _errors;

    public BodyReader(JsonElement body, object[] prefix, List<JsonMap>? errors = null)
    {
        _body = body;
        _prefix = prefix;
        _errors = errors ?? [];
    }

    public List<JsonMap> Errors => _errors;

    public bool HasErrors => _errors.Count > 0;

    public JsonElement Body => _body;

    /// <summary>FastAPI validates the body model with <c>from_attributes=True</c>: anything but an object fails here.</summary>
    public static BodyReader? ForModel(JsonElement? body, object[] prefix, List<JsonMap> errors)
    {
        if (body is not { ValueKind: JsonValueKind.Object } element)
        {
            errors.Add(body is null
                ? Http.Errors.ValidationItem("missing", prefix, "Field required", null)
                : Http.Errors.ValidationItem("model_attributes_type", prefix, "Input should be a valid dictionary or object to extract fields from", body.Value));
            return null;
        }

        return new BodyReader(element, prefix, errors);
    }

    public bool Has(string name) => _body.TryGetProperty(name, out _);

    /// <summary>Present and not JSON null.</summary>
    public bool IsSet(string name) => _body.TryGetProperty(name, out var value) && value.ValueKind != JsonValueKind.Null;

    public JsonElement? Raw(string name) => _body.TryGetProperty(name, out var value) ? value : null;

    public IEnumerable<string> PropertyNames => _body.EnumerateObject().Select(p => p.Name);

    private object[] Loc(params object[] tail) => [.. _prefix, .. tail];

    public void AddError(string type, string msg, object? input, JsonMap? ctx, params object[] locTail) =>
        _errors.Add(Http.Errors.ValidationItem(type, Loc(locTail), msg, input, ctx));

    /// <summary>A <c>ValueError</c> raised in a validator: FastAPI shows <c>ctx.error</c> as an empty object.</summary>
    public void AddValueError(string message, object? input, params object[] locTail) =>
        AddError("value_error", "Value error, " + message, input, new JsonMap { { "error", new JsonMap() } }, locTail);

    public string? Str(string name, bool required = false)
    {
        if (!TryField(name, required, out var value))
        {
            return null;
        }

        if (value.ValueKind == JsonValueKind.String)
        {
            return value.GetString();
        }

        AddError("string_type", "Input should be a valid string", value, null, name);
        return null;
    }

    public double? Float(string name)
    {
        if (!TryField(name, false, out var value))
        {
            return null;
        }

        switch (value.ValueKind)
        {
            case JsonValueKind.Number:
                return value.GetDouble();
            case JsonValueKind.True:
                return 1.0;
            case JsonValueKind.False:
                return 0.0;
            case JsonValueKind.String when ParseFloat(value.GetString()!) is { } parsed:
                return parsed;
            case JsonValueKind.String:
                AddError("float_parsing", "Input should be a valid number, unable to parse string as a number", value, null, name);
                return null;
            default:
                AddError("float_type", "Input should be a valid number", value, null, name);
                return null;
        }
    }

    public long? Int(string name)
    {
        if (!TryField(name, false, out var value))
        {
            return null;
        }

        return IntValue(value, name);
    }

    private long? IntValue(JsonElement value, object locName)
    {
        switch (value.ValueKind)
        {
            case JsonValueKind.Number when value.TryGetInt64(out var whole):
                return whole;
            case JsonValueKind.Number:
                var d = value.GetDouble();
                if (Math.Floor(d) == d && Math.Abs(d) < 9.2e18)
                {
                    return (long)d;
                }

                AddError("int_from_float", "Input should be a valid integer, got a number with a fractional part", value, null, locName);
                return null;
            case JsonValueKind.True:
                return 1;
            case JsonValueKind.False:
                return 0;
            case JsonValueKind.String when long.TryParse(value.GetString()!.Trim(), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var parsed):
                return parsed;
            case JsonValueKind.String:
                AddError("int_parsing", "Input should be a valid integer, unable to parse string as an integer", value, null, locName);
                return null;
            default:
                AddError("int_type", "Input should be a valid integer", value, null, locName);
                return null;
        }
    }

    public bool? Bool(string name)
    {
        if (!TryField(name, false, out var value))
        {
            return null;
        }

        switch (value.ValueKind)
        {
            case JsonValueKind.True:
                return true;
            case JsonValueKind.False:
                return false;
            case JsonValueKind.Number when value.TryGetInt64(out var n) && n is 0 or 1:
                return n == 1;
            case JsonValueKind.String:
                switch (value.GetString()!.Trim().ToLowerInvariant())
                {
                    case "true" or "1" or "yes" or "y" or "on" or "t":
                        return true;
                    case "false" or "0" or "no" or "n" or "off" or "f":
                        return false;
                }

                break;
            case JsonValueKind.Number:
                break;
            default:
                AddError("bool_type", "Input should be a valid boolean", value, null, name);
                return null;
        }

        AddError("bool_parsing", "Input should be a valid boolean, unable to interpret input", value, null, name);
        return null;
    }

    /// <summary><c>List[str]</c> (required: no default, <c>None</c> rejected) or <c>Optional[List[str]]</c>.</summary>
    public List<string>? StrList(string name, bool required = false)
    {
        if (!TryField(name, required, out var value, nullIsError: required))
        {
            return null;
        }

        if (value.ValueKind != JsonValueKind.Array)
        {
            AddError("list_type", "Input should be a valid list", value.ValueKind == JsonValueKind.Null ? null : value, null, name);
            return null;
        }

        var result = new List<string>(value.GetArrayLength());
        var index = 0;
        var ok = true;
        foreach (var item in value.EnumerateArray())
        {
            if (item.ValueKind == JsonValueKind.String)
            {
                result.Add(item.GetString()!);
            }
            else
            {
                AddError("string_type", "Input should be a valid string", item, null, name, index);
                ok = false;
            }

            index++;
        }

        return ok ? result : null;
    }

    /// <summary><c>Optional[list]</c> of anything.</summary>
    public JsonElement? AnyList(string name)
    {
        if (!TryField(name, false, out var value))
        {
            return null;
        }

        if (value.ValueKind == JsonValueKind.Array)
        {
            return value;
        }

        AddError("list_type", "Input should be a valid list", value, null, name);
        return null;
    }

    /// <summary><c>Optional[dict]</c>.</summary>
    public JsonElement? Dict(string name)
    {
        if (!TryField(name, false, out var value))
        {
            return null;
        }

        if (value.ValueKind == JsonValueKind.Object)
        {
            return value;
        }

        AddError("dict_type", "Input should be a valid dictionary", value, null, name);
        return null;
    }

    /// <summary>A <c>Literal[...]</c> field; <paramref name="expected"/> is pydantic's rendering of the allowed values.</summary>
    public string? Literal(string name, IReadOnlyCollection<string> allowed, string expected)
    {
        if (!TryField(name, false, out var value))
        {
            return null;
        }

        if (value.ValueKind == JsonValueKind.String && allowed.Contains(value.GetString()!))
        {
            return value.GetString();
        }

        AddError("literal_error", "Input should be " + expected, value, new JsonMap { { "expected", expected } }, name);
        return null;
    }

    private bool TryField(string name, bool required, out JsonElement value, bool nullIsError = false)
    {
        if (!_body.TryGetProperty(name, out value))
        {
            if (required)
            {
                AddError("missing", "Field required", _body, null, name);
            }

            return false;
        }

        return value.ValueKind != JsonValueKind.Null || nullIsError;
    }

    private static double? ParseFloat(string text)
    {
        var t = text.Trim();
        switch (t.ToLowerInvariant())
        {
            case "inf" or "+inf" or "infinity" or "+infinity":
                return double.PositiveInfinity;
            case "-inf" or "-infinity":
                return double.NegativeInfinity;
            case "nan" or "+nan" or "-nan":
                return double.NaN;
        }

        return double.TryParse(t, NumberStyles.Float, CultureInfo.InvariantCulture, out var d) ? d : null;
    }
}
