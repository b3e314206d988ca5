using System.CommandLine;
using LiteLlm.Users.Cli.Common;
using LiteLlm.Users.Engine.Execution;
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
        Safety.AddTo(Command);
        Command.Options.Add(CsvFile);
        Command.Options.Add(DryRun);
        Command.Options.Add(ResultFile);
        Command.Options.Add(ErrorFile);
        Command.Options.Add(AllMatches);
        Command.Options.Add(BatchSize);
        Command.Options.Add(Strategy);
        Command.Options.Add(Endpoint);
        Command.Options.Add(Fresh);
        Command.Options.Add(SummaryJson);
        BatchSize.Validators.Add(r =>
        {
            if (r.GetValueOrDefault<int?>() is < 1 or > 1000)
            {
                r.AddError("--batch-size must be between 1 and 1000.");
            }
        });
    }

    /// <summary>The command.</summary>
    public Command Command { get; }

    /// <summary>Connection options.</summary>
    public ConnectionOptions Connection { get; }

    /// <summary>Backup and audit options.</summary>
    public SafetyOptions Safety { get; } = new(backup: true);

    /// <summary>--csv-file.</summary>
    public Option<string> CsvFile { get; } = new("--csv-file")
    {
        Description = "Input CSV with an 'email' column (header case-insensitive; BOM, CRLF, quotes and extra columns are fine)",
        DefaultValueFactory = _ => "user_dellist.csv",
    };

    /// <summary>--dry-run.</summary>
    public Option<bool> DryRun { get; } = new("--dry-run")
    {
        Description = "Look up every row and show what would be deleted; change nothing and write no file",
    };

    /// <summary>--result-file.</summary>
    public Option<string> ResultFile { get; } = new("--result-file")
    {
        Description = "Where deleted rows go (email,user_id,status)",
        DefaultValueFactory = _ => "user_del_result.csv",
    };

    /// <summary>--error-file.</summary>
    public Option<string> ErrorFile { get; } = new("--error-file")
    {
        Description = "Where rows that were not deleted go (email,user_id,error_reason)",
        DefaultValueFactory = _ => "user_del_error.csv",
    };

    /// <summary>--all-matches.</summary>
    public Option<bool> AllMatches { get; } = new("--all-matches")
    {
        Description = "When several users share an email, delete all of them (default: delete none and report the ids)",
    };

    /// <summary>--batch-size.</summary>
    public Option<int?> BatchSize { get; } = new("--batch-size")
    {
        Description = "User ids per delete request [default: 100 for /user/delete, 500 for /management/v1/users/bulk_delete]",
    };

    /// <summary>--strategy.</summary>
    public Option<ResolutionStrategy> Strategy { get; } = new("--strategy")
    {
        Description = "How emails are found: one lookup per email, one snapshot of all users, or auto (the cheaper, from the user count)",
        DefaultValueFactory = _ => ResolutionStrategy.Auto,
    };

    /// <summary>--delete-endpoint.</summary>
    public Option<DeleteEndpoint> Endpoint { get; } = new("--delete-endpoint")
    {
        Description = "Delete route: auto (probe for /management/v1/users/bulk_delete, else /user/delete), legacy or bulkv1",
        DefaultValueFactory = _ => DeleteEndpoint.Auto,
    };

    /// <summary>--fresh.</summary>
    public Option<bool> Fresh { get; } = new("--fresh")
    {
        Description = "Ignore the journal of an interrupted run and start over",
    };

    /// <summary>--summary-json.</summary>
    public Option<string?> SummaryJson { get; } = new("--summary-json")
    {
        Description = "Also write the run's summary (counts, requests, retries, timing, memory) as JSON to this file",
    };
}
