using System.CommandLine;
using LiteLlm.Users.Cli.Common;
using LiteLlm.Users.Engine.Verbs.Add;

namespace LiteLlm.Users.Cli.Commands.Sync;

/// <summary>The symbols of <c>litellm-users sync</c>: sync_user.py's options, made safe.</summary>
public sealed class SyncCommandDefinition
{
    /// <summary>Builds the command's options.</summary>
    public SyncCommandDefinition(CliEnvironment environment)
    {
        Connection = new ConnectionOptions(environment);
        Command = new Command(
            "sync",
            "Make the proxy's users match a roster CSV (a replacement for sync_user.py). The roster has add's columns: " +
            "'email' required; 'role', 'team' (names or ids, several separated by ; or ,), 'alias', 'max_budget', " +
            "'budget_duration' and 'models' optional. A user missing from the proxy is added; a user whose cells differ is " +
            "updated (only the cells the row fills in; with a team cell, the user ends in exactly those teams, through " +
            "/team/member_add and /team/member_delete; never deleted and recreated); users the roster does not list are " +
            "removed only with --allow-remove or --remove-only, through every guard of delete (--max-delete, protected users, " +
            "confirmation, backup). Users without an email are never touched. An empty roster, or one whose removals exceed " +
            "the limit, is refused before anything is changed. The whole plan is made first, then: adds, updates, removals " +
            "last. Preview with --dry-run (and --plan-out). One result file, user_sync_result.csv " +
            "(action,email,user_id,role,teams,status,error_reason); SKIPPED and PROTECTED rows are not failures. An " +
            "interrupted run is resumed by running the same command again.\n\n" + ExitCodes.HelpText);
        Connection.AddTo(Command);
        Run.AddTo(Command);
        Safety.AddTo(Command);
        Guards.AddTo(Command);
        Command.Options.Add(UserRole);
        Command.Options.Add(AllowRemove);
        Command.Options.Add(AddOnly);
        Command.Options.Add(RemoveOnly);
        Command.Options.Add(NoUpdate);
        Command.Options.Add(RemoveMode);
        Plans.AddTo(Command, Run.PlanOut!, Run.DryRun);
        Command.Validators.Add(r =>
        {
            if (r.GetValue(AddOnly) && r.GetValue(RemoveOnly))
            {
                r.AddError("--add-only and --remove-only contradict each other: choose one.");
            }
            else if (r.GetValue(AddOnly) && r.GetValue(AllowRemove))
            {
                r.AddError("--add-only and --allow-remove contradict each other: choose one.");
            }
        });
    }

    /// <summary>The command.</summary>
    public Command Command { get; }

    /// <summary>Connection options.</summary>
    public ConnectionOptions Connection { get; }

    /// <summary>Backup and audit options (sync can remove users, so it takes backups).</summary>
    public SafetyOptions Safety { get; } = new(backup: true);

    /// <summary>--max-delete, --include-admins, --protect and --yes, as for delete.</summary>
    public GuardOptions Guards { get; } = new();

    /// <summary>The options sync shares with delete and add.</summary>
    public RunOptions Run { get; } = new(
        new RunFiles(
            "user_list.csv",
            "The roster: email[,role,team,alias,max_budget,budget_duration,models], or add_user.py's/sync_user.py's email,role,team_name, or LiteLLM's user_email,user_role,teams,... An empty or header-only roster is refused",
            "user_sync_result.csv",
            "Where every row goes (action,email,user_id,role,teams,status,error_reason): one per roster row, then one per user the roster does not list; never a key",
            null,
            null,
            "Read everything and show the plan (what would be added, updated, removed, left unchanged, skipped or protected); change nothing and write no file"),
        lookups: false,
        planOutDescription: "With --dry-run: write the plan (target URL, CSV hash, time, and per row the action, status, user_id, role and teams after the run) as JSON for review");

    /// <summary>--user-role.</summary>
    public Option<string> UserRole { get; } = new Option<string>("--user-role")
    {
        Description = "Role of new users whose row has none (sync_user.py defaulted to proxy_admin; this tool never does). A row without a role never changes an existing user's role",
        DefaultValueFactory = _ => AddJob.StandardRole,
    }.AcceptOnlyFromAmong([.. AddJob.Roles]);

    /// <summary>--allow-remove.</summary>
    public Option<bool> AllowRemove { get; } = new("--allow-remove")
    {
        Description = "Also remove users the roster does not list (off by default: they are reported as SKIPPED). Removal goes through --max-delete, protected users, confirmation and the backup",
    };

    /// <summary>--add-only.</summary>
    public Option<bool> AddOnly { get; } = new("--add-only")
    {
        Description = "Only add users the proxy lacks; updates and removals are reported as SKIPPED",
    };

    /// <summary>--remove-only.</summary>
    public Option<bool> RemoveOnly { get; } = new("--remove-only")
    {
        Description = "Only remove users the roster does not list (implies --allow-remove); adds and updates are reported as SKIPPED",
    };

    /// <summary>--remove-mode.</summary>
    public Option<string> RemoveMode { get; } = new Option<string>("--remove-mode")
    {
        Description = "How users the roster does not list are removed: delete (default), or disable (as 'litellm-users disable': keys blocked, role internal_user_viewer, reversible with 'enable'; delete them later with 'delete --disabled-before 30d')",
        DefaultValueFactory = _ => "delete",
    }.AcceptOnlyFromAmong("delete", "disable");

    /// <summary>--plan, --max-plan-age, --require-approval.</summary>
    public PlanOptions Plans { get; } = new("Apply a reviewed plan of the same roster (made with --dry-run --plan-out from the same CSV bytes): the run is planned again against the proxy as it is, but removes only users the plan removes (others are SKIPPED)");

    /// <summary>--no-update.</summary>
    public Option<bool> NoUpdate { get; } = new("--no-update")
    {
        Description = "Do not change existing users; their differences are reported as SKIPPED",
    };
}
