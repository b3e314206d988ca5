using System.Globalization;
using LiteLlm.Admin.Users;
using LiteLlm.Users.Engine.Matching;

namespace LiteLlm.Users.Engine.Verbs.Restore;

/// <summary>What a restore plan is made from.</summary>
internal sealed record RestorePlanInput
{
    /// <summary>The backup's entries selected by --only, in file order.</summary>
    public required IReadOnlyList<BackupEntry> Selected { get; init; }

    /// <summary>--only emails that are not in the backup.</summary>
    public IReadOnlyList<string> Missing { get; init; } = [];

    /// <summary>Which of the backup's ids exist on the proxy now.</summary>
    public IReadOnlyDictionary<string, LiteLlmUser> ById { get; init; } = new Dictionary<string, LiteLlmUser>();

    /// <summary>The users of the backup's emails on the proxy now.</summary>
    public Resolution? ByEmail { get; init; }

    /// <summary>Lines an interrupted run finished.</summary>
    public IReadOnlySet<int> Done { get; init; } = new HashSet<int>();

    /// <summary>Ids an interrupted run sent a create for.</summary>
    public IReadOnlySet<string> SentBefore { get; init; } = new HashSet<string>();
}

/// <summary>
/// Decides, without sending anything, which users of a backup are restored: never one whose id or
/// email exists on the proxy (again) — it is not overwritten — nor a repeated entry; a user an
/// interrupted run already created is finished (its teams).
/// </summary>
internal static class RestorePlanner
{
    /// <summary>Picks the entries of the --only emails (ignoring case and spaces); null = all.</summary>
    public static (IReadOnlyList<BackupEntry> Selected, IReadOnlyList<string> Missing) Select(IReadOnlyList<BackupEntry> entries, IReadOnlyCollection<string>? only)
    {
        ArgumentNullException.ThrowIfNull(entries);
        if (only is null)
        {
            return (entries, []);
        }

        var wanted = only.Select(EmailKey.Normalize).Where(e => e.Length > 0).ToHashSet(StringComparer.Ordinal);
        var selected = entries.Where(e => wanted.Contains(EmailKey.Normalize(e.Record.User.UserEmail))).ToList();
        var found = selected.Select(e => EmailKey.Normalize(e.Record.User.UserEmail)).ToHashSet(StringComparer.Ordinal);
        return (selected, [.. only.Where(e => !found.Contains(EmailKey.Normalize(e)))]);
    }

    /// <summary>The line of the n-th --only email that is not in the backup (before every entry, in the order given).</summary>
    public static int MissingLine(int index, int missingCount) => index - missingCount;

    /// <summary>Makes the plan.</summary>
    public static IReadOnlyList<RestoreDecision> Plan(RestorePlanInput input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var decisions = new List<RestoreDecision>(input.Missing.Count + input.Selected.Count);
        for (var i = 0; i < input.Missing.Count; i++)
        {
            decisions.Add(new RestoreDecision(MissingLine(i, input.Missing.Count), RestoreAction.NotInBackup, null, input.Missing[i], "Not in the backup file"));
        }

        var seen = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var entry in input.Selected)
        {
            var user = entry.Record.User;
            RestoreDecision Make(RestoreAction action, string? reason = null) => new(entry.Line, action, entry, user.UserEmail, reason);
            if (input.Done.Contains(entry.Line))
            {
                decisions.Add(Make(RestoreAction.AlreadyDone));
            }
            else if (seen.TryGetValue(user.UserId, out var first))
            {
                decisions.Add(Make(RestoreAction.Refuse, string.Create(CultureInfo.InvariantCulture, $"Duplicate user in the backup (first on line {first})")));
            }
            else if (input.SentBefore.Contains(user.UserId) && input.ById.TryGetValue(user.UserId, out var current))
            {
                decisions.Add(Make(RestoreAction.CreatedBefore) with { Current = current });
            }
            else
            {
                var refusal = Refusal(user, input.ById, input.ByEmail);
                decisions.Add(refusal is null ? Make(RestoreAction.Restore) : Make(RestoreAction.Refuse, refusal));
            }

            seen.TryAdd(user.UserId, entry.Line);
        }

        return decisions;
    }

    private static string? Refusal(LiteLlmUser user, IReadOnlyDictionary<string, LiteLlmUser> byId, Resolution? byEmail)
    {
        if (byId.ContainsKey(user.UserId))
        {
            return "A user with this user_id exists (again); it is not overwritten";
        }

        var sameEmail = string.IsNullOrWhiteSpace(user.UserEmail) || byEmail is null ? [] : byEmail.For(user.UserEmail);
        return sameEmail.Count > 0
            ? $"A user with this email exists (again) as user_id {string.Join(", ", sameEmail.Select(u => u.UserId))}; it is not overwritten"
            : null;
    }
}
