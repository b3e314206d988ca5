using System.Globalization;
using System.Text.RegularExpressions;
using LiteLlm.Admin.Teams;
using LiteLlm.Admin.Users;
using LiteLlm.Users.Engine.Csv;
using LiteLlm.Users.Engine.Matching;

namespace LiteLlm.Users.Engine.Input;

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
internal sealed record UserInputRow(
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
