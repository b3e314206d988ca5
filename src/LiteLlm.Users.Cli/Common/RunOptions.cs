using System.CommandLine;
using LiteLlm.Users.Engine.Matching;

namespace LiteLlm.Users.Cli.Common;

/// <summary>What a command's CSV files are called and hold, for <see cref="RunOptions"/>.</summary>
/// <param name="CsvFile">Default input file.</param>
/// <param name="CsvDescription">What the input holds.</param>
/// <param name="ResultFile">Default result file.</param>
/// <param name="ResultDescription">What goes to the result file.</param>
/// <param name="ErrorFile">Default error file; null for a command that writes one result file with a status column.</param>
/// <param name="ErrorDescription">What goes to the error file.</param>
/// <param name="DryRunDescription">What --dry-run does.</param>
public sealed record RunFiles(string CsvFile, string CsvDescription, string ResultFile, string ResultDescription, string? ErrorFile, string? ErrorDescription, string DryRunDescription);

/// <summary>
/// The options every command that changes users from a CSV shares (delete, add, sync): the input,
/// the dry run, the output files, how emails are looked up, starting over and the JSON summary.
/// </summary>
public sealed class RunOptions
{
    private readonly bool _lookups;

    /// <summary>Creates the options with the command's file names.</summary>
    /// <param name="files">The command's files.</param>
    /// <param name="lookups">Whether the command offers --strategy (sync always reads every user, so it does not).</param>
    /// <param name="planOutDescription">What --plan-out writes; null for a command without reviewed plans.</param>
    public RunOptions(RunFiles files, bool lookups = true, string? planOutDescription = null)
    {
        ArgumentNullException.ThrowIfNull(files);
        _lookups = lookups;
        CsvFile = new Option<string>("--csv-file") { Description = files.CsvDescription, DefaultValueFactory = _ => files.CsvFile };
        DryRun = new Option<bool>("--dry-run") { Description = files.DryRunDescription };
        ResultFile = new Option<string>("--result-file") { Description = files.ResultDescription, DefaultValueFactory = _ => files.ResultFile };
        ErrorFile = files.ErrorFile is { } errorFile
            ? new Option<string>("--error-file") { Description = files.ErrorDescription, DefaultValueFactory = _ => errorFile }
            : null;
        PlanOut = planOutDescription is null ? null : new Option<string?>("--plan-out") { Description = planOutDescription };
    }

    /// <summary>--csv-file.</summary>
    public Option<string> CsvFile { get; }

    /// <summary>--dry-run.</summary>
    public Option<bool> DryRun { get; }

    /// <summary>--result-file.</summary>
    public Option<string> ResultFile { get; }

    /// <summary>--error-file, or null for a command with one result file.</summary>
    public Option<string>? ErrorFile { get; }

    /// <summary>--plan-out (only with --dry-run), or null.</summary>
    public Option<string?>? PlanOut { get; }

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
        if (ErrorFile is not null)
        {
            command.Options.Add(ErrorFile);
        }

        if (_lookups)
        {
            command.Options.Add(Strategy);
        }

        command.Options.Add(Fresh);
        command.Options.Add(SummaryJson);
        if (PlanOut is { } planOut)
        {
            command.Options.Add(planOut);
            command.Validators.Add(r =>
            {
                if (r.GetValue(planOut) is not null && !r.GetValue(DryRun))
                {
                    r.AddError("--plan-out needs --dry-run: a plan is made by a dry run, for review.");
                }
            });
        }
    }

    /// <summary>
    /// The files these options name, for <see cref="PathClash"/>: the input CSV (when <paramref name="readsCsv"/>)
    /// and, unless it is a dry run, the result and error files with the journal beside the result
    /// file; the plan and the JSON summary when asked for.
    /// </summary>
    public IEnumerable<FileUse> Files(ParseResult result, CliEnvironment environment, bool readsCsv = true)
    {
        ArgumentNullException.ThrowIfNull(result);
        ArgumentNullException.ThrowIfNull(environment);
        var uses = new List<FileUse>();
        if (readsCsv)
        {
            uses.Add(FileUse.Reads("--csv-file", environment.ResolvePath(result.GetValue(CsvFile)!)));
        }

        if (!result.GetValue(DryRun))
        {
            uses.AddRange(FileUse.Output("--result-file", environment.ResolvePath(result.GetValue(ResultFile)!), journal: true));
            if (ErrorFile is not null)
            {
                uses.AddRange(FileUse.Output("--error-file", environment.ResolvePath(result.GetValue(ErrorFile)!)));
            }
        }

        if (PlanOut is not null && result.GetValue(PlanOut) is { } planOut)
        {
            uses.AddRange(FileUse.Output("--plan-out", environment.ResolvePath(planOut)));
        }

        if (result.GetValue(SummaryJson) is { } summary)
        {
            uses.Add(FileUse.Writes("--summary-json", environment.ResolvePath(summary)));
        }

        return uses;
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
