using System.Globalization;
using LiteLlm.Users.Engine.Verbs.Delete;

namespace LiteLlm.Users.Cli.Commands.Delete;

/// <summary>
/// What goes with the users a delete removes (fleet rows 12 and 13): their keys, teams and spend, and
/// whether an identity provider manages them. Worded from the plan's users, as the listing returned
/// them: no request of its own.
/// </summary>
internal static class DeleteImpact
{
    /// <summary>One user as the dry run shows it: <c>u-1 (internal_user; 3 keys; teams t-1, t-2; spend $1.50; SSO sso-1)</c>.</summary>
    public static string Describe(PlannedUser user)
    {
        var parts = new List<string>();
        if (user.Role is not null)
        {
            parts.Add(user.Role);
        }

        if (user.KeyCount is { } keys)
        {
            parts.Add(Count(keys, "key"));
        }

        parts.Add(user.Teams is { Count: > 0 } teams ? "teams " + string.Join(", ", teams) : "no team");
        if (user.Spend is { } spend)
        {
            parts.Add(string.Create(CultureInfo.InvariantCulture, $"spend ${spend:0.00}"));
        }

        if (user.SsoUserId is { } sso)
        {
            parts.Add("SSO " + sso);
        }

        return $"{user.UserId} ({string.Join("; ", parts)})";
    }

    /// <summary>
    /// The dry run's line on what goes with the users: "This also deletes 37 keys. 4 users are
    /// SSO-managed and may be re-created at their next login." Null when nothing goes with them.
    /// </summary>
    public static string? Summary(IEnumerable<DeleteDecision> decisions)
    {
        var users = decisions.Where(d => d.Action == DeleteAction.Delete).SelectMany(d => d.Users).ToList();
        var keys = users.Sum(u => u.KeyCount ?? 0);
        var sso = users.Count(u => u.SsoUserId is not null);
        var unknown = users.Count(u => u.KeyCount is null);
        var sentences = new List<string>();
        if (keys > 0)
        {
            sentences.Add($"This also deletes {Count(keys, "key")}.");
        }

        if (unknown > 0)
        {
            sentences.Add($"The proxy did not say how many keys {Count(unknown, "user")} own; their keys go too.");
        }

        if (sso > 0)
        {
            sentences.Add(sso == 1
                ? "1 user is SSO-managed and may be re-created at their next login."
                : string.Create(CultureInfo.InvariantCulture, $"{sso} users are SSO-managed and may be re-created at their next login."));
        }

        return sentences.Count == 0 ? null : string.Join(' ', sentences);
    }

    private static string Count(int n, string noun) =>
        string.Create(CultureInfo.InvariantCulture, $"{n} {noun}{(n == 1 ? string.Empty : "s")}");
}
