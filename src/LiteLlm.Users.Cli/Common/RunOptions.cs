using System.CommandLine;
using LiteLlm.Users.Engine.Matching;

namespace LiteLlm.Users.Cli.Common;

/// <summary>What a command's CSV files are called and hold, for <see cref="RunOptions"/>.</summary>
/// <param name="CsvFile">Default input file.</param>
/// <param name="CsvDescription">What the input holds.</param>
/// <param name="ResultFile">Default result file.</param>
/// <param name="ResultDescription">What goes to the result file.</param>
/// <param name="ErrorFile">Default error file.</param>
/// <param name="ErrorDescription">What goes to the error file.</param>
/// <param name="DryRunDescription">What --dry-run does.</param>
public sealed record RunFiles(string CsvFile, string CsvDescription, string ResultFile, string ResultDescription, string ErrorFile, string ErrorDescription, string DryRunDescription);

/// <summary>
/// The options every command that changes users from a CSV shares (delete, add): the input, the
/// dry run, the two output files, how emails are looked up, starting over and the JSON summary.
/// </summary>
public sealed class RunOptions
{
    /// <summary>Creates the options with the command's file names.</summary>
    public RunOptions(RunFiles files)
    {
        ArgumentNullException.ThrowIfNull(files);
        CsvFile = new Option<string>("--csv-file") { Description = files.CsvDescription, DefaultValueFactory = _ => files.CsvFile };
        DryRun = new Option<bool>("--dry-run") { Description = files.DryRunDescription };
        ResultFile = new Option<string>("--result-file") { Description = files.ResultDescription, DefaultValueFactory = _ => files.ResultFile };
        ErrorFile = new Option<string>("--error-file") { Description = files.ErrorDescription, DefaultValueFactory = _ => files.ErrorFile };
    }

    /// <summary>--csv-file.</summary>
    public Option<string> CsvFile { get; }

    /// <summary>--dry-run.</summary>
    public Option<bool> DryRun { get; }

    /// <summary>--result-file.</summary>
    public Option<string> ResultFile { get; }

    /// <summary>--error-file.</summary>
    public Option<string> ErrorFile { get; }

    /// <summary>--strategy.</summary>
    public Option<ResolutionStrategy> Strategy { get; } = new("--strategy")
    {
        Description = "How emails are found: one lookup per email, one snapshot of all users, or auto (the cheaper, from the user count)",
        DefaultValueFactory = _ => ResolutionStrategy.Auto,
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

    /// <summary>Adds the options to a command.</summary>
    public void AddTo(Command command)
    {
        ArgumentNullException.ThrowIfNull(command);
        command.Options.Add(CsvFile);
        command.Options.Add(DryRun);
        command.Options.Add(ResultFile);
        command.Options.Add(ErrorFile);
        command.Options.Add(Strategy);
        command.Options.Add(Fresh);
        command.Options.Add(SummaryJson);
    }

    /// <summary>A --batch-size option with its bounds checked.</summary>
    public static Option<int?> BatchSize(string description, int max)
    {
        var option = new Option<int?>("--batch-size") { Description = description };
        option.Validators.Add(r =>
        {
            if (r.GetValueOrDefault<int?>() is { } size && (size < 1 || size > max))
            {
                r.AddError($"--batch-size must be between 1 and {max}.");
            }
        });
        return option;
    }
}
