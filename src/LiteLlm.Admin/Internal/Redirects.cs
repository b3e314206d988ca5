namespace LiteLlm.Admin.Internal;

/// <summary>
/// What the client does with a 3xx answer. It follows a redirect only on the same origin (scheme,
/// host and port of the request): at most <see cref="MaxHops"/> of them, a GET always, another method
/// only on 307/308 (which keep method and body). A redirect to another origin is never followed, so
/// the key never goes where the operator did not point it; the failure names the target and
/// suggests it as the base URL.
/// </summary>
internal static class Redirects
{
    public const int MaxHops = 3;

    public static bool IsRedirect(int status) => status is 301 or 302 or 303 or 307 or 308;

    public static bool SameOrigin(Uri a, Uri b) =>
        string.Equals(a.Scheme, b.Scheme, StringComparison.OrdinalIgnoreCase)
        && string.Equals(a.IdnHost, b.IdnHost, StringComparison.OrdinalIgnoreCase)
        && a.Port == b.Port;

    /// <summary>Whether to follow a redirect from <paramref name="from"/> to <paramref name="to"/>.</summary>
    public static bool ShouldFollow(HttpMethod method, int status, Uri from, Uri to, int hops) =>
        hops < MaxHops && SameOrigin(from, to) && (method == HttpMethod.Get || status is 307 or 308);

    /// <summary>
    /// The base URL to suggest for a redirect target: the target without the path and query this
    /// client appended (so a proxy mounted under a path keeps it), else the target's origin.
    /// </summary>
    public static string SuggestBase(Uri target, string pathAndQuery)
    {
        var clean = new UriBuilder(target) { UserName = string.Empty, Password = string.Empty }.Uri;
        var text = clean.GetLeftPart(UriPartial.Query);
        return text.EndsWith(pathAndQuery, StringComparison.Ordinal)
            ? text[..^pathAndQuery.Length].TrimEnd('/')
            : clean.GetLeftPart(UriPartial.Authority);
    }

    /// <summary>A target fit for a message: no credentials, no query.</summary>
    public static string Shown(Uri target) =>
        new UriBuilder(target) { UserName = string.Empty, Password = string.Empty, Query = string.Empty }.Uri.AbsoluteUri;
}
