using System.Text;
using System.Text.RegularExpressions;

namespace LiteLlm.Admin.Security;

/// <summary>
/// Removes secrets (the master key, credentials) from any text before it is shown, logged or written.
/// </summary>
/// <remarks>
/// Older LiteLLM builds echo the whole presented key in 401 messages, so text coming back from the
/// server is scrubbed too. Each secret is matched in every form it can travel in: raw; JSON-escaped
/// (minimal, System.Text.Json's <c>\u002B</c> style, Python's <c>ensure_ascii</c> <c>\u00e9</c> style,
/// with or without <c>\/</c>); Python-repr-escaped (LiteLLM puts <c>str(dict)</c> in messages) and that
/// repr JSON-escaped again; and percent-encoded (upper- or lower-case hex, space as <c>%20</c> or
/// <c>+</c>, <c>/</c> kept or encoded). A match also swallows any key characters that follow it
/// ("anything that starts with the key").
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
    /// <param name="secrets">The secrets.</param>
    public SecretRedactor(IEnumerable<string?> secrets)
    {
        ArgumentNullException.ThrowIfNull(secrets);
        _secrets = [.. secrets.Where(s => !string.IsNullOrEmpty(s)).Select(s => s!).Distinct(StringComparer.Ordinal)];
        var forms = new HashSet<string>(StringComparer.Ordinal);
        foreach (var secret in _secrets)
        {
            forms.UnionWith(SecretForms.Of(secret));
        }

        forms.RemoveWhere(string.IsNullOrEmpty);
        // Longest first, so a longer encoded form is not half-replaced by a shorter one.
        _forms = [.. forms.OrderByDescending(f => f.Length)];
    }

    /// <summary>
    /// The secrets in a URL's user info (<c>https://user:pass@host</c>), to register with a redactor
    /// before the URL is used anywhere: the user info as written and decoded, the password as written
    /// and decoded, and the Basic auth value (base64 of <c>user:pass</c>). The user name alone is not
    /// treated as a secret. Empty when the URL has none or is not an absolute URL.
    /// </summary>
    /// <param name="url">The URL, as given.</param>
    public static IReadOnlyList<string> CredentialsOf(string? url) =>
        Uri.TryCreate(url?.Trim(), UriKind.Absolute, out var uri) ? Internal.EndpointCredentials.Split(uri).Credentials?.Secrets ?? [] : [];

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
}
