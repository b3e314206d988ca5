using System.CommandLine;
using LiteLlm.Users.Cli.Common;

namespace LiteLlm.Users.Cli.Commands.Restore;

/// <summary>The symbols of <c>litellm-users restore</c>.</summary>
public sealed class RestoreCommandDefinition
{
    /// <summary>Builds the command's options.</summary>
    public RestoreCommandDefinition(CliEnvironment environment)
    {
        Connection = new ConnectionOptions(environment);
        Command = new Command(
            "restore",
            "Recreate users deleted by 'delete' from its backup file: the same user_id, email, role, alias, budgets, " +
            "spend, limits, models and metadata, then their team memberships with their roles. A user whose id or email " +
            "exists again is never overwritten. Keys cannot be recreated (their secrets are gone) and organisation " +
            "memberships are not re-added: each row of the result says what came back and what did not. Preview with --dry-run.\n\n" +
            ExitCodes.HelpText);
        Connection.AddTo(Command);
        Safety.AddTo(Command);
        Command.Options.Add(Backup);
        Command.Options.Add(Only);
        Command.Options.Add(DryRun);
        Command.Options.Add(ResultFile);
        Command.Options.Add(Fresh);
        Command.Options.Add(Yes);
    }

    /// <summary>The command.</summary>
    public Command Command { get; }

    /// <summary>Connection options.</summary>
    public ConnectionOptions Connection { get; }

    /// <summary>Audit options (a restore deletes nothing, so it takes no backup).</summary>
    public SafetyOptions Safety { get; } = new(backup: false);

    /// <summary>--backup.</summary>
    public Option<string> Backup { get; } = new("--backup")
    {
        Description = "The backup file a delete wrote (JSON lines; its path is printed at the end of the delete)",
        Required = true,
    };

    /// <summary>--only.</summary>
    public Option<string[]> Only { get; } = new("--only")
    {
        Description = "Restore only these emails (comma-separated, or repeat the option); default: every user in the file",
        CustomParser = r => [.. r.Tokens.SelectMany(t => t.Value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))],
        AllowMultipleArgumentsPerToken = false,
    };

    /// <summary>--dry-run.</summary>
    public Option<bool> DryRun { get; } = new("--dry-run")
    {
        Description = "Check every user and show what would be restored and what not; change nothing and write no file",
    };

    /// <summary>--fresh.</summary>
    public Option<bool> Fresh { get; } = new("--fresh")
    {
        Description = "Ignore the journal of an interrupted restore and start over",
    };

    /// <summary>--yes.</summary>
    public Option<bool> Yes { get; } = new("--yes", "-y")
    {
        Description = "Restore into the proxy of --base-url even when the backup was taken from another one (on a terminal the tool asks; without a terminal it refuses unless --yes)",
    };

    /// <summary>--result-file.</summary>
    public Option<string> ResultFile { get; } = new("--result-file")
    {
        Description = "One row per user: email,user_id,status,restored,not_restored,reason",
        DefaultValueFactory = _ => "user_restore_result.csv",
    };
}
