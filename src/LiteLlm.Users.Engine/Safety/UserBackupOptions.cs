using System.Globalization;
using System.Text;
using System.Text.Json;
using LiteLlm.Admin;
using LiteLlm.Admin.Keys;
using LiteLlm.Admin.Teams;
using LiteLlm.Admin.Users;
using LiteLlm.Users.Engine.Runs;

namespace LiteLlm.Users.Engine.Safety;

/// <summary>Settings of a <see cref="UserBackup"/>.</summary>
internal sealed record UserBackupOptions
{
    /// <summary>Folder the backup file is created in (owner-only).</summary>
    public required string Folder { get; init; }

    /// <summary>The command, part of the file name (e.g. "delete").</summary>
    public string Command { get; init; } = "delete";

    /// <summary>Who runs the change.</summary>
    public string? Operator { get; init; }

    /// <summary>The command that restores the backup file it is given (e.g. with the proxy or the rehearsal named); null = <c>litellm-users restore --backup 'FILE'</c>.</summary>
    public Func<string, string>? RestoreHint { get; init; }

    /// <summary>Parallel requests for key listings.</summary>
    public int Concurrency { get; init; } = 4;
}
