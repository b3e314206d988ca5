using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;

namespace LiteLlm.Admin.Security;

/// <summary>The forms a secret can take in text that crossed JSON, Python and URLs.</summary>
internal static class SecretForms
{
    public static IEnumerable<string> Of(string secret)
    {
        var forms = new HashSet<string>(StringComparer.Ordinal);
        // Python's repr of a str: single quotes (escaping \ and '), or double quotes when it holds ' but no ".
        string[] texts = [secret, PythonRepr(secret, '\''), PythonRepr(secret, '"')];
        foreach (var text in texts)
        {
            forms.Add(text);
            foreach (var json in JsonForms(text))
            {
                forms.Add(json);
                forms.Add(json.Replace("/", "\\/", StringComparison.Ordinal));
            }
        }

        foreach (var percent in PercentForms(secret))
        {
            forms.Add(percent);
        }

        return forms;
    }

    /// <summary>The inside of a Python str repr with the given quote.</summary>
    private static string PythonRepr(string value, char quote)
    {
        var builder = new StringBuilder(value.Length + 8);
        foreach (var c in value)
        {
            _ = c switch
            {
                '\\' => builder.Append("\\\\"),
                '\n' => builder.Append("\\n"),
                '\r' => builder.Append("\\r"),
                '\t' => builder.Append("\\t"),
                _ when c == quote => builder.Append('\\').Append(c),
                _ when c < ' ' || c == '\x7f' => builder.Append(CultureInfo.InvariantCulture, $"\\x{(int)c:x2}"),
                _ => builder.Append(c),
            };
        }

        return builder.ToString();
    }

    /// <summary>The inside of a JSON string: minimal escaping, System.Text.Json's default, Python's ensure_ascii.</summary>
    private static IEnumerable<string> JsonForms(string value)
    {
        yield return value.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal);
        yield return JavaScriptEncoder.Default.Encode(value); // what System.Text.Json writes by default
        var ascii = new StringBuilder(value.Length + 8);
        foreach (var c in value)
        {
            _ = c switch
            {
                '\\' => ascii.Append("\\\\"),
                '"' => ascii.Append("\\\""),
                '\n' => ascii.Append("\\n"),
                '\r' => ascii.Append("\\r"),
                '\t' => ascii.Append("\\t"),
                _ when c < ' ' || c > '~' => ascii.Append(CultureInfo.InvariantCulture, $"\\u{(int)c:x4}"),
                _ => ascii.Append(c),
            };
        }

        yield return ascii.ToString();
    }

    /// <summary>Percent-encodings: RFC 3986 (upper and lower hex), form encoding (space as +), '/' left as is (Python's quote).</summary>
    private static IEnumerable<string> PercentForms(string value)
    {
        var upper = Uri.EscapeDataString(value);
        var lower = LowerHex(upper);
        foreach (var form in new[] { upper, lower })
        {
            yield return form;
            yield return form.Replace("%20", "+", StringComparison.Ordinal);
            yield return form.Replace("%2F", "/", StringComparison.Ordinal).Replace("%2f", "/", StringComparison.Ordinal);
        }
    }

    private static string LowerHex(string escaped)
    {
        var chars = escaped.ToCharArray();
        for (var i = 0; i + 2 < chars.Length; i++)
        {
            if (chars[i] == '%')
            {
                chars[i + 1] = char.ToLowerInvariant(chars[i + 1]);
                chars[i + 2] = char.ToLowerInvariant(chars[i + 2]);
            }
        }

        return new string(chars);
    }
}
