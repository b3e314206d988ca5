namespace LiteLlm.Users.Cli;

/// <summary>The process exit codes: a documented contract (README, --help, docs/exit-codes.md), each one tested.</summary>
public static class ExitCodes
{
    /// <summary>Every row succeeded (a dry run: every row would).</summary>
    public const int Success = 0;

    /// <summary>Usage or input error (bad option, unusable CSV or plan, missing key), a safety guard refused the run, or the operator said no; or an unexpected error. Nothing was changed.</summary>
    public const int UsageOrInput = 1;

    /// <summary>Finished, but some rows failed: see the error file (sync: the result file's FAILED rows).</summary>
    public const int SomeRowsFailed = 2;

    /// <summary>Could not run: the key was rejected, permission is missing, or the proxy cannot be reached.</summary>
    public const int CouldNotRun = 3;

    /// <summary>Cancelled (Ctrl+C or SIGTERM); rerun the same command to resume.</summary>
    public const int Cancelled = 130;

    /// <summary>The text shown in --help.</summary>
    public const string HelpText =
        "Exit codes: 0 all rows done; 1 usage or input error, or the run was refused (nothing changed); 2 finished but some rows failed " +
        "(see the error file; for sync, the result file's FAILED rows); 3 could not run (key rejected, no permission, proxy unreachable); 130 cancelled " +
        "(rerun to resume). A dry run returns the code the real run would.";
}
