using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using LiteLlm.Admin;
using LiteLlm.Admin.Users;
using LiteLlm.Users.Engine.Add;
using LiteLlm.Users.Engine.Delete;
using LiteLlm.Users.Engine.Execution;
using LiteLlm.Users.Engine.Journal;
using LiteLlm.Users.Engine.Matching;
using LiteLlm.Users.Engine.Reporting;
using LiteLlm.Users.Engine.Safety;

namespace LiteLlm.Users.Engine.Sync;

/// <summary>
/// Makes the proxy's users match a roster CSV: read the roster → check the proxy → read every user
/// and the teams once → plan → guards (removal limit, confirmation) → add → update → remove →
/// report. Nothing is changed before the whole plan is made and every guard passed; removals come
/// last, so an interrupted run never removed before it added. A dry run sends no request that
/// changes anything and writes no file. An interrupted run is resumed from its journal and never
/// creates or deletes anything twice.
/// </summary>
public sealed class SyncJob : UserJob<SyncJobOptions>
{
    /// <summary>Columns of user_sync_result.csv. No secret is ever written here.</summary>
    public static readonly IReadOnlyList<string> ResultHeader = ["action", "email", "user_id", "role", "teams", "status", "error_reason"];

    /// <summary>Reason of every row when the operator answers no.</summary>
    public const string NotConfirmedReason = "Not confirmed: nothing was changed";

    /// <summary>Reason of every row when the user list kept changing while it was read.</summary>
    public const string UnsettledReason = "Refused: the user list kept changing while it was read, so the plan could not be trusted; nothing was changed. Run it again";


    /// <summary>Creates a job.</summary>
    public SyncJob(LiteLlmAdminClient client, SyncJobOptions options, IRunLog? log = null, RunProgress? progress = null)
        : base(client, options, log, progress)
    {
    }


    /// <summary>Runs the job over the roster <see cref="SyncJobOptions.CsvFile"/>.</summary>
    /// <exception cref="InputException">The roster cannot be used: missing, no email column, or no user (nothing was sent).</exception>
    public Task<SyncJobResult> RunAsync(CancellationToken stop, CancellationToken abort) =>
        RunAsync(AddInput.Read(Options.CsvFile), stop, abort);

    /// <summary>Runs the job over roster rows already read from <see cref="SyncJobOptions.CsvFile"/>.</summary>
    /// <param name="rows">The roster.</param>
    /// <param name="stop">Ctrl+C: send no new request, finish what is in flight.</param>
    /// <param name="abort">Give up on requests in flight.</param>
    public async Task<SyncJobResult> RunAsync(IReadOnlyList<AddInputRow> rows, CancellationToken stop, CancellationToken abort)
    {
        ArgumentNullException.ThrowIfNull(rows);
        if (rows.All(r => r.Email.Length == 0))
        {
            // An empty roster would make every user a removal candidate: never plan on it.
            throw new InputException($"No users found in '{Options.CsvFile}': an empty roster is refused.");
        }

        var clock = Stopwatch.StartNew();
        using var context = new RunContext(rows);
        Progress.RowsTotal = rows.Count;
        if (!Options.DryRun)
        {
            Open(context);
        }
        else
        {
            RunSession.NoteInterruptedRun(JournalPath, Log);
        }

        try
        {
            try
            {
                if (!await PlanAsync(context, stop).ConfigureAwait(false))
                {
                    return Refuse(context, clock, UnsettledReason);
                }
            }
            catch (LiteLlmRequestFailedException failure)
            {
                context.Fatal = failure;
                context.Session?.Abandon();
                return Finish(context, clock, cancelled: false);
            }

            // Guards, before any change: the size of the removal, then the operator.
            var removals = context.Plan.Count(p => p.Work == SyncWork.Remove);
            context.Refused = removals > 0 ? Options.Limit.Check(removals, context.ServerTotal) : null;
            if (Options.DryRun)
            {
                // Nothing happens in a dry run: what would succeed (or already holds) is PLANNED.
                for (var i = 0; i < context.Plan.Count; i++)
                {
                    if (context.Plan[i].Status == SyncStatus.Success)
                    {
                        context.Plan[i] = context.Plan[i] with { Status = SyncStatus.Planned };
                    }
                }

                WritePlan(context);
                return Result(context, clock, context.Refused is not null ? RunStatus.Refused : DryRunStatus(context));
            }

            if (context.Refused is not null)
            {
                return Refuse(context, clock, context.Refused);
            }

            if (removals > 0 && Options.Confirm is { } confirm
                && !await confirm(new DeleteConfirmation(removals, removals, Client.Endpoint, context.ServerTotal), stop).ConfigureAwait(false))
            {
                return Refuse(context, clock, NotConfirmedReason);
            }

            // The candidates a rerun could not find again (once removed, they are gone), journaled first.
            if (context.RemovalRecords is { } records)
            {
                context.Session!.Journal!.Plan(records);
            }

            foreach (var planned in context.Plan.Where(p => p.Work == SyncWork.None))
            {
                Emit(context, planned, planned.Status, planned.User, planned.Reason);
            }

            await ExecuteAsync(context, stop, abort).ConfigureAwait(false);
            return Finish(context, clock, stop.IsCancellationRequested);
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
            return Finish(context, clock, cancelled: true);
        }
    }

