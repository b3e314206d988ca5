using LiteLlm.Admin;
using LiteLlm.Users.Engine.Matching;
using LiteLlm.Users.Engine.Safety;

namespace LiteLlm.Users.Engine.Runs;

/// <summary>
/// What an executor works with during a real run: the proxy, the scheduler and team locks, the
/// observers (backup, audit), and the two ways to the journal — <see cref="Intent"/> before a change
/// is sent and <see cref="Emit"/> for a row's outcome.
/// </summary>
/// <typeparam name="TRow">The command's output row.</typeparam>
internal sealed class RunExecution<TRow>
    where TRow : class, IResultRow<TRow>
{
    private readonly RunSession<TRow> _session;

    /// <summary>Creates the execution of a run.</summary>
    public RunExecution(RunContext context, RunSettings settings, Preflight preflight, RunSession<TRow> session, RunScheduler scheduler, CancellationToken stop, CancellationToken abort)
    {
        Context = context;
        Settings = settings;
        Preflight = preflight;
        _session = session;
        Scheduler = scheduler;
        Stop = stop;
        Abort = abort;
    }

    /// <summary>The proxy, log, progress and user directory.</summary>
    public RunContext Context { get; }

    /// <summary>The proxy.</summary>
    public LiteLlmAdminClient Client => Context.Client;

    /// <summary>Finds users on the proxy.</summary>
    public UserDirectory Users => Context.Users;

    /// <summary>The log.</summary>
    public IRunLog Log => Context.Log;

    /// <summary>Progress counters.</summary>
    public RunProgress Progress => Context.Progress;

    /// <summary>The run's settings.</summary>
    public RunSettings Settings { get; }

    /// <summary>What the preflight found.</summary>
    public Preflight Preflight { get; }

    /// <summary>What an interrupted run left, or null.</summary>
    public JournalState<TRow>? Resume => _session.Resume;

    /// <summary>Ids an interrupted run sent a change for (found gone = done by us).</summary>
    public IReadOnlySet<string> SentBefore => _session.Resume?.IntentIds ?? EmptySet;

    /// <summary>Runs the changes a few at a time; stops at Ctrl+C or a failure that ends the run.</summary>
    public RunScheduler Scheduler { get; }

    /// <summary>Keeps changes that touch the same team apart.</summary>
    public TeamLocks Locks { get; } = new();

    /// <summary>Told before and after every change (backup, audit).</summary>
    public IReadOnlyList<IChangeObserver> Observers => Settings.Observers;

    /// <summary>Ctrl+C: start no new request.</summary>
    public CancellationToken Stop { get; }

    /// <summary>Give up on requests in flight.</summary>
    public CancellationToken Abort { get; }

    private static readonly IReadOnlySet<string> EmptySet = new HashSet<string>();

    /// <summary>Records, durably, the ids each row is about to change (so a rerun re-checks them).</summary>
    public void Intent(IEnumerable<(int Line, IReadOnlyList<string> Ids)> rows) => _session.Journal?.Intent(rows);

    /// <summary>Writes a row's outcome (journaled first).</summary>
    public void Emit(int line, TRow row) => _session.Outputs.Emit(line, row);
}
