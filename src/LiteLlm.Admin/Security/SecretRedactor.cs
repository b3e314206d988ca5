using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace LiteLlm.Admin.Security;

/// <summary>
/// Removes a secret (the master key) from any text before it is shown, logged or written.
/// </summary>
/// <remarks>
/// Older LiteLLM builds echo the whole presented key in 401 messages, so text coming back from the
/// server is scrubbed too. The secret is matched raw, JSON-escaped and URL-encoded, and a match
/// swallows any key characters that follow it ("anything that starts with the key").
/// </remarks>
public sealed partial class SecretRedactor
{
    /// <summary>What a redacted secret looks like in output.</summary>
    public const string Placeholder = "sk-...[redacted]";

    private readonly string[] _forms;
    private readonly string[] _secrets;

    /// <summary>A redactor that hides nothing.</summary>
    public static SecretRedactor None { get; } = new([]);

    /// <summary>Creates a redactor for the given secrets (null or empty ones are ignored).</summary>
    public SecretRedactor(IEnumerable<string?> secrets)
    {
        ArgumentNullException.ThrowIfNull(secrets);
        _secrets = [.. secrets.Where(s => !string.IsNullOrEmpty(s)).Select(s => s!)];
        var forms = new HashSet<string>(StringComparer.Ordinal);
        foreach (var secret in _secrets)
        {
            if (string.IsNullOrEmpty(secret))
            {
                continue;
            }

            forms.Add(secret);
            forms.Add(Uri.EscapeDataString(secret));
            // JSON-escaped forms (a key containing '"', '\' or non-ASCII characters): Python's
            // json.dumps style and System.Text.Json's \uXXXX style.
            forms.Add(secret.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal));
            var json = JsonSerializer.Serialize(secret, JsonEscaping.Options);
            forms.Add(json[1..^1]);
        }

        // Longest first, so a longer encoded form is not half-replaced by a shorter one.
        _forms = [.. forms.OrderByDescending(f => f.Length)];
    }

    /// <summary>Creates a redactor for one secret.</summary>
    public static SecretRedactor For(string? secret) => new([secret]);

    /// <summary>A redactor that hides what this one hides and <paramref name="secret"/> too.</summary>
    public SecretRedactor With(string? secret) => new([.. _secrets, secret]);

    /// <summary>True when this redactor has something to hide.</summary>
    public bool IsActive => _forms.Length > 0;

    /// <summary>Returns <paramref name="text"/> with every occurrence of the secret replaced.</summary>
    public string Redact(string? text)
    {
        if (string.IsNullOrEmpty(text) || _forms.Length == 0)
        {
            return text ?? string.Empty;
        }

        string result = text;
        foreach (var form in _forms)
        {
            result = ReplaceForm(result, form);
        }

        return result;
    }

    /// <summary>
    /// Hides the values of JSON members that hold secrets the server hands out or takes in (a new
    /// user's or key's <c>"key"</c>, a <c>"password"</c>), for logging request and response bodies.
    /// </summary>
    public static string RedactSecretFields(string? json) =>
        string.IsNullOrEmpty(json) ? json ?? string.Empty : SecretFieldPattern().Replace(json, m => m.Groups[1].Value + "\"" + Placeholder + "\"");

    [GeneratedRegex("""("(?:key|password)"\s*:\s*)"(?:[^"\\]|\\.)+"(?=\s*[,}])""", RegexOptions.CultureInvariant)]
    private static partial Regex SecretFieldPattern();

    private static string ReplaceForm(string text, string form)
    {
        var index = text.IndexOf(form, StringComparison.Ordinal);
        if (index < 0)
        {
            return text;
        }

        var builder = new StringBuilder(text.Length);
        var position = 0;
        while (index >= 0)
        {
            builder.Append(text, position, index - position).Append(Placeholder);
            var end = index + form.Length;
            // "Anything that starts with the key": eat the rest of the token.
            while (end < text.Length && IsKeyChar(text[end]))
            {
                end++;
            }

            position = end;
            index = text.IndexOf(form, position, StringComparison.Ordinal);
        }

        builder.Append(text, position, text.Length - position);
        return builder.ToString();
    }

    private static bool IsKeyChar(char c) => char.IsAsciiLetterOrDigit(c) || c is '-' or '_';

    private static class JsonEscaping
    {
        public static readonly JsonSerializerOptions Options = new() { Encoder = JavaScriptEncoder.Default };
    }
}
