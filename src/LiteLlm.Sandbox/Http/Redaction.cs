using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;

namespace LiteLlm.Sandbox.Http;

/// <summary>What the journal keeps of a request: never a key, a password or a custom key secret.</summary>
internal static class Redaction
{
    private static readonly HashSet<string> SecretProperties = new(StringComparer.Ordinal) { "password", "key", "new_key", "new_master_key", "master_key" };

    public static Dictionary<string, string> Headers(IHeaderDictionary headers)
    {
        var result = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var (name, values) in headers)
        {
            var value = values.ToString();
            result[name] = Auth.KeyHeaders.Contains(name, StringComparer.OrdinalIgnoreCase) || name.Equals("Cookie", StringComparison.OrdinalIgnoreCase)
                ? Credential(value)
                : value;
        }

        return result;
    }

    /// <summary>Keeps the scheme and whether it looked like a virtual key; never the secret.</summary>
    public static string Credential(string value)
    {
        if (value.Length == 0)
        {
            return value;
        }

        foreach (var scheme in (string[])["Bearer ", "bearer ", "Basic "])
        {
            if (value.StartsWith(scheme, StringComparison.Ordinal))
            {
                return scheme + Credential(value[scheme.Length..]);
            }
        }

        return value.StartsWith("sk-", StringComparison.Ordinal) ? "sk-…(redacted)" : "…(redacted)";
    }

    /// <summary>Bodies are journaled as sent, except values of secret-bearing properties (passwords, custom key secrets).</summary>
    public static string? Body(string? body)
    {
        if (string.IsNullOrEmpty(body) || !SecretProperties.Any(p => body.Contains('"' + p + '"', StringComparison.Ordinal)))
        {
            return string.IsNullOrEmpty(body) ? null : body;
        }

        try
        {
            var node = JsonNode.Parse(body);
            Redact(node);
            return node?.ToJsonString(new JsonSerializerOptions { Encoder = SandboxJson.Encoder });
        }
        catch (JsonException)
        {
            return "(unparseable body with secrets redacted)";
        }

        static void Redact(JsonNode? node)
        {
            switch (node)
            {
                case JsonObject obj:
                    foreach (var name in obj.Select(p => p.Key).ToList())
                    {
                        if (SecretProperties.Contains(name) && obj[name] is JsonValue)
                        {
                            obj[name] = "(redacted)";
                        }
                        else
                        {
                            Redact(obj[name]);
                        }
                    }

                    break;
                case JsonArray array:
                    foreach (var item in array)
                    {
                        Redact(item);
                    }

                    break;
            }
        }
    }
}
