using LiteLlm.Admin;
using LiteLlm.Admin.Teams;
using LiteLlm.Admin.Users;
using LiteLlm.Users.Engine.Add;
using LiteLlm.Users.Engine.Delete;
using LiteLlm.Users.Engine.Execution;
using LiteLlm.Users.Engine.Reporting;
using LiteLlm.Users.Engine.Safety;

namespace LiteLlm.Users.Engine.Sync;

/// <summary>What a sync row is about (the <c>action</c> column, sync_user.py's words).</summary>
public enum SyncAction
{
    /// <summary>No user has the roster's email: it is created.</summary>
    Added,

    /// <summary>The roster row differs from its user: the user is updated (never recreated).</summary>
    Updated,

    /// <summary>A user with an email the roster does not list: it is removed.</summary>
    Deleted,

    /// <summary>The user already is as the roster says.</summary>
    Unchanged,
}

/// <summary>How a sync row ended (the <c>status</c> column).</summary>
public enum SyncStatus
{
    /// <summary>Done (or, for <see cref="SyncAction.Unchanged"/>, nothing to do).</summary>
    Success,

    /// <summary>It went wrong, or the row could not be used; see <c>error_reason</c>.</summary>
    Failed,

    /// <summary>A removal the guards refused (admin, the key's owner, --protect); not an error.</summary>
    Protected,

    /// <summary>A change the mode does not allow; <c>error_reason</c> names the option. Not an error.</summary>
    Skipped,

    /// <summary>A dry run: it would happen (or, unchanged, already holds).</summary>
    Planned,
}

/// <summary>What a row makes the run do.</summary>
public enum SyncWork
{
    /// <summary>Nothing: the row's outcome is known from the plan.</summary>
    None,

    /// <summary>Create the user.</summary>
    Create,

    /// <summary>Update the user.</summary>
    Update,

    /// <summary>Remove the user.</summary>
    Remove,

    /// <summary>An interrupted run already reported this row; its outcome is replayed from the journal.</summary>
    AlreadyDone,
}

/// <summary>Which changes a sync run makes. Removal is opt-in.</summary>
public sealed record SyncMode
{
    /// <summary>Only create users (--add-only).</summary>
    public bool AddOnly { get; init; }

    /// <summary>Only remove users (--remove-only).</summary>
    public bool RemoveOnly { get; init; }

    /// <summary>Create, but do not update, existing users (--no-update).</summary>
    public bool NoUpdate { get; init; }

    /// <summary>Also remove users the roster does not list (--allow-remove).</summary>
    public bool AllowRemove { get; init; }

    /// <summary>Why this mode does not make a change of this kind (an option name and what to do), or null when it does.</summary>
    public string? WhyNot(SyncAction action) => action switch
    {
        SyncAction.Added when RemoveOnly => "--remove-only",
        SyncAction.Updated when AddOnly => "--add-only",
        SyncAction.Updated when RemoveOnly => "--remove-only",
        SyncAction.Updated when NoUpdate => "--no-update",
        SyncAction.Deleted when AddOnly => "--add-only",
        SyncAction.Deleted when !RemoveOnly && !AllowRemove => "removal is off (use --allow-remove or --remove-only)",
        _ => null,
    };
}

/// <summary>The decision for one row of a sync: a roster row, or a user the roster does not list.</summary>
public sealed record SyncPlannedRow
{
    /// <summary>The roster line; for a removal candidate, a number after the roster's last line (rows are reported in this order).</summary>
    public required int Line { get; init; }

    /// <summary>What the row is about.</summary>
    public required SyncAction Action { get; init; }

    /// <summary>The row's status if the run goes as planned (<see cref="SyncStatus.Planned"/> for work still to do).</summary>
    public required SyncStatus Status { get; init; }

    /// <summary>What the run does for the row.</summary>
    public SyncWork Work { get; init; }

    /// <summary>The roster's email, or the user's for a removal.</summary>
    public required string Email { get; init; }

    /// <summary>The user as just read (null when none, or several, have the email).</summary>
    public LiteLlmUser? User { get; init; }

