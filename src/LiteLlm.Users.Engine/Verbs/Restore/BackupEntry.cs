using LiteLlm.Users.Engine.Safety;

namespace LiteLlm.Users.Engine.Verbs.Restore;

/// <summary>A record of a backup file, with the line it is on.</summary>
/// <param name="Line">Line in the file (1-based).</param>
/// <param name="Record">The record.</param>
internal sealed record BackupEntry(int Line, BackupRecord Record);
