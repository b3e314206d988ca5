using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;
using LiteLlm.Users.Engine.Runs;

namespace LiteLlm.Users.Engine.Verbs.Restore;

/// <summary>One row of the restore's result (<c>email,user_id,status,restored,not_restored,reason</c>).</summary>
/// <param name="Line">Line of the backup file (negative for an --only email that is not in it).</param>
/// <param name="Email">The user's email.</param>
/// <param name="UserId">The user's id.</param>
/// <param name="Status">The outcome.</param>
/// <param name="Restored">What was (or would be) restored, in words.</param>
/// <param name="NotRestored">What cannot be restored, in words (keys always: their secrets are gone).</param>
/// <param name="Reason">Why the row was refused or failed.</param>
public sealed record RestoreRow(int Line, string? Email, string? UserId, RestoreStatus Status, string Restored, string NotRestored, string? Reason) : IResultRow<RestoreRow>
{
    /// <inheritdoc />
    static OutputLayout IResultRow<RestoreRow>.Layout { get; } = new(["email", "user_id", "status", "restored", "not_restored", "reason"], null);

    /// <inheritdoc />
    static JsonTypeInfo<RestoreRow> IResultRow<RestoreRow>.JsonInfo => RestoreJsonContext.Default.RestoreRow;

    /// <inheritdoc />
    [JsonIgnore]
    public bool Failed => Status != RestoreStatus.Restored;

    /// <inheritdoc />
    [JsonIgnore]
    public IReadOnlyList<string?> Cells => [Email, UserId, Word(Status), Restored, NotRestored, Reason];

    /// <inheritdoc />
    [JsonIgnore]
    public string Tally => Word(Status);

    /// <inheritdoc />
    [JsonIgnore]
    public string Subject => Email ?? UserId ?? string.Empty;

    /// <summary>The words for a status in the result file.</summary>
    public static string Word(RestoreStatus status) => status switch
    {
        RestoreStatus.PartlyRestored => "Partly restored",
        RestoreStatus.NotProcessed => "Not processed",
        _ => status.ToString(),
    };
}
