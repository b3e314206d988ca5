using System.CommandLine;
using LiteLlm.Users.Cli.Common;
using LiteLlm.Users.Engine.Verbs.Add;
using LiteLlm.Admin.Users;

namespace LiteLlm.Users.Cli.Commands.Add;

/// <summary>The symbols of <c>litellm-users add</c>: add_user.py's options, and more.</summary>
public sealed class AddCommandDefinition
{
    /// <summary>Builds the command's options.</summary>
    public AddCommandDefinition(CliEnvironment environment)
    {
        Connection = new ConnectionOptions(environment);
        Command = new Command(
            "add",
            "Create the users listed in a CSV file (a replacement for add_user.py). 'email' is required; 'role', 'team' " +
            "(names or ids, several separated by ; or ,), 'alias', 'max_budget', 'budget_duration', 'models' and 'key_name' are " +
            "optional; add_user.py's header and LiteLLM's admin-UI template are accepted too. Every value is checked before " +
            "any request. A user that already exists (exact email, over all users) is reported as Exists, not as a failure. " +
            "No key is created unless --create-keys, and keys only ever go to a separate owner-only file. Preview with " +
            "--dry-run. Rerunning is safe: nothing is created twice, and an interrupted run resumes.\n\n" + ExitCodes.HelpText);
        Connection.AddTo(Command);
        Run.AddTo(Command);
        Safety.AddTo(Command);
        Command.Options.Add(UserRole);
        Command.Options.Add(UpdateExisting);
        Command.Options.Add(CreateKeys);
        Command.Options.Add(KeysFile);
        Command.Options.Add(Invite);
        Command.Options.Add(BatchSize);
        Command.Options.Add(Endpoint);
    }

    /// <summary>The command.</summary>
    public Command Command { get; }

    /// <summary>Connection options.</summary>
    public ConnectionOptions Connection { get; }

    /// <summary>Audit options (add deletes nothing, so it takes no backup).</summary>
    public SafetyOptions Safety { get; } = new(backup: false);

    /// <summary>The options add shares with delete.</summary>
    public RunOptions Run { get; } = new(new RunFiles(
        "user_addlist.csv",
        "Input CSV: email[,role,team,alias,max_budget,budget_duration,models,key_name], or add_user.py's email,role,team_name,key_name, or LiteLLM's user_email,user_role,teams,max_budget,budget_duration,models",
        "user_reg_result.csv",
        "Where created, existing and updated users go (email,user_id,status,role,team_name,models,invitation_url); never a key",
        "user_reg_error.csv",
        "Where rows that were not added go (email,user_id,role,error_reason)",
        "Check every row and look every email up; show what would happen; change nothing and write no file"));

    /// <summary>--user-role.</summary>
    public Option<string> UserRole { get; } = new Option<string>("--user-role")
    {
        Description = "Role of rows without one (add_user.py defaulted to proxy_admin; this tool never does)",
        DefaultValueFactory = _ => AddJob.StandardRole,
    }.AcceptOnlyFromAmong([.. AddJob.Roles]);

    /// <summary>--update-existing.</summary>
    public Option<bool> UpdateExisting { get; } = new("--update-existing")
    {
        Description = "Update users that already exist (only the cells the row fills in; teams are joined, never left) instead of reporting them as Exists",
    };

    /// <summary>--create-keys.</summary>
    public Option<bool> CreateKeys { get; } = new("--create-keys")
    {
        Description = "Create a key for each new user (alias from key_name) and write it to --keys-file only; never printed, never in the result file",
    };

    /// <summary>--keys-file.</summary>
    public Option<string> KeysFile { get; } = new("--keys-file")
    {
        Description = "Where --create-keys writes the keys (email,user_id,key_alias,key): created owner-only (0600), appended to, never overwritten",
        DefaultValueFactory = _ => "user_reg_keys.csv",
    };

    /// <summary>--invite.</summary>
    public Option<bool> Invite { get; } = new("--invite")
    {
        Description = "Create an invitation link for each new user (POST /invitation/new) and put it in the result file's invitation_url column",
    };

    /// <summary>--batch-size.</summary>
    public Option<int?> BatchSize { get; } = RunOptions.BatchSize("Users per /management/v1/users/bulk request [default: 500]", 500);

    /// <summary>--create-endpoint.</summary>
    public Option<UserWriteRoute> Endpoint { get; } = new("--create-endpoint")
    {
        Description = "Create route: auto (probe for /management/v1/users/bulk, else /user/new), legacy or bulkv1",
        DefaultValueFactory = _ => UserWriteRoute.Auto,
    };
}
