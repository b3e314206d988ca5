using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;
using LiteLlm.Users.Engine.Runs;

namespace LiteLlm.Users.Engine.Verbs.Enable;

/// <summary>
/// A row of <c>user_enable_result.csv</c> (<c>email,user_id,status</c>, status <c>Enabled</c>) or of
/// <c>user_enable_error.csv</c> (<c>email,user_id,error_reason</c>).
/// </summary>
/// <param name="Email">The email as written in the CSV.</param>
/// <param name="UserIds">The row's user ids, <c>;</c>-separated (empty when no single user was identified).</param>
/// <param name="Reason">Why the row was not enabled; null when it was.</param>
internal sealed record EnableRow(string Email, string UserIds, string? Reason) : IResultRow<EnableRow>
{
    /// <summary>The status of a row this run enabled.</summary>
    public const string Enabled = "Enabled";

    /// <inheritdoc />
    public static OutputLayout Layout { get; } = new(["email", "user_id", "status"], ["email", "user_id", "error_reason"]);

    /// <inheritdoc />
    public static JsonTypeInfo<EnableRow> JsonInfo => EnableJsonContext.Default.EnableRow;

    /// <inheritdoc />
    [JsonIgnore]
    public bool Failed => Reason is not null;

    /// <inheritdoc />
    [JsonIgnore]
    public IReadOnlyList<string?> Cells => [Email, UserIds, Reason ?? Enabled];

    /// <inheritdoc />
    [JsonIgnore]
    public string Tally => Failed ? "Failed" : Enabled;

    /// <inheritdoc />
    [JsonIgnore]
    public string Subject => Email;
}
