using System.Globalization;
using System.Text.RegularExpressions;
using LiteLlm.Admin.Teams;
using LiteLlm.Admin.Users;
using LiteLlm.Users.Engine.Csv;
using LiteLlm.Users.Engine.Matching;

namespace LiteLlm.Users.Engine.Input;

/// <summary>
/// Reads the add CSV. Three header styles are accepted, and may be mixed: this tool's
/// (<c>email,role,team,alias,max_budget,budget_duration,models,key_name</c>), add_user.py's
/// (<c>email,role,team_name,key_name</c>) and LiteLLM's admin-UI bulk template
/// (<c>user_email,user_role,teams,max_budget,budget_duration,models</c>). A team or models cell may
/// hold several values separated by <c>;</c> or <c>,</c>. Every value is checked here, before any
/// request: a bad row becomes an error row and the others go on.
/// </summary>
internal static partial class UserInput
{
    /// <summary>The roles <c>/user/new</c> accepts (contract §2.2).</summary>
    public static readonly IReadOnlyList<string> Roles = ["proxy_admin", "proxy_admin_viewer", "internal_user", "internal_user_viewer"];

    /// <summary>The role of rows without one, unless --user-role says otherwise (never proxy_admin).</summary>
    public const string DefaultRole = "internal_user";

    /// <summary>The columns and their accepted header spellings.</summary>
    public static readonly IReadOnlyList<CsvColumn> OptionalColumns =
    [
        new("role", "user_role"),
        new("team", "teams", "team_name", "team_names", "team_id", "team_ids"),
        new("alias", "user_alias"),
        new("max_budget", "budget"),
        new("budget_duration"),
        new("models", "model"),
        new("key_name", "key_alias"),
    ];

    /// <summary>Reads and checks the rows; throws <see cref="InputException"/> when the file is unusable or names no user.</summary>
    public static IReadOnlyList<UserInputRow> Read(string path)
    {
        var records = CsvTable.Read(path, [InputText.EmailColumn], OptionalColumns);
        var firstLine = new Dictionary<string, int>(StringComparer.Ordinal);
        var rows = new List<UserInputRow>(records.Count);
        foreach (var record in records)
        {
            var row = Parse(record);
            if (row.Problem is null)
            {
                int? duplicateOf = firstLine.TryGetValue(row.Key, out var first) ? first : null;
                firstLine.TryAdd(row.Key, row.Line);
                row = row with { DuplicateOf = duplicateOf };
            }

            rows.Add(row);
        }

        if (rows.All(r => r.Email.Length == 0))
        {
            throw new InputException(rows.Count == 0 ? $"No users found in '{path}'." : $"No users found in '{path}': every row's email is empty.");
        }

        return rows;
    }

    /// <summary>What the rows hold, for the command's first line.</summary>
    public static InputSummary Summarize(IReadOnlyList<UserInputRow> rows) =>
        new(rows.Count, rows.Select(r => r.Key).Where(k => k.Length > 0).Distinct(StringComparer.Ordinal).Count(), rows.Any(r => r.KeyName is not null));

    /// <summary>Reads one record's cells and checks them.</summary>
    public static UserInputRow Parse(CsvRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        var email = record.Get("email") ?? string.Empty;
        var problems = new List<string>();
        if (email.Length == 0)
        {
            problems.Add("Missing email");
        }
        else if (!IsEmail(email))
        {
            problems.Add($"Invalid email '{email}'");
        }

        var role = record.Get("role")?.ToLowerInvariant();
        if (role is not null && !Roles.Contains(role))
        {
            problems.Add($"Invalid role '{record.Get("role")}': use one of {string.Join(", ", Roles)}");
        }

        double? budget = null;
        if (record.Get("max_budget") is { } budgetText)
        {
            if (double.TryParse(budgetText, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) && double.IsFinite(value) && value > 0)
            {
                budget = value;
            }
            else
            {
                problems.Add($"Invalid max_budget '{budgetText}': use a positive number such as 10 or 12.5");
            }
        }

        var duration = record.Get("budget_duration");
        if (duration is not null && !IsBudgetDuration(duration))
        {
            problems.Add($"Invalid budget_duration '{duration}': use a positive count and a unit, s m h d w or mo (e.g. 30d, 1mo)");
        }

        return new UserInputRow(
            record.Line,
            email,
            role,
            Split(record.Get("team")),
            record.Get("alias"),
            budget,
            duration,
            Split(record.Get("models")),
            record.Get("key_name"),
            problems.Count == 0 ? null : string.Join("; ", problems),
            null);
    }

    /// <summary>Splits a multi-value cell on <c>;</c> and <c>,</c>, dropping blanks and repeats.</summary>
    public static IReadOnlyList<string> Split(string? cell) =>
        cell is null ? [] : [.. cell.Split([';', ','], StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries).Distinct(StringComparer.Ordinal)];

    /// <summary>
    /// A sane address: one <c>@</c>, something before it, a dotted domain after it, no spaces,
    /// quotes, brackets, commas or semicolons (which would mean several addresses or a display name).
    /// </summary>
    public static bool IsEmail(string email) => email.Length <= 254 && EmailPattern().IsMatch(email);

    /// <summary>
    /// A budget period LiteLLM accepts (<c>duration_in_seconds</c>: s, m, h, d, w or mo after a
    /// count, which recent versions require to be positive). The admin UI's <c>y</c> is not accepted
    /// by the server, so it is refused here too.
    /// </summary>
    public static bool IsBudgetDuration(string duration) => DurationPattern().IsMatch(duration);

    [GeneratedRegex(@"^[^@\s""'<>(),;:\[\]\\]+@[^@\s""'<>(),;:\[\]\\.]+(\.[^@\s""'<>(),;:\[\]\\.]+)+$", RegexOptions.CultureInvariant)]
    private static partial Regex EmailPattern();

    [GeneratedRegex(@"^[1-9][0-9]{0,8}(s|m|h|d|w|mo)$", RegexOptions.CultureInvariant)]
    private static partial Regex DurationPattern();
}
