using System.Globalization;
using System.Text.RegularExpressions;
using LiteLlm.Admin.Teams;
using LiteLlm.Admin.Users;
using LiteLlm.Users.Engine.Csv;
using LiteLlm.Users.Engine.Delete;
using LiteLlm.Users.Engine.Matching;

namespace LiteLlm.Users.Engine.Add;

/// <summary>One input row of an add run, read and checked.</summary>
/// <param name="Line">Line in the CSV.</param>
/// <param name="Email">Trimmed email (empty when the cell was empty).</param>
/// <param name="Role">The role cell, lower-cased; null = the run's default role.</param>
/// <param name="Teams">Team names or ids, as written.</param>
/// <param name="Alias">User alias.</param>
/// <param name="MaxBudget">Budget in USD.</param>
/// <param name="BudgetDuration">Budget period.</param>
/// <param name="Models">Allowed models.</param>
/// <param name="KeyName">Alias of the key created with --create-keys.</param>
/// <param name="Problem">Why the row cannot be sent (checked before any request), or null.</param>
/// <param name="DuplicateOf">Line of the first row with the same email, when this one repeats it.</param>
public sealed record AddInputRow(
    int Line,
    string Email,
    string? Role,
    IReadOnlyList<string> Teams,
    string? Alias,
    double? MaxBudget,
    string? BudgetDuration,
    IReadOnlyList<string> Models,
    string? KeyName,
    string? Problem,
    int? DuplicateOf)
{
    /// <summary>The comparison key of the email.</summary>
    public string Key { get; } = EmailKey.Normalize(Email);

    /// <summary>The <c>/user/new</c> body that creates this row's user, with the id the caller chose (and journals).</summary>
    /// <param name="userId">The new user's id.</param>
    /// <param name="role">The row's role, or the run's default.</param>
    /// <param name="teams">The row's teams, resolved.</param>
    /// <param name="createKey">Whether LiteLLM should mint a key (aliased <see cref="KeyName"/>); it does unless told not to.</param>
    public CreateUserRequest ToCreateRequest(string userId, string role, IReadOnlyList<LiteLlmTeam> teams, bool createKey)
    {
        ArgumentNullException.ThrowIfNull(teams);
        return new CreateUserRequest
        {
            UserId = userId,
            UserEmail = Email,
            UserRole = role,
            UserAlias = Alias,
            Teams = teams.Count == 0 ? null : [.. teams.Select(t => t.TeamId)],
            MaxBudget = MaxBudget,
            BudgetDuration = BudgetDuration,
            Models = Models.Count == 0 ? null : Models,
            AutoCreateKey = createKey,
            KeyAlias = createKey ? KeyName : null,
        };
    }
}

/// <summary>
/// Reads the add CSV. Three header styles are accepted, and may be mixed: this tool's
/// (<c>email,role,team,alias,max_budget,budget_duration,models,key_name</c>), add_user.py's
/// (<c>email,role,team_name,key_name</c>) and LiteLLM's admin-UI bulk template
/// (<c>user_email,user_role,teams,max_budget,budget_duration,models</c>). A team or models cell may
/// hold several values separated by <c>;</c> or <c>,</c>. Every value is checked here, before any
/// request: a bad row becomes an error row and the others go on.
/// </summary>
public static partial class AddInput
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
    public static IReadOnlyList<AddInputRow> Read(string path)
    {
        var records = CsvTable.Read(path, [DeleteInput.EmailColumn], OptionalColumns);
        var firstLine = new Dictionary<string, int>(StringComparer.Ordinal);
        var rows = new List<AddInputRow>(records.Count);
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

    /// <summary>Reads one record's cells and checks them.</summary>
    public static AddInputRow Parse(CsvRecord record)
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

        return new AddInputRow(
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
