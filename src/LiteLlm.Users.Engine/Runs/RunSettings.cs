using LiteLlm.Users.Engine.Safety;

namespace LiteLlm.Users.Engine.Runs;

/// <summary>
/// The settings every command that changes users shares (delete, add, sync, restore…): its files,
/// dry run, resume, parallelism, guards, the question asked before removals, and the observers told
/// of every change. Each command's options extend it.
/// </summary>
public abstract record RunSettings
{
    /// <summary>The result file (the journal lives beside it).</summary>
    public required string ResultFile { get; init; }

    /// <summary>The error file; null for a command whose failed rows stay in the result file.</summary>
    public string? ErrorFile { get; init; }

    /// <summary>Journal path; null = beside the result file.</summary>
    public string? JournalFile { get; init; }

    /// <summary>Only look and report; change nothing, write no file (but <see cref="PlanOut"/>).</summary>
    public bool DryRun { get; init; }

    /// <summary>Where a dry run writes its plan, for commands that make reviewed plans.</summary>
    public string? PlanOut { get; init; }

    /// <summary>Ignore an interrupted run's journal and start over.</summary>
    public bool Fresh { get; init; }

    /// <summary>Requests in flight at once.</summary>
    public int Concurrency { get; init; } = 4;

    /// <summary>How many users one run may remove.</summary>
    public DeleteLimit Limit { get; init; } = DeleteLimit.Default;

    /// <summary>Who is never removed (the key's owner is added by the run).</summary>
    public ProtectionRules Protection { get; init; } = ProtectionRules.Default;

    /// <summary>Asked before users are removed; false stops the run before any change. Null = proceed.</summary>
    public Func<Confirmation, CancellationToken, Task<bool>>? Confirm { get; init; }

    /// <summary>The clock (plans record and check time).</summary>
    public TimeProvider Time { get; init; } = TimeProvider.System;

    /// <summary>The audit log and the backup, told of every change; null = none (tests).</summary>
    public SafetyNet? Safety { get; init; }

    /// <summary>Told before and after every change (backup, audit).</summary>
    internal IReadOnlyList<IChangeObserver> Observers => Safety?.Observers ?? [];

    /// <summary>Who makes the changes (the audit log's operator); "unknown" without a safety net.</summary>
    internal string Operator => Safety?.Operator ?? "unknown";

    /// <summary>Where the journal of this run lives: <see cref="JournalFile"/>, else beside the result file (<c>x.csv</c> → <c>x.journal.jsonl</c>).</summary>
    public string JournalPath => JournalFile ?? Path.ChangeExtension(ResultFile, ".journal.jsonl");
}
