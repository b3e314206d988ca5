using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;
using LiteLlm.Users.Engine.Runs;

namespace LiteLlm.Users.Engine.Verbs.Disable;

/// <summary>
/// A row of <c>user_disable_result.csv</c> (<c>email,user_id,status</c>, status <c>Disabled</c> or
/// <c>Disabled (already)</c>) or of <c>user_disable_error.csv</c> (<c>email,user_id,error_reason</c>).
/// </summary>
/// <param name="Email">The email as written in the CSV.</param>
/// <param name="UserIds">The row's user ids, <c>;</c>-separated (empty when no single user was identified).</param>
/// <param name="Status">The status of a row that succeeded.</param>
/// <param name="Reason">Why the row was not disabled; null when it was.</param>
internal sealed record DisableRow(string Email, string UserIds, string? Status, string? Reason) : IResultRow<DisableRow>
{
    /// <summary>The status of a row this run disabled.</summary>
    public const string Disabled = "Disabled";

    /// <summary>The status of a row whose users were disabled already (nothing changed).</summary>
    public const string AlreadyDisabled = "Disabled (already)";

    /// <inheritdoc />
    public static OutputLayout Layout { get; } = new(["email", "user_id", "status"], ["email", "user_id", "error_reason"]);

    /// <inheritdoc />
    public static JsonTypeInfo<DisableRow> JsonInfo => DisableJsonContext.Default.DisableRow;

    /// <inheritdoc />
    [JsonIgnore]
    public bool Failed => Reason is not null;

    /// <inheritdoc />
    [JsonIgnore]
    public IReadOnlyList<string?> Cells => [Email, UserIds, Reason ?? Status ?? Disabled];

    /// <inheritdoc />
    [JsonIgnore]
    public string Tally => Failed ? "Failed" : Status ?? Disabled;

    /// <inheritdoc />
    [JsonIgnore]
    public string Subject => Email;
}
