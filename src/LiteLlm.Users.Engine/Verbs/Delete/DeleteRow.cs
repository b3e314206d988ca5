using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;
using LiteLlm.Users.Engine.Runs;

namespace LiteLlm.Users.Engine.Verbs.Delete;

/// <summary>
/// A row of <c>user_del_result.csv</c> (<c>email,user_id,status</c>, status always <c>Deleted</c>) or
/// of <c>user_del_error.csv</c> (<c>email,user_id,error_reason</c>): the del_user.py manual's files.
/// </summary>
/// <param name="Email">The email as written in the CSV.</param>
/// <param name="UserIds">The row's user ids, <c>;</c>-separated (empty when no single user was identified).</param>
/// <param name="Reason">Why the row was not deleted; null when it was.</param>
internal sealed record DeleteRow(string Email, string UserIds, string? Reason) : IResultRow<DeleteRow>
{
    /// <summary>The status word of a deleted row.</summary>
    public const string Deleted = "Deleted";

    /// <inheritdoc />
    public static OutputLayout Layout { get; } = new(["email", "user_id", "status"], ["email", "user_id", "error_reason"]);

    /// <inheritdoc />
    public static JsonTypeInfo<DeleteRow> JsonInfo => DeleteJsonContext.Default.DeleteRow;

    /// <inheritdoc />
    [JsonIgnore]
    public bool Failed => Reason is not null;

    /// <inheritdoc />
    [JsonIgnore]
    public IReadOnlyList<string?> Cells => [Email, UserIds, Reason ?? Deleted];

    /// <inheritdoc />
    [JsonIgnore]
    public string Tally => Failed ? "Failed" : Deleted;

    /// <inheritdoc />
    [JsonIgnore]
    public string Subject => Email;
}