    private void Open(RunContext context)
    {
        context.Session = RunSession.Open(
            new RunSessionOptions
            {
                Command = "sync",
                BaseUrl = Client.Endpoint,
                InputFile = Options.CsvFile,
                JournalFile = JournalPath,
                Fresh = Options.Fresh,
                Result = (Options.ResultFile, ResultHeader),
                Error = null,
                Redactor = Client.Redactor,
            },
            context.Rows.Count,
            Log,
            Progress);
        foreach (var row in context.Session.Resume?.Rows.Values ?? [])
        {
            if (Enum.TryParse<SyncAction>(row.Values[0], ignoreCase: true, out var action) && Enum.TryParse<SyncStatus>(row.Values[5], ignoreCase: true, out var status))
            {
                context.Count(action, status);
            }
        }
    }

    /// <returns>False when the user list never held still long enough to be read.</returns>
    private async Task<bool> PlanAsync(RunContext context, CancellationToken cancellationToken)
    {
        // 1. Check the proxy (access, size, who the key belongs to) and read its teams.
        Progress.StartPhase("Checking the proxy", 0);
        var total = Users.ProbeTotalAsync(cancellationToken);
        var caller = ProtectionRules.FindCallerAsync(Client, Log, cancellationToken);
        var teams = TeamDirectory.LoadAsync(Client, cancellationToken);
        await Task.WhenAll(total, caller, teams).ConfigureAwait(false);
        context.ServerTotal = await total.ConfigureAwait(false);
        context.Teams = await teams.ConfigureAwait(false);

        // 2. Read every user once (a removal candidate is anyone the roster does not list).
        var snapshot = await Users.TrySnapshotAsync((_, _) => true, context.ServerTotal, cancellationToken).ConfigureAwait(false);
        if (snapshot is null)
        {
            return false;
        }

        context.ServerTotal = snapshot.Total;

        // 3. Compare.
        var plan = SyncPlanner.Plan(new SyncPlanInput
        {
            Rows = context.Rows,
            Users = snapshot.Kept,
            Teams = context.Teams,
            Mode = Options.Mode,
            DefaultRole = Options.DefaultRole,
            Protection = Options.Protection.WithCaller(await caller.ConfigureAwait(false)),
            Resume = context.Session?.Resume,
        });
        context.Plan.AddRange(plan.Rows);
        context.RemovalRecords = plan.RemovalRecords;
        Progress.RowsTotal = plan.Rows.Count;
        Log.Info(Describe(plan.Rows, Options.DryRun));

        // 4. Which routes create and delete (small reads, only for a real run that needs them).
        if (!Options.DryRun && plan.Rows.Any(p => p.Work == SyncWork.Create))
        {
            context.CreateEndpoint = await UserCreator.ChooseEndpointAsync(Client, Options.CreateEndpoint, cancellationToken).ConfigureAwait(false);
        }

        if (!Options.DryRun && plan.Rows.Any(p => p.Work == SyncWork.Remove))
        {
            context.DeleteEndpoint = await UserDeleter.ChooseEndpointAsync(Client, Options.DeleteEndpoint, cancellationToken).ConfigureAwait(false);
        }

        return true;
    }

