using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;
using LiteLlm.Users.Engine.Runs;

namespace LiteLlm.Users.Engine.Verbs.Sync;

/// <summary>
/// A row of <c>user_sync_result.csv</c>: <c>action,email,user_id,role,teams,status,error_reason</c>,
/// with the user's role and teams after the run, and the action and status in upper case as
/// sync_user.py wrote them. Failed rows stay in this one file.
/// </summary>
/// <param name="Action">What the row is about.</param>
/// <param name="Email">The roster's email, or the user's.</param>
/// <param name="UserId">The user.</param>
/// <param name="Role">The role after the run.</param>
/// <param name="Teams">The teams after the run, by name, <c>;</c>-separated.</param>
/// <param name="Status">How it ended.</param>
/// <param name="Reason">Why it failed, was skipped or protected.</param>
internal sealed record SyncRow(SyncAction Action, string Email, string? UserId, string? Role, string? Teams, SyncStatus Status, string? Reason) : IResultRow<SyncRow>
{
    /// <inheritdoc />
    public static OutputLayout Layout { get; } = new(["action", "email", "user_id", "role", "teams", "status", "error_reason"], null);

    /// <inheritdoc />
    public static JsonTypeInfo<SyncRow> JsonInfo => SyncJsonContext.Default.SyncRow;

    /// <inheritdoc />
    [JsonIgnore]
    public bool Failed => Status == SyncStatus.Failed;

    /// <inheritdoc />
    [JsonIgnore]
    public IReadOnlyList<string?> Cells => [Word(Action), Email, UserId, Role, Teams, Word(Status), Reason];

    /// <inheritdoc />
    [JsonIgnore]
    public string Tally => TallyOf(Action, Status);

    /// <inheritdoc />
    [JsonIgnore]
    public string Subject => Email;

    /// <summary>The tally word of rows with this action and status.</summary>
    public static string TallyOf(SyncAction action, SyncStatus status) => Word(action) + "/" + Word(status);

    /// <summary>How an action or status is written in the result file (upper case, as sync_user.py did).</summary>
    public static string Word<T>(T value)
        where T : struct, Enum => value.ToString().ToUpperInvariant();
}
