using System.Diagnostics;
using LiteLlm.Admin;
using LiteLlm.Users.Engine.Safety;

namespace LiteLlm.Users.Engine.Runs;

/// <summary>
/// The one lifecycle of every command that changes users: session and journal → preflight → plan →
/// guards (the removal limit) → dry run or confirmation → journal the plan → settled rows → execute →
/// verify → finish. Every input row ends in exactly one output row; a dry run sends no request that
/// changes anything and writes no file (but its plan); a run refused or stopped before any change
/// changes nothing; an interrupted run is resumed from its journal. The status is worked out in one
/// place (<see cref="RunStatuses.Of"/>).
/// </summary>
internal static class RunRunner
{
    /// <summary>Reason of rows left undone by Ctrl+C.</summary>
    public const string CancelledReason = "Not processed: the run was cancelled; rerun the same command to resume";

    /// <summary>Runs <paramref name="verb"/>.</summary>
    /// <param name="verb">The command.</param>
    /// <param name="stop">Ctrl+C: send no new request, finish what is in flight.</param>
    /// <param name="abort">Give up on requests in flight (a grace period after <paramref name="stop"/>).</param>
    /// <exception cref="InputException">The input or the journal cannot be used (nothing was sent).</exception>
    public static async Task<RunResult<TDecision>> RunAsync<TDecision, TRow>(RunVerb<TDecision, TRow> verb, CancellationToken stop, CancellationToken abort)
        where TDecision : class, IDecision
        where TRow : class, IResultRow<TRow>
    {
        ArgumentNullException.ThrowIfNull(verb);
        var run = new State<TDecision, TRow>(verb);
        var settings = verb.Settings;
        verb.Context.Progress.RowsTotal = verb.InputRows;
        if (settings.DryRun)
        {
            NoteInterruptedRun(settings.JournalPath, verb.Context.Log);
        }
        else
        {
            run.Session = RunSession<TRow>.Open(
                new RunSessionOptions
                {
                    Identity = verb.Identity,
                    JournalFile = settings.JournalPath,
                    Fresh = settings.Fresh,
                    ResultFile = settings.ResultFile,
                    ErrorFile = settings.ErrorFile,
                    Redactor = verb.Context.Client.Redactor,
                    Time = settings.Time,
                },
                verb.InputRows,
                verb.Context.Log,
                verb.Context.Progress,
                verb.OnRow);
            settings.Observers.BeginRun(run.Session.Journal!.RunId, run.Session.Resume is not null);
        }

        try
        {
            return await RunCoreAsync(run, stop, abort).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
            return run.Finish(cancelled: true);
        }
        finally
        {
            run.Session?.Dispose();
        }
    }

    private static async Task<RunResult<TDecision>> RunCoreAsync<TDecision, TRow>(State<TDecision, TRow> run, CancellationToken stop, CancellationToken abort)
        where TDecision : class, IDecision
        where TRow : class, IResultRow<TRow>
    {
        var verb = run.Verb;
        var settings = verb.Settings;
        try
        {
            run.Preflight = await Preflight.RunAsync(verb.Context, verb.Needs, verb.PreflightExtras(stop), stop).ConfigureAwait(false);
            run.Plan = await verb.PlanAsync(new PlanInputs<TRow>(run.Preflight, run.Session?.Resume), stop).ConfigureAwait(false);
        }
        catch (LiteLlmRequestFailedException failure)
        {
            run.Fatal = failure;
            run.Session?.Abandon();
            return run.Finish(cancelled: false);
        }

        var plan = run.Plan;
        verb.Context.Progress.RowsTotal = plan.Decisions.Count;
        run.Refused = plan.Refused
            ?? (verb.RemovalAction is { } removal && plan.Removals > 0 ? settings.Limit.Check(plan.Removals, plan.ServerUsers ?? run.Preflight.ServerUsers, removal) : null);
        if (settings.DryRun)
        {
            if (settings.PlanOut is { } path && plan.Refused is null)
            {
                verb.WritePlan(path, plan, run.Preflight);
                run.PlanWritten = path;
            }

            return run.DryRunResult();
        }

        if (run.Refused is not null)
        {
            return run.Refuse(run.Refused);
        }

        if (verb.RemovalAction is { } action && plan.Removals > 0 && settings.Confirm is { } confirm
            && !await confirm(new Confirmation(action, plan.Removals, plan.RemovalRows, verb.Context.Client.Endpoint, plan.ServerUsers ?? run.Preflight.ServerUsers) { Keys = plan.RemovalKeys }, stop).ConfigureAwait(false))
        {
            return run.Refuse(verb.NotConfirmedReason);
        }

        var session = run.Session!;
        verb.JournalPlan(session.Journal!, plan);

        // The settled rows are written now; only the work (and rows an interrupted run did) is kept from here on.
        verb.Context.Progress.StartPhase("Writing rows that need no request", 0);
        run.Plan = plan = plan.WorkOnly(decision => session.Outputs.Emit(decision.Line, verb.Row(decision)));
        verb.Context.Progress.StartPhase("Changing users", 0);

        using var scheduler = new RunScheduler(settings.Concurrency);
        var execution = new RunExecution<TRow>(verb.Context, settings, run.Preflight, session, scheduler, stop, abort);
        await verb.ExecuteAsync([.. plan.Decisions.Where(d => d.Kind == DecisionKind.Work)], execution).ConfigureAwait(false);
        if (run.Fatal is null && scheduler.Fatal is not null)
        {
            run.Fatal = scheduler.Fatal;
            run.Local = scheduler.Aborted is { LocalReason: { } reason } aborted ? (reason, aborted.LocalFix ?? string.Empty) : null;
        }

        if (run.Fatal is null && !stop.IsCancellationRequested)
        {
            await verb.VerifyAsync(execution).ConfigureAwait(false);
        }

        return run.Finish(stop.IsCancellationRequested);
    }