    private async Task ExecuteAsync(RunContext context, CancellationToken stop, CancellationToken abort)
    {
        using var scheduler = new RunScheduler(Options.Concurrency);
        var locks = new TeamLocks();
        var sentBefore = context.Session?.Resume?.IntentIds ?? new HashSet<string>();

        // 1. Adds.
        var creates = context.Plan.Where(p => p.Work == SyncWork.Create).ToDictionary(p => p.UserId!, StringComparer.Ordinal);
        if (creates.Count > 0)
        {
            await new UserCreator(Client, Users, Options.Retry, Log, sentBefore).CreateAllAsync(
                [.. creates.Values.Select(p => context.RowsByLine[p.Line].ToCreateRequest(p.UserId!, p.Role!, p.NewTeams, createKey: false))],
                context.CreateEndpoint,
                null,
                locks,
                scheduler,
                Options.Observers,
                requests => context.Session!.Journal!.Intent(requests.Select(r => (creates[r.UserId!].Line, (IReadOnlyList<string>)[r.UserId!]))),
                (request, outcome) =>
                {
                    var planned = creates[request.UserId!];
                    Emit(context, planned, outcome.Created ? SyncStatus.Success : SyncStatus.Failed, outcome.Created ? Planned(planned) : null, outcome.Reason);
                    return Task.CompletedTask;
                },
                Progress,
                stop,
                abort).ConfigureAwait(false);
        }

        // 2. Updates: fields, then team joins and leaves, on the ids just read.
        var updates = context.Plan.Where(p => p.Work == SyncWork.Update).ToList();
        var updater = new UserUpdater(Client, locks, Options.Observers, context.Teams);
        Progress.StartPhase("Updating", updates.Count);
        await scheduler.ForEachAsync(
            updates,
            async planned =>
            {
                var outcome = await updater.ApplyAsync(planned.User!, planned.Change!, abort).ConfigureAwait(false);
                Emit(context, planned, outcome.Succeeded ? SyncStatus.Success : SyncStatus.Failed, outcome.User, outcome.Reason);
                Progress.Step();
            },
            stop,
            abort).ConfigureAwait(false);

        // 3. Removals, last.
        var removals = context.Plan.Where(p => p.Work == SyncWork.Remove).ToDictionary(p => p.User!.UserId, StringComparer.Ordinal);
        if (removals.Count > 0)
        {
            await new UserDeleter(Client, Users, context.DeleteEndpoint, Options.Retry, Log, sentBefore).DeleteAllAsync(
                removals.Values.Select(p => p.User!),
                null,
                scheduler,
                Options.Observers,
                ids => context.Session!.Journal!.Intent(ids.Select(id => (removals[id].Line, (IReadOnlyList<string>)[id]))),
                (outcome, user) => Emit(context, removals[outcome.UserId], outcome.Fate == IdFate.Deleted ? SyncStatus.Success : SyncStatus.Failed, user, outcome.Reason),
                Progress,
                stop,
                abort).ConfigureAwait(false);
        }

        context.Fatal ??= scheduler.Fatal;
    }

    /// <summary>Writes a row's outcome: action, email, user_id, role and teams after the run, status, reason.</summary>
    private static void Emit(RunContext context, SyncPlannedRow planned, SyncStatus status, LiteLlmUser? user, string? reason)
    {
        context.Session!.Outputs.Emit(planned.Line, success: status != SyncStatus.Failed, Values(context, planned.Action, planned.Email, user, status, reason));
        context.Count(planned.Action, status);
    }

    private static IReadOnlyList<string?> Values(RunContext context, SyncAction action, string email, LiteLlmUser? user, SyncStatus status, string? reason) =>
    [
        Word(action),
        email,
        user?.UserId,
        user?.UserRole,
        string.Join(';', (user?.Teams ?? []).Select(context.Teams.Describe)),
        Word(status),
        reason,
    ];

    /// <summary>The user as the plan says it will be (for a dry run, and for a create that succeeded).</summary>
    private static LiteLlmUser Planned(SyncPlannedRow planned) =>
        new() { UserId = planned.UserId!, UserEmail = planned.Email, UserRole = planned.Role, Teams = planned.Teams };

    /// <summary>How an action or status is written in the result file (upper case, as sync_user.py did).</summary>
    public static string Word<T>(T value)
        where T : struct, Enum => value.ToString().ToUpperInvariant();

    private void WritePlan(RunContext context)
    {
        if (Options.PlanOut is not { } path)
        {
            return;
        }

        var hash = RunIdentity.For("sync", Client.Endpoint, Options.CsvFile).InputSha256;
        SyncPlanDocument.From(context.Plan, context.Teams, Client.Endpoint, Options.CsvFile, hash, context.ServerTotal, Options.Time.GetUtcNow()).Save(path);
        context.PlanWritten = path;
    }

