using System.Net.Http.Headers;
using System.Text;

namespace LiteLlm.Admin.Internal;

/// <summary>The headers every request carries: the key, the User-Agent and the audit header.</summary>
internal static class RequestHeaders
{
    /// <summary>The header LiteLLM reads the key from first (contract §2.1).</summary>
    public const string LiteLlmKeyHeader = "x-litellm-api-key";

    /// <summary>The audit header (contract §1.2).</summary>
    public const string ChangedByHeader = "litellm-changed-by";

    public static void Apply(HttpRequestMessage request, string masterKey, EndpointCredentials? credentials, string userAgent, string? changedBy)
    {
        if (credentials is null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", masterKey);
        }
        else
        {
            // The URL's credentials are for the proxy in front; LiteLLM reads x-litellm-api-key before Authorization.
            request.Headers.Authorization = new AuthenticationHeaderValue("Basic", credentials.BasicValue);
            request.Headers.TryAddWithoutValidation(LiteLlmKeyHeader, "Bearer " + masterKey);
        }

        request.Headers.UserAgent.ParseAdd(userAgent);
        if (!string.IsNullOrEmpty(changedBy))
        {
            request.Headers.TryAddWithoutValidation(ChangedByHeader, EncodeHeaderValue(changedBy));
        }
    }

    /// <summary>
    /// Makes a header value ASCII: printable ASCII stays as it is, and every other character (non-ASCII,
    /// control characters) and <c>%</c> itself become the percent-encoded bytes of its UTF-8 form, as
    /// in a URL. <c>Jörg Müller</c> is sent as <c>J%C3%B6rg M%C3%BCller</c>; decode with any URL decoder.
    /// </summary>
    public static string EncodeHeaderValue(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        var builder = new StringBuilder(value.Length);
        Span<byte> bytes = stackalloc byte[4];
        foreach (var rune in value.EnumerateRunes())
        {
            if (rune.Value is >= 0x20 and <= 0x7E && rune.Value != '%')
            {
                builder.Append((char)rune.Value);
                continue;
            }

            var length = rune.EncodeToUtf8(bytes);
            foreach (var b in bytes[..length])
            {
                builder.Append('%').Append(b.ToString("X2", System.Globalization.CultureInfo.InvariantCulture));
            }
        }

        return builder.ToString();
    }
}