    /// <summary>The user's id after the run as planned (a new user's chosen id).</summary>
    public string? UserId { get; init; }

    /// <summary>The user's role after the run as planned.</summary>
    public string? Role { get; init; }

    /// <summary>The user's team ids after the run as planned.</summary>
    public IReadOnlyList<string> Teams { get; init; } = [];

    /// <summary>For an update: what changes, in words.</summary>
    public string? Changes { get; init; }

    /// <summary>Why the row is skipped, protected or failed.</summary>
    public string? Reason { get; init; }

    /// <summary>For an update: the change to apply.</summary>
    public UserChange? Change { get; init; }

    /// <summary>For a create: the roster's teams, resolved.</summary>
    public IReadOnlyList<LiteLlmTeam> NewTeams { get; init; } = [];
}

/// <summary>Settings of a sync run.</summary>
public sealed record SyncJobOptions : Execution.IUserJobOptions
{
    /// <summary>The roster CSV (the same columns as add's).</summary>
    public required string CsvFile { get; init; }

    /// <summary>The result file (one row per roster row and per removal candidate).</summary>
    public string ResultFile { get; init; } = "user_sync_result.csv";

    /// <summary>Journal path; null = beside the result file.</summary>
    public string? JournalFile { get; init; }

    /// <summary>Role of new users whose row has none (never proxy_admin by default).</summary>
    public string DefaultRole { get; init; } = AddInput.DefaultRole;

    /// <summary>Which changes the run makes.</summary>
    public SyncMode Mode { get; init; } = new();

    /// <summary>Only look and report; change nothing, write no file (but <see cref="PlanOut"/>).</summary>
    public bool DryRun { get; init; }

    /// <summary>Where a dry run writes its plan.</summary>
    public string? PlanOut { get; init; }

    /// <summary>Ignore an interrupted run's journal and start over.</summary>
    public bool Fresh { get; init; }

    /// <summary>Requests in flight at once.</summary>
    public int Concurrency { get; init; } = 4;

    /// <summary>Which route creates users.</summary>
    public CreateEndpoint CreateEndpoint { get; init; }

    /// <summary>Which route deletes users.</summary>
    public DeleteEndpoint DeleteEndpoint { get; init; }

    /// <summary>Retries of creates and deletes whose outcome is unknown.</summary>
    public RetrySettings Retry { get; init; } = new();

    /// <summary>How many users one run may remove.</summary>
    public DeleteLimit Limit { get; init; } = DeleteLimit.Default;

    /// <summary>Who is never removed (the caller's own user is added by the job).</summary>
    public ProtectionRules Protection { get; init; } = ProtectionRules.Default;

    /// <summary>Asked before users are removed; false stops the run before any change. Null = proceed.</summary>
    public Func<DeleteConfirmation, CancellationToken, Task<bool>>? Confirm { get; init; }

    /// <summary>The clock (plans record the time).</summary>
    public TimeProvider Time { get; init; } = TimeProvider.System;

    /// <summary>Told before and after every change (backup before removals, audit).</summary>
    public IReadOnlyList<IChangeObserver> Observers { get; init; } = [];
}

/// <summary>What a sync run did.</summary>
public sealed class SyncJobResult : RunResult
{
    /// <summary>The decision per row, roster rows first (a dry run's answer).</summary>
    public IReadOnlyList<SyncPlannedRow> Plan { get; init; } = [];

    /// <summary>Result rows by action and status (for a dry run, as planned).</summary>
    public IReadOnlyDictionary<(SyncAction Action, SyncStatus Status), int> Counts { get; init; } = new Dictionary<(SyncAction, SyncStatus), int>();

    /// <summary>Rows with this action and status.</summary>
    public int Count(SyncAction action, SyncStatus status) => Counts.TryGetValue((action, status), out var n) ? n : 0;

    /// <summary>Rows with this status, whatever the action.</summary>
    public int Count(SyncStatus status) => Counts.Where(p => p.Key.Status == status).Sum(p => p.Value);
}
