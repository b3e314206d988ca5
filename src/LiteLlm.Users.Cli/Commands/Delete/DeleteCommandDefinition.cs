using System.CommandLine;
using LiteLlm.Users.Cli.Common;
using LiteLlm.Admin.Users;
using LiteLlm.Users.Engine.Matching;

namespace LiteLlm.Users.Cli.Commands.Delete;

/// <summary>The symbols of <c>litellm-users delete</c>: del_user.py's options, and more.</summary>
public sealed class DeleteCommandDefinition
{
    /// <summary>Builds the command's options.</summary>
    public DeleteCommandDefinition(CliEnvironment environment)
    {
        Connection = new ConnectionOptions(environment);
        Command = new Command(
            "delete",
            "Delete every user listed by email in a CSV file (a replacement for del_user.py). Each email is matched " +
            "exactly (ignoring case and surrounding spaces) against all users on the proxy; an email shared by several " +
            "users is reported and nothing is deleted for it. Preview with --dry-run first. Every input row ends in " +
            "exactly one row of the result or the error file. An interrupted run is resumed by running the same command again.\n\n" +
            ExitCodes.HelpText);
        Connection.AddTo(Command);
        Run.AddTo(Command);
        Safety.AddTo(Command);
        Command.Options.Add(AllMatches);
        Command.Options.Add(BatchSize);
        Command.Options.Add(Endpoint);
        Command.Options.Add(Plan);
        Command.Options.Add(MaxPlanAge);
        Command.Options.Add(DisabledBefore);
        Approval = new PlanOptions(Plan);
        Approval.AddTo(Command, PlanOut, DryRun);
        Command.Options.Add(NoVerify);
        Guards.AddTo(Command);
    }

    /// <summary>The command.</summary>
    public Command Command { get; }

    /// <summary>Connection options.</summary>
    public ConnectionOptions Connection { get; }

    /// <summary>Backup and audit options.</summary>
    public SafetyOptions Safety { get; } = new(backup: true);

    /// <summary>--max-delete, --include-admins, --protect and --yes (shared with sync).</summary>
    public GuardOptions Guards { get; } = new();

    /// <summary>The options delete shares with add and sync.</summary>
    public RunOptions Run { get; } = new(
        new RunFiles(
        "user_dellist.csv",
        "Input CSV with an 'email' column (header case-insensitive; BOM, CRLF, quotes and extra columns are fine)",
        "user_del_result.csv",
        "Where deleted rows go (email,user_id,status)",
        "user_del_error.csv",
        "Where rows that were not deleted go (email,user_id,error_reason)",
        "Look up every row and show what would be deleted; change nothing and write no file"),
        planOutDescription: "With --dry-run: write the plan (target URL, CSV hash, time, and per row the action and the matched users) as JSON for review; apply it with --plan");

    /// <summary>--csv-file.</summary>
    public Option<string> CsvFile => Run.CsvFile;

    /// <summary>--dry-run.</summary>
    public Option<bool> DryRun => Run.DryRun;

    /// <summary>--result-file.</summary>
    public Option<string> ResultFile => Run.ResultFile;

    /// <summary>--error-file.</summary>
    public Option<string> ErrorFile => Run.ErrorFile!;

    /// <summary>--strategy.</summary>
    public Option<ResolutionStrategy> Strategy => Run.Strategy;

    /// <summary>--fresh.</summary>
    public Option<bool> Fresh => Run.Fresh;

    /// <summary>--summary-json.</summary>
    public Option<string?> SummaryJson => Run.SummaryJson;

    /// <summary>--all-matches.</summary>
    public Option<bool> AllMatches { get; } = new("--all-matches")
    {
        Description = "When several users share an email, delete all of them (default: delete none and report the ids)",
    };

    /// <summary>--batch-size.</summary>
    public Option<int?> BatchSize { get; } = RunOptions.BatchSize("User ids per delete request [default: 100 for /user/delete, 500 for /management/v1/users/bulk_delete]", 1000);

    /// <summary>--delete-endpoint.</summary>
    public Option<UserWriteRoute> Endpoint { get; } = new("--delete-endpoint")
    {
        Description = "Delete route: auto (probe for /management/v1/users/bulk_delete, else /user/delete), legacy or bulkv1",
        DefaultValueFactory = _ => UserWriteRoute.Auto,
    };

    /// <summary>--plan-out.</summary>
    public Option<string?> PlanOut => Run.PlanOut!;

    /// <summary>--plan.</summary>
    public Option<string?> Plan { get; } = new("--plan")
    {
        Description = "Apply a reviewed plan: delete exactly its users and nobody else, after re-checking each still exists with the same email (the CSV is not read)",
    };

    /// <summary>--disabled-before.</summary>
    public Option<string?> DisabledBefore { get; } = new("--disabled-before")
    {
        Description = "The second step of the offboarding: delete only users 'litellm-users disable' disabled at least this long ago (e.g. 30d). " +
            "Without --csv-file it chooses them among all users; with --csv-file (or --plan) other rows go to the error file. A user enabled again is never chosen",
    };

    /// <summary>--require-approval (the two-person rule).</summary>
    public PlanOptions Approval { get; }

    /// <summary>--no-verify.</summary>
    public Option<bool> NoVerify { get; } = new("--no-verify")
    {
        Description = "Skip the checks after the deletes: that every user reported deleted is gone (about one /user/list per 100 deleted users) and that no team roster still lists a deleted user (one /team/list; stale entries are removed)",
    };

    /// <summary>--max-plan-age.</summary>
    public Option<string> MaxPlanAge { get; } = new("--max-plan-age")
    {
        Description = "Refuse a plan older than this (e.g. 90m, 24h, 7d)",
        DefaultValueFactory = _ => "24h",
    };
}
