namespace LiteLlm.Users.Engine.Matching;

/// <summary>
/// How emails are compared everywhere in the tool: exactly, after trimming surrounding spaces,
/// ignoring case. (LiteLLM's own <c>user_email</c> filter is only a substring pre-filter.)
/// </summary>
internal static class EmailKey
{
    /// <summary>The comparison key of an email; empty for null.</summary>
    public static string Normalize(string? email) => (email ?? string.Empty).Trim().ToLowerInvariant();

    /// <summary>Whether two emails are the same address under the tool's rule.</summary>
    public static bool SameAddress(string? a, string? b) =>
        a is not null && b is not null && Normalize(a).Length > 0 && string.Equals(Normalize(a), Normalize(b), StringComparison.Ordinal);
}
