using LiteLlm.Admin;
using LiteLlm.Users.Engine.Csv;
using LiteLlm.Users.Engine.Execution;
using LiteLlm.Users.Engine.Matching;

namespace LiteLlm.Users.Engine.Delete;

/// <summary>What a run decided for a row.</summary>
public enum PlannedAction
{
    /// <summary>The row's user(s) will be deleted.</summary>
    Delete,

    /// <summary>No user has this email.</summary>
    NotFound,

    /// <summary>Several users have this email and --all-matches is off.</summary>
    Ambiguous,

    /// <summary>The email already appeared on an earlier line.</summary>
    Duplicate,

    /// <summary>A matched user is protected (admin, the key's owner, or listed in --protect).</summary>
    Protected,

    /// <summary>An interrupted run already finished this row.</summary>
    AlreadyDone,
}

/// <summary>A user a row refers to.</summary>
public sealed record PlannedUser(string UserId, string? Email, string? Role);

/// <summary>The decision for one input row.</summary>
/// <param name="Line">Input line.</param>
/// <param name="Email">The email as written in the CSV (trimmed).</param>
/// <param name="Action">What will happen.</param>
/// <param name="Users">The matched users.</param>
/// <param name="Reason">Why nothing happens, for the non-delete actions.</param>
public sealed record PlannedRow(int Line, string Email, PlannedAction Action, IReadOnlyList<PlannedUser> Users, string? Reason);

/// <summary>How a run ended.</summary>
public enum RunStatus
{
    /// <summary>Every row succeeded.</summary>
    Completed,

    /// <summary>Finished; some rows are in the error file.</summary>
    CompletedWithErrors,

    /// <summary>Could not run: the key was rejected, permission is missing, or the proxy cannot be reached.</summary>
    CouldNotRun,

    /// <summary>Stopped by Ctrl+C; rerun to resume.</summary>
    Cancelled,

    /// <summary>A guard refused the run, or the operator said no: nothing was changed.</summary>
    Refused,
}

/// <summary>An input row of a delete run.</summary>
/// <param name="Line">Line in the CSV.</param>
/// <param name="Email">Trimmed value.</param>
/// <param name="DuplicateOf">Line of the first row with the same email, when this one repeats it.</param>
public sealed record DeleteInputRow(int Line, string Email, int? DuplicateOf)
{
    /// <summary>The comparison key of the email.</summary>
    public string Key { get; } = EmailKey.Normalize(Email);
}

/// <summary>Reads the delete CSV: an <c>email</c> column (or <c>user_email</c>), duplicates flagged.</summary>
public static class DeleteInput
{
    /// <summary>The accepted header spellings of the email column.</summary>
    public static readonly CsvColumn EmailColumn = new("email", "user_email", "e-mail");

    /// <summary>Reads the rows; throws <see cref="InputException"/> when the file is unusable or has no emails.</summary>
    public static IReadOnlyList<DeleteInputRow> Read(string path)
    {
        var records = CsvTable.Read(path, [EmailColumn]);
        var firstLine = new Dictionary<string, int>(StringComparer.Ordinal);
        var rows = new List<DeleteInputRow>();
        foreach (var record in records)
        {
            var email = record.Get("email");
            if (email is null)
            {
                continue;
            }

            var key = EmailKey.Normalize(email);
            int? duplicateOf = firstLine.TryGetValue(key, out var first) ? first : null;
            firstLine.TryAdd(key, record.Line);
            rows.Add(new DeleteInputRow(record.Line, email, duplicateOf));
        }

        if (rows.Count == 0)
        {
            throw new InputException($"No emails found in '{path}'.");
        }

        return rows;
    }
}

/// <summary>Settings of a delete run.</summary>
public sealed record DeleteJobOptions : Execution.IUserJobOptions
{
    /// <summary>Input CSV.</summary>
    public required string CsvFile { get; init; }

    /// <summary>Where deleted rows go.</summary>
    public string ResultFile { get; init; } = "user_del_result.csv";

    /// <summary>Where failed rows go.</summary>
    public string ErrorFile { get; init; } = "user_del_error.csv";

    /// <summary>Journal path; null = beside the result file.</summary>
    public string? JournalFile { get; init; }

    /// <summary>Only look and report; change nothing, write no file.</summary>
    public bool DryRun { get; init; }

    /// <summary>Delete every user of an email that several users share.</summary>
    public bool AllMatches { get; init; }

    /// <summary>Ignore an interrupted run's journal and start over.</summary>
    public bool Fresh { get; init; }

    /// <summary>Requests in flight at once.</summary>
    public int Concurrency { get; init; } = 4;

    /// <summary>Ids per delete request; null = 100 for /user/delete, 500 for the v1 bulk route.</summary>
    public int? BatchSize { get; init; }

    /// <summary>How emails are resolved.</summary>
    public ResolutionStrategy Strategy { get; init; }

    /// <summary>Which delete route.</summary>
    public DeleteEndpoint Endpoint { get; init; }

    /// <summary>Retries of deletes whose outcome is unknown.</summary>
    public RetrySettings Retry { get; init; } = new();

    /// <summary>A reviewed plan to apply instead of reading and resolving the CSV.</summary>
    public string? PlanFile { get; init; }

    /// <summary>Where a dry run writes its plan.</summary>
    public string? PlanOut { get; init; }

    /// <summary>A plan older than this is refused.</summary>
    public TimeSpan MaxPlanAge { get; init; } = TimeSpan.FromHours(24);

    /// <summary>How many users one run may delete.</summary>
    public Safety.DeleteLimit Limit { get; init; } = Safety.DeleteLimit.Default;

    /// <summary>Who is never deleted (the caller's own user is added by the job).</summary>
    public Safety.ProtectionRules Protection { get; init; } = Safety.ProtectionRules.Default;

    /// <summary>Asked before anything is deleted; false stops the run. Null = proceed.</summary>
    public Func<DeleteConfirmation, CancellationToken, Task<bool>>? Confirm { get; init; }

    /// <summary>The clock (plans record and check time).</summary>
    public TimeProvider Time { get; init; } = TimeProvider.System;

    /// <summary>Told before and after every delete (backup, audit).</summary>
    public IReadOnlyList<Safety.IChangeObserver> Observers { get; init; } = [];
}

/// <summary>What the operator is asked to confirm.</summary>
/// <param name="Users">Users that will be deleted.</param>
/// <param name="Rows">Rows those users come from.</param>
/// <param name="BaseUrl">The proxy.</param>
/// <param name="ServerUsers">Users on the proxy.</param>
public sealed record DeleteConfirmation(int Users, int Rows, Uri BaseUrl, int ServerUsers);

/// <summary>What a delete run did.</summary>
public sealed class DeleteJobResult : Reporting.RunResult
{
    /// <summary>The decision per row (a dry run's answer).</summary>
    public IReadOnlyList<PlannedRow> Plan { get; init; } = [];

    /// <summary>Rows in the result file.</summary>
    public int Succeeded { get; init; }

    /// <summary>Resolution strategy used.</summary>
    public ResolutionStrategy? Strategy { get; init; }

    /// <summary>Delete route used.</summary>
    public DeleteEndpoint? Endpoint { get; init; }
}
