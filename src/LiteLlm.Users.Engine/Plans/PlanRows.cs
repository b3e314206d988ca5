using System.Globalization;
using LiteLlm.Users.Engine.Input;
using LiteLlm.Users.Engine.Matching;

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
}
