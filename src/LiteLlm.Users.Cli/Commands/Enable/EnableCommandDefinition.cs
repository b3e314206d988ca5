using System.CommandLine;
using LiteLlm.Users.Cli.Common;

namespace LiteLlm.Users.Cli.Commands.Enable;

/// <summary>The symbols of <c>litellm-users enable</c>.</summary>
public sealed class EnableCommandDefinition
{
    /// <summary>Builds the command's options.</summary>
    public EnableCommandDefinition(CliEnvironment environment)
    {
        Connection = new ConnectionOptions(environment);
        Command = new Command(
            "enable",
            "Undo 'disable' for every user listed by email in a CSV file: unblock exactly the keys the disable recorded " +
            "(a key blocked before stays blocked), restore the recorded role and remove the record. A user 'disable' did not " +
            "disable is an error row ('Not disabled by litellm-users'). A recorded role of proxy_admin is restored only with " +
            "--include-admins. An interrupted run is resumed by running the same command again.\n\n" + ExitCodes.HelpText);
        Connection.AddTo(Command);
        Run.AddTo(Command);
        Safety.AddTo(Command);
        Command.Options.Add(AllMatches);
        Command.Options.Add(IncludeAdmins);
    }

    /// <summary>The command.</summary>
    public Command Command { get; }

    /// <summary>Connection options.</summary>
    public ConnectionOptions Connection { get; }

    /// <summary>Audit options.</summary>
    public SafetyOptions Safety { get; } = new(backup: false);

    /// <summary>The options enable shares with delete.</summary>
    public RunOptions Run { get; } = new(
        new RunFiles(
            "user_enablelist.csv",
            "Input CSV with an 'email' column, as delete's",
            "user_enable_result.csv",
            "Where enabled rows go (email,user_id,status)",
            "user_enable_error.csv",
            "Where rows that were not enabled go (email,user_id,error_reason)",
            "Look up every row and show what would be enabled (role and keys); change nothing and write no file"));

    /// <summary>--all-matches.</summary>
    public Option<bool> AllMatches { get; } = new("--all-matches")
    {
        Description = "When several users share an email, enable all of them (default: enable none and report the ids)",
    };

    /// <summary>--include-admins.</summary>
    public Option<bool> IncludeAdmins { get; } = new("--include-admins")
    {
        Description = "Allow restoring the role proxy_admin when a user's record says so (refused by default: anyone who can edit metadata could write that record)",
    };
}