    /// <summary>For a dry run, which writes nothing: says that the real run will resume a journal.</summary>
    private static void NoteInterruptedRun(string journalFile, IRunLog log)
    {
        if (File.Exists(journalFile))
        {
            log.Info($"Note: {journalFile} holds an interrupted run; the real run will resume it (or use --fresh).");
        }
    }

    /// <summary>One run's state, and how it ends.</summary>
    private sealed class State<TDecision, TRow>(RunVerb<TDecision, TRow> verb)
        where TDecision : class, IDecision
        where TRow : class, IResultRow<TRow>
    {
        private readonly Stopwatch _clock = Stopwatch.StartNew();

        public RunVerb<TDecision, TRow> Verb { get; } = verb;

        public RunSession<TRow>? Session { get; set; }

        public Preflight? Preflight { get; set; }

        public RunPlan<TDecision>? Plan { get; set; }

        public LiteLlmRequestFailedException? Fatal { get; set; }

        /// <summary>Rows the run left without an outcome of their own (they got the run's reason).</summary>
        public int Unfinished { get; private set; }

        /// <summary>When <see cref="Fatal"/> happened on this machine (the backup): its reason and fix, told as they are.</summary>
        public (string Reason, string Fix)? Local { get; set; }

        public string? Refused { get; set; }

        public string? PlanWritten { get; set; }

        public RunResult<TDecision> Refuse(string reason)
        {
            Refused = reason;
            Session?.Abandon();
            return Finish(cancelled: false);
        }

        public RunResult<TDecision> Finish(bool cancelled)
        {
            var fatalReason = FatalReason();
            var reason = fatalReason ?? Refused ?? CancelledReason;
            Unfinished = Session?.Finish(Verb.Unfinished(Plan, reason), keepJournal: fatalReason is not null || Refused is not null) ?? 0;
            var left = Unfinished > 0;
            if (Session is null)
            {
                return DryRunResult();
            }

            var outputs = Session.Outputs;
            return Result(
                RunStatuses.Of(Fatal is not null, Refused is not null, cancelled && left, outputs.Errors),
                outputs.Successes,
                outputs.Errors,
                outputs.Tallies,
                outputs.Failures);
        }

        private string? FatalReason() => Local?.Reason ?? (Fatal is { } fatal ? FailureReasons.Describe(fatal, Verb.ApiErrorWords) : null);

        /// <summary>A dry run's answer: every decision's row as planned (in one pass: the rows are not kept).</summary>
        public RunResult<TDecision> DryRunResult()
        {
            var tallies = new Dictionary<string, int>(StringComparer.Ordinal);
            var failures = new SortedList<int, RowFailure>();
            var (rows, failed) = (0, 0);
            foreach (var decision in Plan?.Decisions ?? [])
            {
                var row = Verb.Row(decision);
                Verb.OnRow(decision.Line, row);
                rows++;
                tallies[row.Tally] = tallies.GetValueOrDefault(row.Tally) + 1;
                if (row.Failed)
                {
                    failed++;
                    failures.TryAdd(decision.Line, new RowFailure(row.Subject, row.Reason ?? row.Tally));
                    if (failures.Count > RunResult.FailuresKept)
                    {
                        failures.RemoveAt(failures.Count - 1);
                    }
                }
            }

            return Result(
                RunStatuses.Of(Fatal is not null, Refused is not null, cancelled: false, failed),
                rows - failed,
                failed,
                tallies,
                [.. failures.Values]);
        }

        private RunResult<TDecision> Result(RunStatus status, int succeeded, int failed, IReadOnlyDictionary<string, int> tallies, IReadOnlyList<RowFailure> failures) => new()
        {
            Status = status,
            Decisions = Plan?.Decisions ?? [],
            Rows = Plan?.Rows ?? Verb.InputRows,
            Succeeded = succeeded,
            Failed = failed,
            Tallies = tallies,
            Failures = failures,
            RefusedReason = Refused,
            PlanWritten = PlanWritten,
            FatalReason = FatalReason(),
            FatalFix = Local?.Fix ?? (Fatal is { } g ? FailureReasons.Fix(g) : null),
            ResumedRows = Session?.Resume?.Rows.Count ?? 0,
            Unfinished = Unfinished,
            ServerUsers = Plan?.ServerUsers ?? Preflight?.ServerUsers,
            Strategy = Plan?.Strategy,
            Route = Verb.Route,
            Counters = Verb.Counters,
            Elapsed = _clock.Elapsed,
        };
    }
}
