using System.CommandLine;
using LiteLlm.Users.Cli.Common;

namespace LiteLlm.Users.Cli.Commands.Disable;

/// <summary>The symbols of <c>litellm-users disable</c>: delete's CSV, matching, options and guards.</summary>
public sealed class DisableCommandDefinition
{
    /// <summary>Builds the command's options.</summary>
    public DisableCommandDefinition(CliEnvironment environment)
    {
        Connection = new ConnectionOptions(environment);
        Command = new Command(
            "disable",
            "Disable every user listed by email in a CSV file, reversibly: block each of the user's keys that is not blocked yet " +
            "(API calls with them get 401), set the role to internal_user_viewer (no new keys), and record on the user " +
            "(metadata.litellm_users_disabled) when, by whom, which keys and the role before, so 'enable' undoes exactly that. " +
            "Matching, guards (--max-delete, protected users, confirmation), plans, journal and resume are delete's. A second run " +
            "changes nothing and says 'Disabled (already)'. Delete the users later with 'delete --disabled-before 30d'.\n\n" +
            ExitCodes.HelpText);
        Connection.AddTo(Command);
        Run.AddTo(Command);
        Safety.AddTo(Command);
        Command.Options.Add(AllMatches);
        Plans.AddTo(Command, Run.PlanOut!, Run.DryRun);
        Guards.AddTo(Command);
    }

    /// <summary>The command.</summary>
    public Command Command { get; }

    /// <summary>Connection options.</summary>
    public ConnectionOptions Connection { get; }

    /// <summary>Audit options (no backup: the record on the user is what enable restores from).</summary>
    public SafetyOptions Safety { get; } = new(backup: false);

    /// <summary>--max-delete, --include-admins, --protect and --yes (the limit counts users not disabled yet).</summary>
    public GuardOptions Guards { get; } = new();

    /// <summary>--plan, --max-plan-age, --require-approval.</summary>
    public PlanOptions Plans { get; } = new("Apply a reviewed plan: disable exactly its users and nobody else, after re-checking each still exists with the same email (the CSV is not read)");

    /// <summary>The options disable shares with delete.</summary>
    public RunOptions Run { get; } = new(
        new RunFiles(
            "user_dellist.csv",
            "Input CSV with an 'email' column, as delete's (header case-insensitive; BOM, CRLF, quotes and extra columns are fine)",
            "user_disable_result.csv",
            "Where disabled rows go (email,user_id,status: Disabled or 'Disabled (already)')",
            "user_disable_error.csv",
            "Where rows that were not disabled go (email,user_id,error_reason)",
            "Look up every row and show what would be disabled (and how many keys blocked); change nothing and write no file"),
        planOutDescription: "With --dry-run: write the plan (target URL, CSV hash, time, maker, and per row the action and the matched users) as JSON for review; apply it with --plan");

    /// <summary>--all-matches.</summary>
    public Option<bool> AllMatches { get; } = new("--all-matches")
    {
        Description = "When several users share an email, disable all of them (default: disable none and report the ids)",
    };
}