    private static string Describe(IReadOnlyList<SyncPlannedRow> plan, bool dryRun)
    {
        int Work(SyncWork work) => plan.Count(p => p.Work == work);
        int Status(SyncStatus status) => plan.Count(p => p.Status == status && p.Work == SyncWork.None);
        var unchanged = plan.Count(p => p.Action == SyncAction.Unchanged && p.Work == SyncWork.None);
        var resumed = Work(SyncWork.AlreadyDone) > 0 ? string.Create(CultureInfo.InvariantCulture, $"; {Work(SyncWork.AlreadyDone)} done by the interrupted run") : string.Empty;
        return string.Create(
            CultureInfo.InvariantCulture,
            $"Plan{(dryRun ? " (dry run)" : string.Empty)}: {Work(SyncWork.Create)} to add, {Work(SyncWork.Update)} to update, {Work(SyncWork.Remove)} to remove, {unchanged} unchanged; {Status(SyncStatus.Skipped)} skipped by the mode, {Status(SyncStatus.Protected)} protected, {Status(SyncStatus.Failed)} failed{resumed}.");
    }

    private static RunStatus DryRunStatus(RunContext context) =>
        context.Plan.Any(p => p.Status == SyncStatus.Failed) ? RunStatus.CompletedWithErrors : RunStatus.Completed;

    private static SyncJobResult Refuse(RunContext context, Stopwatch clock, string reason)
    {
        context.Refused = reason;
        context.Session?.Abandon();
        return Finish(context, clock, cancelled: false, status: RunStatus.Refused);
    }

    private static SyncJobResult Finish(RunContext context, Stopwatch clock, bool cancelled, RunStatus? status = null)
    {
        var fatalReason = context.Fatal is { } fatal ? FailureReasons.Describe(fatal) : null;
        if (context.Session is { } session)
        {
            // Every row not done gets the run's reason: its user as it is (nothing was done for it).
            var rows = context.Plan.Count > 0
                ? context.Plan
                : [.. context.Rows.Select(r => new SyncPlannedRow { Line = r.Line, Action = SyncAction.Unchanged, Status = SyncStatus.Failed, Email = r.Email })];
            var finished = session.Finish(
                rows,
                row => row.Line,
                (row, reason) => Values(context, row.Action, row.Email, row.Work == SyncWork.Create ? null : row.User, SyncStatus.Failed, reason),
                fatalReason ?? context.Refused,
                DeleteJob.CancelledReason,
                cancelled);
            status ??= finished;
        }

        status ??= fatalReason is not null ? RunStatus.CouldNotRun : cancelled ? RunStatus.Cancelled : DryRunStatus(context);
        return Result(context, clock, status.Value);
    }

    private static SyncJobResult Result(RunContext context, Stopwatch clock, RunStatus status)
    {
        var counts = context.Session is null
            ? context.Plan.Where(p => p.Work != SyncWork.AlreadyDone)
                .GroupBy(p => (p.Action, p.Status == SyncStatus.Success ? SyncStatus.Planned : p.Status))
                .ToDictionary(g => g.Key, g => g.Count())
            : context.Counts.ToDictionary(p => p.Key, p => p.Value);
        return new SyncJobResult
        {
            Status = status,
            Plan = context.Plan,
            Rows = context.Plan.Count > 0 ? context.Plan.Count : context.Rows.Count,
            Counts = counts,
            Failed = context.Session?.Outputs.Errors ?? context.Plan.Count(p => p.Status == SyncStatus.Failed),
            RefusedReason = context.Refused,
            PlanWritten = context.PlanWritten,
            FatalReason = context.Fatal is { } f ? FailureReasons.Describe(f) : null,
            FatalFix = context.Fatal is { } g ? FailureReasons.Fix(g) : null,
            ResumedRows = context.Session?.Resume?.Rows.Count ?? 0,
            ServerUsers = context.ServerTotal,
            Elapsed = clock.Elapsed,
        };
    }

    private sealed class RunContext(IReadOnlyList<AddInputRow> rows) : IDisposable
    {
        public IReadOnlyList<AddInputRow> Rows { get; } = rows;

        public Dictionary<int, AddInputRow> RowsByLine { get; } = rows.ToDictionary(r => r.Line);

        public List<SyncPlannedRow> Plan { get; } = [];

        public IReadOnlyList<JournaledPlanRow>? RemovalRecords { get; set; }

        public ConcurrentDictionary<(SyncAction, SyncStatus), int> Counts { get; } = new();

        public RunSession? Session { get; set; }

        public TeamDirectory Teams { get; set; } = TeamDirectory.Empty;

        public int ServerTotal { get; set; }

        public CreateEndpoint CreateEndpoint { get; set; }

        public DeleteEndpoint DeleteEndpoint { get; set; }

        public string? Refused { get; set; }

        public string? PlanWritten { get; set; }

        public LiteLlmRequestFailedException? Fatal { get; set; }

        public void Count(SyncAction action, SyncStatus status) => Counts.AddOrUpdate(key: (action, status), addValue: 1, updateValueFactory: static (_, n) => n + 1);

        public void Dispose() => Session?.Dispose();
    }
}
