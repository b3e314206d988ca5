using System.Text;

namespace LiteLlm.Admin.Internal;

/// <summary>
/// Credentials written into the base URL (<c>http://user:pass@host</c>), meant for a proxy in front
/// of LiteLLM. They are sent as HTTP Basic auth; the LiteLLM key then travels in
/// <c>x-litellm-api-key: Bearer &lt;key&gt;</c>, which LiteLLM reads before <c>Authorization</c>
/// (<c>get_api_key</c> in <c>litellm/proxy/auth/user_api_key_auth.py</c>, contract §2.1). They are
/// stripped from the endpoint every caller sees, and every form of them is scrubbed from output.
/// </summary>
internal sealed class EndpointCredentials
{
    private EndpointCredentials(string rawUserInfo, string user, string password)
    {
        BasicValue = Convert.ToBase64String(Encoding.UTF8.GetBytes(user + ":" + password));
        var rawPassword = rawUserInfo.Contains(':', StringComparison.Ordinal) ? rawUserInfo[(rawUserInfo.IndexOf(':', StringComparison.Ordinal) + 1)..] : string.Empty;
        // The user name alone is no secret (and redacting a word like "admin" everywhere would
        // garble output); "user:pass" and the password are, in every form they travel in.
        Secrets = [rawUserInfo, user + ":" + password, rawPassword, password, BasicValue];
    }

    /// <summary>The value after <c>Basic </c> in the Authorization header.</summary>
    public string BasicValue { get; }

    /// <summary>Every form of the credentials, for the redactor (empty ones are ignored there).</summary>
    public IReadOnlyList<string> Secrets { get; }

    /// <summary>Splits the credentials off an endpoint: the endpoint without them, and them (null when there are none).</summary>
    public static (Uri Endpoint, EndpointCredentials? Credentials) Split(Uri endpoint)
    {
        ArgumentNullException.ThrowIfNull(endpoint);
        var userInfo = endpoint.UserInfo;
        if (string.IsNullOrEmpty(userInfo))
        {
            return (endpoint, null);
        }

        var colon = userInfo.IndexOf(':', StringComparison.Ordinal);
        var user = Uri.UnescapeDataString(colon < 0 ? userInfo : userInfo[..colon]);
        var password = colon < 0 ? string.Empty : Uri.UnescapeDataString(userInfo[(colon + 1)..]);
        var clean = new UriBuilder(endpoint) { UserName = string.Empty, Password = string.Empty }.Uri;
        return (clean, new EndpointCredentials(userInfo, user, password));
    }
}
