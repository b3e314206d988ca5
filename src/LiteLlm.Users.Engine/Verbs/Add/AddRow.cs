using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;
using LiteLlm.Admin.Users;
using LiteLlm.Users.Engine.Matching;
using LiteLlm.Users.Engine.Runs;

namespace LiteLlm.Users.Engine.Verbs.Add;

/// <summary>
/// A row of <c>user_reg_result.csv</c> (<c>email,user_id,status,role,team_name,models,invitation_url</c>;
/// status <c>Created</c>, <c>Exists</c> or <c>Updated</c>; never a secret) or of <c>user_reg_error.csv</c>
/// (<c>email,user_id,role,error_reason</c>).
/// </summary>
/// <param name="Email">The email as written in the CSV.</param>
/// <param name="UserId">The user's id(s), <c>;</c>-separated.</param>
/// <param name="Status">Created, Exists or Updated; null for a failed row.</param>
/// <param name="Role">The role(s).</param>
/// <param name="TeamName">The teams, by name.</param>
/// <param name="Models">The models.</param>
/// <param name="InvitationUrl">The invitation link (with --invite).</param>
/// <param name="Reason">Why the row failed; null when it did not.</param>
internal sealed record AddRow(string Email, string UserId, string? Status, string? Role, string? TeamName, string? Models, string? InvitationUrl, string? Reason) : IResultRow<AddRow>
{
    /// <summary>Status of a user this run created.</summary>
    public const string Created = AddJob.Created;

    /// <summary>Status of a user that already existed (not a failure).</summary>
    public const string Exists = AddJob.Exists;

    /// <summary>Status of an existing user changed by --update-existing.</summary>
    public const string Updated = AddJob.Updated;

    /// <inheritdoc />
    /// <remarks>The result file holds invitation links (each lets someone set up that account): it is created owner-only.</remarks>
    public static OutputLayout Layout { get; } = new(
        ["email", "user_id", "status", "role", "team_name", "models", "invitation_url"],
        ["email", "user_id", "role", "error_reason"],
        OwnerOnly: true);

    /// <inheritdoc />
    public static JsonTypeInfo<AddRow> JsonInfo => AddJsonContext.Default.AddRow;

    /// <inheritdoc />
    [JsonIgnore]
    public bool Failed => Reason is not null;

    /// <inheritdoc />
    [JsonIgnore]
    public IReadOnlyList<string?> Cells => Failed ? [Email, UserId, Role, Reason] : [Email, UserId, Status, Role, TeamName, Models, InvitationUrl];

    /// <inheritdoc />
    [JsonIgnore]
    public string Tally => Failed ? "Failed" : Status ?? string.Empty;

    /// <inheritdoc />
    [JsonIgnore]
    public string Subject => Email;

    /// <summary>A successful row: the users' ids, roles, teams (by name) and models, <c>;</c>-joined.</summary>
    public static AddRow Success(string email, string status, IReadOnlyList<LiteLlmUser> users, string? link, TeamDirectory teams)
    {
        ArgumentNullException.ThrowIfNull(users);
        ArgumentNullException.ThrowIfNull(teams);
        return new AddRow(
            email,
            string.Join(';', users.Select(u => u.UserId)),
            status,
            string.Join(';', users.Select(u => u.UserRole ?? string.Empty).Distinct(StringComparer.Ordinal)),
            string.Join(';', users.SelectMany(u => u.Teams ?? []).Distinct(StringComparer.Ordinal).Select(teams.Describe)),
            string.Join(';', users.SelectMany(u => u.Models ?? []).Distinct(StringComparer.Ordinal)),
            link,
            null);
    }

    /// <summary>A failed row.</summary>
    public static AddRow Failure(string email, string userId, string? role, string reason) => new(email, userId, null, role, null, null, null, reason);
}
