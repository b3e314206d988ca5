using System.Globalization;
using LiteLlm.Admin.Users;
using LiteLlm.Users.Engine.Execution;
using LiteLlm.Users.Engine.Input;
using LiteLlm.Users.Engine.Matching;

namespace LiteLlm.Users.Engine.Verbs.Add;

/// <summary>What an add plan is made from.</summary>
internal sealed record AddPlanInput
{
    /// <summary>The rows of the CSV, read and checked.</summary>
    public required IReadOnlyList<UserInputRow> Rows { get; init; }

    /// <summary>The users of each email.</summary>
    public required Resolution Resolution { get; init; }

    /// <summary>The proxy's teams.</summary>
    public required TeamDirectory Teams { get; init; }

    /// <summary>Lines an interrupted run finished.</summary>
    public IReadOnlySet<int> Done { get; init; } = new HashSet<int>();

    /// <summary>Ids an interrupted run sent a create for, by line.</summary>
    public IReadOnlyDictionary<int, IReadOnlyList<string>> Intents { get; init; } = new Dictionary<int, IReadOnlyList<string>>();

    /// <summary>Which of those ids exist now (the create landed).</summary>
    public IReadOnlyDictionary<string, LiteLlmUser> Landed { get; init; } = new Dictionary<string, LiteLlmUser>();

    /// <summary>Role of rows without one.</summary>
    public string DefaultRole { get; init; } = UserInput.DefaultRole;

    /// <summary>Update users that exist instead of reporting them.</summary>
    public bool UpdateExisting { get; init; }

    /// <summary>Chooses the id of a new user.</summary>
    public Func<string> NewId { get; init; } = () => Guid.NewGuid().ToString();
}

/// <summary>
/// Decides, without sending anything, what happens to each row of an add: a row with a bad value, an
/// unknown team or a repeated email fails; an email nobody has is created (with an id chosen now,
/// or the one an interrupted run journaled); an existing user is reported, or with
/// --update-existing updated with only what differs; an email several users share is not updated.
/// </summary>
internal static class AddPlanner
{
    /// <summary>Makes the plan.</summary>
    public static IReadOnlyList<AddDecision> Plan(AddPlanInput input)
    {
        ArgumentNullException.ThrowIfNull(input);
        return [.. input.Rows.Select(row => PlanRow(input, row))];
    }

    private static AddDecision PlanRow(AddPlanInput input, UserInputRow row)
    {
        var role = row.Role ?? input.DefaultRole;
        AddDecision Plan(AddAction action, IReadOnlyList<Admin.Teams.LiteLlmTeam>? teams = null, IReadOnlyList<LiteLlmUser>? existing = null, string? changes = null, string? reason = null) =>
            new(row.Line, row.Email, action, role, teams ?? [], existing ?? [], changes, reason) { Input = row };

        if (input.Done.Contains(row.Line))
        {
            return Plan(AddAction.AlreadyDone);
        }

        if (row.Problem is not null)
        {
            return Plan(AddAction.Invalid, reason: row.Problem);
        }

        if (row.DuplicateOf is { } first)
        {
            return Plan(AddAction.Duplicate, reason: string.Create(CultureInfo.InvariantCulture, $"Duplicate email in CSV (first on line {first})"));
        }

        var matches = row.Teams.Select(input.Teams.Resolve).ToList();
        if (matches.FirstOrDefault(m => m.Problem is not null) is { } badTeam)
        {
            return Plan(AddAction.Invalid, reason: badTeam.Problem);
        }

        var teams = matches.Select(m => m.Team!).DistinctBy(t => t.TeamId, StringComparer.Ordinal).ToList();
        input.Intents.TryGetValue(row.Line, out var sentIds);
        if (sentIds?.FirstOrDefault(input.Landed.ContainsKey) is { } createdId)
        {
            return Plan(AddAction.CreatedBefore, teams, [input.Landed[createdId]]);
        }

        var users = input.Resolution.For(row.Email);
        if (users.Count == 0)
        {
            // Reuse the id an interrupted run journaled: if that create landed late, a 409 says so.
            return Plan(AddAction.Create, teams) with { NewId = sentIds is { Count: > 0 } ? sentIds[0] : input.NewId() };
        }

        if (!input.UpdateExisting)
        {
            return Plan(AddAction.Exists, teams, users);
        }

        if (users.Count > 1)
        {
            return Plan(AddAction.Invalid, teams, users, reason: string.Create(
                CultureInfo.InvariantCulture,
                $"Ambiguous email: {users.Count} users have this email (user_ids: {string.Join(", ", users.Select(u => u.UserId))}); none updated"));
        }

        var change = UserChange.For(row, users[0], teams, input.Teams);
        return change.IsEmpty ? Plan(AddAction.Exists, teams, users) : Plan(AddAction.Update, teams, users, change.Describe()) with { Change = change };
    }
}
