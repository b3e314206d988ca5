using System.Globalization;
using LiteLlm.Admin.Users;
using LiteLlm.Users.Engine.Input;
using LiteLlm.Users.Engine.Matching;
using LiteLlm.Users.Engine.Runs;

namespace LiteLlm.Users.Engine.Plans;

/// <summary>The rows of a reviewed plan, checked as a whole before they are applied.</summary>
internal static class PlanRows
{
    /// <summary>
    /// Turns a plan's rows into input rows: a line that repeats an earlier line, or a changing row
    /// whose email or user another changing row already has, becomes a row that changes nothing.
    /// </summary>
    /// <param name="rows">The plan's rows.</param>
    /// <param name="line">A row's line.</param>
    /// <param name="email">A row's email.</param>
    /// <param name="ids">The users a row changes, or null for a row that changes nothing.</param>
    /// <param name="done">The command's past participle, for the reason ("deleted", "disabled").</param>
    public static List<EmailInputRow> Check<T>(IReadOnlyList<T> rows, Func<T, int> line, Func<T, string> email, Func<T, IReadOnlyList<string>?> ids, string done)
    {
        ArgumentNullException.ThrowIfNull(rows);
        var result = new List<EmailInputRow>(rows.Count);
        var lines = new HashSet<int>();
        var emails = new Dictionary<string, int>(StringComparer.Ordinal);
        var users = new Dictionary<string, int>(StringComparer.Ordinal);
        var next = rows.Count == 0 ? 1 : rows.Max(line) + 1;
        foreach (var row in rows)
        {
            var at = line(row);
            if (!lines.Add(at))
            {
                result.Add(new EmailInputRow(next++, email(row), null, string.Create(CultureInfo.InvariantCulture, $"Duplicate row in plan (line {at} appears twice); nothing {done} for this row")));
                continue;
            }

            string? problem = null;
            if (ids(row) is { } changed)
            {
                var key = EmailKey.Normalize(email(row));
                if (emails.TryGetValue(key, out var first))
                {
                    problem = string.Create(CultureInfo.InvariantCulture, $"Duplicate row in plan (the email of line {first}); nothing {done} for this row");
                }
                else if (changed.FirstOrDefault(users.ContainsKey) is { } twice)
                {
                    problem = string.Create(CultureInfo.InvariantCulture, $"Duplicate row in plan (user {twice} is also on line {users[twice]}); nothing {done} for this row");
                }
                else
                {
                    emails[key] = at;
                    foreach (var id in changed)
                    {
                        users[id] = at;
                    }
                }
            }

            result.Add(new EmailInputRow(at, email(row), null, problem));
        }

        return result;
    }

    /// <summary>What re-checking a plan row against the users as just read found.</summary>
    public enum Verdict
    {
        /// <summary>Every user still holds: apply the row.</summary>
        Holds,

        /// <summary>The row does not hold together (its email is not its users'): it changes nothing.</summary>
        Refused,

        /// <summary>A user is gone or changed since the plan: the row is out of date, it changes nothing.</summary>
        OutOfDate,
    }

    /// <summary>
    /// Re-checks a changing plan row: its email must be the plan's email of each of its users, and each
    /// user must still exist with that email. The same check for every verb that applies plans.
    /// </summary>
    /// <param name="email">The row's email.</param>
    /// <param name="users">The row's users as the plan recorded them.</param>
    /// <param name="current">The users as just read, by id.</param>
    /// <param name="done">The command's past participle, for the reason ("deleted", "disabled").</param>
    public static (Verdict Verdict, string? Reason) Recheck(string email, IEnumerable<(string UserId, string? Email)> users, IReadOnlyDictionary<string, LiteLlmUser> current, string done)
    {
        ArgumentNullException.ThrowIfNull(users);
        ArgumentNullException.ThrowIfNull(current);
        foreach (var (id, planned) in users)
        {
            if (!EmailKey.SameAddress(planned, email))
            {
                return (Verdict.Refused, $"Refused plan row: its email '{email}' is not the email of user {id} in the plan ('{planned}'); nothing {done} for this row");
            }

            if (!current.TryGetValue(id, out var now))
            {
                return (Verdict.OutOfDate, $"{FailureReasons.NotFound}: user {id} no longer exists (the plan is out of date); nothing {done} for this row");
            }

            if (!EmailKey.SameAddress(now.UserEmail, planned))
            {
                return (Verdict.OutOfDate, $"Plan out of date: user {id}'s email is now '{now.UserEmail}', the plan says '{planned}'; not {done}");
            }
        }

        return (Verdict.Holds, null);
    }
}
