using System.Diagnostics;
using System.Globalization;
using LiteLlm.Admin;
using LiteLlm.Admin.Users;
using LiteLlm.Users.Engine.Csv;
using LiteLlm.Users.Engine.Execution;
using LiteLlm.Users.Engine.Journal;
using LiteLlm.Users.Engine.Matching;
using LiteLlm.Users.Engine.Reporting;
using LiteLlm.Users.Engine.Safety;

namespace LiteLlm.Users.Engine.Delete;

/// <summary>
/// Deletes the users listed by email in a CSV: read → check the proxy → resolve → plan → execute →
/// report. Every input row ends in exactly one output row; a dry run sends no request that changes
/// anything and writes no file; an interrupted run is resumed from its journal.
/// </summary>
public sealed class DeleteJob : UserJob<DeleteJobOptions>
{
    /// <summary>Columns of user_del_result.csv (the del_user.py manual's).</summary>
    public static readonly IReadOnlyList<string> ResultHeader = ["email", "user_id", "status"];

    /// <summary>Columns of user_del_error.csv (the del_user.py manual's).</summary>
    public static readonly IReadOnlyList<string> ErrorHeader = ["email", "user_id", "error_reason"];

    /// <summary>Reason of rows when the operator answers no.</summary>
    public const string NotConfirmedReason = "Not confirmed: nothing was deleted";

    /// <summary>Reason of rows left undone by Ctrl+C.</summary>
    public const string CancelledReason = "Not processed: the run was cancelled; rerun the same command to resume";


    /// <summary>Creates a job.</summary>
    public DeleteJob(LiteLlmAdminClient client, DeleteJobOptions options, IRunLog? log = null, RunProgress? progress = null)
        : base(client, options, log, progress)
    {
    }


    /// <summary>Runs the job.</summary>
    /// <param name="stop">Ctrl+C: send no new request, finish what is in flight.</param>
    /// <param name="abort">Give up on requests in flight (a grace period after <paramref name="stop"/>).</param>
    /// <exception cref="InputException">The CSV cannot be used (nothing was sent).</exception>
    public Task<DeleteJobResult> RunAsync(CancellationToken stop, CancellationToken abort)
    {
        if (Options.PlanFile is { } planFile)
        {
            var plan = DeletePlanDocument.Load(planFile, Client.Endpoint, Options.MaxPlanAge, Options.Time.GetUtcNow());
            return RunAsync(plan, stop, abort);
        }

        return RunAsync(DeleteInput.Read(Options.CsvFile), stop, abort);
    }

    /// <summary>Applies a reviewed plan (<see cref="DeleteJobOptions.PlanFile"/>, already loaded and checked).</summary>
    /// <param name="plan">The plan: exactly its delete rows' users are deleted, after a re-check.</param>
    /// <param name="stop">Ctrl+C.</param>
    /// <param name="abort">Give up on requests in flight.</param>
    public Task<DeleteJobResult> RunAsync(DeletePlanDocument plan, CancellationToken stop, CancellationToken abort)
    {
        ArgumentNullException.ThrowIfNull(plan);
        var rows = plan.Rows.Select(r => new DeleteInputRow(r.Line, r.Email, null)).ToList();
        return RunCoreAsync(rows, plan, stop, abort);
    }

    /// <summary>Runs the job over rows already read from <see cref="DeleteJobOptions.CsvFile"/>.</summary>
    /// <param name="rows">The rows of the CSV.</param>
    /// <param name="stop">Ctrl+C: send no new request, finish what is in flight.</param>
    /// <param name="abort">Give up on requests in flight (a grace period after <paramref name="stop"/>).</param>
    public Task<DeleteJobResult> RunAsync(IReadOnlyList<DeleteInputRow> rows, CancellationToken stop, CancellationToken abort)
    {
        ArgumentNullException.ThrowIfNull(rows);
        return RunCoreAsync(rows, null, stop, abort);
    }

    private async Task<DeleteJobResult> RunCoreAsync(IReadOnlyList<DeleteInputRow> rows, DeletePlanDocument? plan, CancellationToken stop, CancellationToken abort)
    {
        var clock = Stopwatch.StartNew();
        Progress.RowsTotal = rows.Count;
        var context = new RunContext(rows) { Plan = plan };

        if (!Options.DryRun)
        {
            OpenOutputs(context);
        }
        else
        {
            RunSession.NoteInterruptedRun(JournalPath, Log);
        }

        try
        {
            // 1. Check the proxy: access, size, and which delete route it has.
            Progress.StartPhase("Checking the proxy", 0);
            try
            {
                // Three small independent requests: send them together.
                var total = Users.ProbeTotalAsync(stop);
                var endpoint = UserDeleter.ChooseEndpointAsync(Client, Options.Endpoint, stop);
                var caller = ProtectionRules.FindCallerAsync(Client, Log, stop);
                await Task.WhenAll(total, endpoint, caller).ConfigureAwait(false);
                context.ServerTotal = await total.ConfigureAwait(false);
                context.Endpoint = await endpoint.ConfigureAwait(false);
                context.CallerUserId = await caller.ConfigureAwait(false);
                Log.Debug($"proxy has {context.ServerTotal} users; deleting with {(context.Endpoint == DeleteEndpoint.BulkV1 ? "/management/v1/users/bulk_delete" : "/user/delete")}");
            }
            catch (LiteLlmRequestFailedException failure)
            {
                return Abandon(context, failure, clock);
            }

            // 2. Resolve and plan.
            try
            {
                await PlanAsync(context, stop).ConfigureAwait(false);
            }
            catch (LiteLlmRequestFailedException failure)
            {
                return Abandon(context, failure, clock);
            }

            // 3. Guards: protected users first, then the size of the run.
            Protect(context);
            var users = context.Work.Values.Where(w => !w.IsSettled).Sum(w => w.Targets.Count);
            context.Refused = Options.Limit.Check(users, context.ServerTotal);
            if (Options.DryRun)
            {
                WritePlan(context);
                return Result(context, clock, context.Refused is not null ? RunStatus.Refused : DryRunStatus(context));
            }

            if (context.Refused is not null)
            {
                return Refuse(context, clock, context.Refused);
            }

            if (users > 0 && Options.Confirm is { } confirm
                && !await confirm(new DeleteConfirmation(users, context.Work.Count, Client.Endpoint, context.ServerTotal), stop).ConfigureAwait(false))
            {
                return Refuse(context, clock, NotConfirmedReason);
            }

            // 4. Execute.
            WritePlannedErrors(context);
            await ExecuteAsync(context, stop, abort).ConfigureAwait(false);
            return Finish(context, clock, stop.IsCancellationRequested);
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
            return Finish(context, clock, cancelled: true);
        }
        finally
        {
            context.Session?.Dispose();
        }
    }

    private void OpenOutputs(RunContext context) =>
        context.Session = RunSession.Open(
            new RunSessionOptions
            {
                Command = "delete",
                BaseUrl = Client.Endpoint,
                InputFile = Options.PlanFile ?? Options.CsvFile,
                JournalFile = JournalPath,
                Fresh = Options.Fresh,
                Result = (Options.ResultFile, ResultHeader),
                Error = (Options.ErrorFile, ErrorHeader),
                Redactor = Client.Redactor,
            },
            context.Rows.Count,
            Log,
            Progress);

    private async Task PlanAsync(RunContext context, CancellationToken cancellationToken)
    {
        var done = context.Resume?.Rows ?? new Dictionary<int, JournaledRow>();
        var intents = context.Resume?.Intents ?? new Dictionary<int, IReadOnlyList<string>>();
        var pending = context.Rows.Where(r => !done.ContainsKey(r.Line) && r.DuplicateOf is null).ToList();

        // Rows an interrupted run already sent a delete for: finish exactly those users.
        var resumed = pending.Where(r => intents.ContainsKey(r.Line)).ToList();
        IReadOnlyDictionary<string, LiteLlmUser> current = resumed.Count == 0
            ? new Dictionary<string, LiteLlmUser>()
            : await Users.FetchByIdsAsync(resumed.SelectMany(r => intents[r.Line]), cancellationToken).ConfigureAwait(false);

        var planned = context.Plan?.Rows.ToDictionary(r => r.Line) ?? [];
        var plannedIds = pending.Where(r => !intents.ContainsKey(r.Line) && planned.TryGetValue(r.Line, out var p) && p.Action == PlannedAction.Delete)
            .SelectMany(r => planned[r.Line].Users.Select(u => u.UserId)).ToList();
        if (plannedIds.Count > 0)
        {
            // Applying a plan: re-check that each planned user still exists with the same email.
            var now = await Users.FetchByIdsAsync(plannedIds, cancellationToken).ConfigureAwait(false);
            current = current.Concat(now).DistinctBy(p => p.Key).ToDictionary(p => p.Key, p => p.Value, StringComparer.Ordinal);
        }

        var toResolve = context.Plan is null ? pending.Where(r => !intents.ContainsKey(r.Line)).ToList() : [];
        Progress.StartPhase("Resolving emails", toResolve.Count);
        var resolution = await Users.ResolveAsync([.. toResolve.Select(r => r.Key).Distinct(StringComparer.Ordinal)], context.ServerTotal, Options.Strategy, cancellationToken).ConfigureAwait(false);
        context.Strategy = toResolve.Count > 0 ? resolution.Strategy : null;

        foreach (var row in context.Rows)
        {
            if (done.ContainsKey(row.Line))
            {
                context.Decisions.Add(new PlannedRow(row.Line, row.Email, PlannedAction.AlreadyDone, [], null));
            }
            else if (row.DuplicateOf is { } first)
            {
                context.Decisions.Add(new PlannedRow(row.Line, row.Email, PlannedAction.Duplicate, [], $"Duplicate email in CSV (first on line {first})"));
            }
            else if (intents.TryGetValue(row.Line, out var ids))
            {
                var work = new RowWork(row, ids);
                foreach (var id in ids)
                {
                    if (current.TryGetValue(id, out var user))
                    {
                        work.Targets.Add(user);
                    }
                    else
                    {
                        // Gone after our intent was written: our earlier attempt deleted it.
                        work.Fates[id] = new IdOutcome(id, IdFate.Deleted, null);
                    }
                }

                context.Work[row.Line] = work;
                context.Decisions.Add(new PlannedRow(row.Line, row.Email, PlannedAction.Delete, [.. ids.Select(id => ToPlanned(id, current))], null));
            }
            else if (planned.TryGetValue(row.Line, out var fromPlan))
            {
                context.Decisions.Add(FromPlan(context, row, fromPlan, current));
            }
            else
            {
                context.Decisions.Add(PlanResolved(context, row, resolution.For(row.Email)));
            }
        }
    }

    private PlannedRow PlanResolved(RunContext context, DeleteInputRow row, IReadOnlyList<LiteLlmUser> matches)
    {
        var users = matches.Select(u => new PlannedUser(u.UserId, u.UserEmail, u.UserRole)).ToList();
        if (matches.Count == 0)
        {
            return new PlannedRow(row.Line, row.Email, PlannedAction.NotFound, [], FailureReasons.NotFound);
        }

        if (matches.Count > 1 && !Options.AllMatches)
        {
            var ids = string.Join(", ", matches.Select(u => u.UserId));
            return new PlannedRow(
                row.Line,
                row.Email,
                PlannedAction.Ambiguous,
                users,
                string.Create(CultureInfo.InvariantCulture, $"Ambiguous email: {matches.Count} users have this email (user_ids: {ids}); none deleted. Use --all-matches to delete all of them"));
        }

        var work = new RowWork(row, [.. matches.Select(u => u.UserId)]);
        work.Targets.AddRange(matches);
        context.Work[row.Line] = work;
        return new PlannedRow(row.Line, row.Email, PlannedAction.Delete, users, null);
    }

    /// <summary>A plan row, re-checked: a delete row whose users changed or vanished is not deleted.</summary>
    private static PlannedRow FromPlan(RunContext context, DeleteInputRow row, PlannedRow planned, IReadOnlyDictionary<string, LiteLlmUser> current)
    {
        if (planned.Action != PlannedAction.Delete)
        {
            return planned with { Email = row.Email };
        }

        foreach (var user in planned.Users)
        {
            if (!current.TryGetValue(user.UserId, out var now))
            {
                return new PlannedRow(row.Line, row.Email, PlannedAction.NotFound, planned.Users, $"{FailureReasons.NotFound}: user {user.UserId} no longer exists (the plan is out of date); nothing deleted for this row");
            }

            if (!EmailKey.SameAddress(now.UserEmail, user.Email))
            {
                return new PlannedRow(row.Line, row.Email, PlannedAction.NotFound, planned.Users, $"Plan out of date: user {user.UserId}'s email is now '{now.UserEmail}', the plan says '{user.Email}'; not deleted");
            }
        }

        var work = new RowWork(row, [.. planned.Users.Select(u => u.UserId)]);
        work.Targets.AddRange(planned.Users.Select(u => current[u.UserId]));
        context.Work[row.Line] = work;
        return planned with { Email = row.Email, Users = [.. work.Targets.Select(u => new PlannedUser(u.UserId, u.UserEmail, u.UserRole))] };
    }

    /// <summary>Turns rows with a protected user into error rows: none of their users is deleted.</summary>
    private void Protect(RunContext context)
    {
        var rules = Options.Protection.WithCaller(context.CallerUserId);
        foreach (var work in context.Work.Values.Where(w => !w.IsSettled).ToList())
        {
            var why = work.Targets.Select(rules.Why).FirstOrDefault(w => w is not null);
            if (why is null)
            {
                continue;
            }

            context.Work.Remove(work.Row.Line);
            var index = context.Decisions.FindIndex(d => d.Line == work.Row.Line);
            context.Decisions[index] = context.Decisions[index] with { Action = PlannedAction.Protected, Reason = why };
        }
    }

    private void WritePlan(RunContext context)
    {
        if (Options.PlanOut is not { } path)
        {
            return;
        }

        var input = Options.PlanFile ?? Options.CsvFile;
        var hash = File.Exists(input) ? RunIdentity.For("delete", Client.Endpoint, input).InputSha256 : null;
        DeletePlanDocument.From(context.Decisions, Client.Endpoint, Options.CsvFile, hash ?? string.Empty, context.ServerTotal, Options.Time.GetUtcNow()).Save(path);
        context.PlanWritten = path;
    }

    private static DeleteJobResult Refuse(RunContext context, Stopwatch clock, string reason)
    {
        context.Refused = reason;
        context.Session?.Abandon();
        return Finish(context, clock, cancelled: false, status: RunStatus.Refused);
    }

    private static PlannedUser ToPlanned(string id, IReadOnlyDictionary<string, LiteLlmUser> current) =>
        current.TryGetValue(id, out var user) ? new PlannedUser(id, user.UserEmail, user.UserRole) : new PlannedUser(id, null, null);

    private static RunStatus DryRunStatus(RunContext context) =>
        context.Decisions.All(p => p.Action is PlannedAction.Delete or PlannedAction.AlreadyDone) ? RunStatus.Completed : RunStatus.CompletedWithErrors;

    private static void WritePlannedErrors(RunContext context)
    {
        foreach (var planned in context.Decisions.Where(p => p.Action is PlannedAction.NotFound or PlannedAction.Ambiguous or PlannedAction.Duplicate or PlannedAction.Protected))
        {
            context.Outputs!.Emit(planned.Line, success: false, [planned.Email, string.Empty, planned.Reason]);
        }

        // Resumed rows whose users were all gone already are done now.
        foreach (var work in context.Work.Values.Where(w => w.IsSettled).ToList())
        {
            EmitWork(context, work);
        }
    }

    private async Task ExecuteAsync(RunContext context, CancellationToken stop, CancellationToken abort)
    {
        var byId = new Dictionary<string, RowWork>(StringComparer.Ordinal);
        foreach (var work in context.Work.Values.Where(w => !w.IsSettled))
        {
            foreach (var user in work.Targets)
            {
                byId[user.UserId] = work;
            }
        }

        var deleter = new UserDeleter(Client, Users, context.Endpoint, Options.Retry, Log, context.Resume?.IntentIds);
        using var scheduler = new RunScheduler(Options.Concurrency);
        await deleter.DeleteAllAsync(
            context.Work.Values.Where(w => !w.IsSettled).SelectMany(w => w.Targets),
            Options.BatchSize,
            scheduler,
            Options.Observers,
            // Each row's intent names all of its users, so a rerun finishes exactly that row.
            ids => context.Journal!.Intent(ids.Select(id => byId[id]).Distinct().Select(w => (w.Row.Line, (IReadOnlyList<string>)w.Ids))),
            (outcome, _) =>
            {
                var work = byId[outcome.UserId];
                lock (work)
                {
                    work.Fates[outcome.UserId] = outcome;
                    if (!work.IsSettled)
                    {
                        return;
                    }
                }

                EmitWork(context, work);
            },
            Progress,
            stop,
            abort).ConfigureAwait(false);
        context.Fatal ??= scheduler.Fatal;
    }

    private static void EmitWork(RunContext context, RowWork work)
    {
        lock (work)
        {
            if (work.Emitted)
            {
                return;
            }

            work.Emitted = true;
        }

        var ids = string.Join(';', work.Ids);
        var failures = work.Ids.Select(id => work.Fates[id]).Where(f => f.Fate != IdFate.Deleted).ToList();
        if (failures.Count == 0)
        {
            context.Outputs!.Emit(work.Row.Line, success: true, [work.Row.Email, ids, "Deleted"]);
            return;
        }

        var reason = failures[0].Reason ?? FailureReasons.DeleteApiError;
        if (failures.Count < work.Ids.Count)
        {
            var deleted = string.Join(';', work.Ids.Where(id => work.Fates[id].Fate == IdFate.Deleted));
            reason = $"{reason} (partly done: deleted {deleted}; not deleted {string.Join(';', failures.Select(f => f.UserId))})";
        }

        context.Outputs!.Emit(work.Row.Line, success: false, [work.Row.Email, ids, reason]);
    }

    private static DeleteJobResult Abandon(RunContext context, LiteLlmRequestFailedException failure, Stopwatch clock)
    {
        context.Fatal = failure;
        context.Session?.Abandon();

        return Finish(context, clock, cancelled: false, status: RunStatus.CouldNotRun);
    }

    private static DeleteJobResult Finish(RunContext context, Stopwatch clock, bool cancelled, RunStatus? status = null)
    {
        var fatal = context.Fatal;
        var fatalReason = fatal is null ? null : FailureReasons.Describe(fatal);
        if (context.Session is { } session)
        {
            var finished = session.Finish(
                context.Rows,
                row => row.Line,
                (row, reason) => [row.Email, context.Work.TryGetValue(row.Line, out var work) ? string.Join(';', work.Ids) : string.Empty, reason],
                fatalReason ?? context.Refused,
                CancelledReason,
                cancelled);
            status ??= finished;
        }

        status ??= fatal is not null ? RunStatus.CouldNotRun : cancelled ? RunStatus.Cancelled : DryRunStatus(context);
        return Result(context, clock, status.Value);
    }

    private static DeleteJobResult Result(RunContext context, Stopwatch clock, RunStatus status) => new()
    {
        Status = status,
        Plan = context.Decisions,
        Rows = context.Rows.Count,
        Succeeded = context.Outputs?.Successes ?? context.Decisions.Count(p => p.Action == PlannedAction.Delete),
        Failed = context.Outputs?.Errors ?? context.Decisions.Count(p => p.Action is not (PlannedAction.Delete or PlannedAction.AlreadyDone)),
        FatalReason = context.Fatal is { } f ? FailureReasons.Describe(f) : null,
        RefusedReason = context.Refused,
        PlanWritten = context.PlanWritten,
        FatalFix = context.Fatal is { } g ? FailureReasons.Fix(g) : null,
        ResumedRows = context.Resume?.Rows.Count ?? 0,
        ServerUsers = context.ServerTotal,
        Strategy = context.Strategy,
        Endpoint = context.Endpoint == DeleteEndpoint.Auto ? null : context.Endpoint,
        Elapsed = clock.Elapsed,
    };

    private sealed class RunContext(IReadOnlyList<DeleteInputRow> rows)
    {
        public IReadOnlyList<DeleteInputRow> Rows { get; } = rows;

        public List<PlannedRow> Decisions { get; } = [];

        public DeletePlanDocument? Plan { get; init; }

        public string? CallerUserId { get; set; }

        public string? Refused { get; set; }

        public string? PlanWritten { get; set; }

        public Dictionary<int, RowWork> Work { get; } = [];

        public RunSession? Session { get; set; }

        public JournalState? Resume => Session?.Resume;

        public RunJournal? Journal => Session?.Journal;

        public RunOutputs? Outputs => Session?.Outputs;

        public int ServerTotal { get; set; }

        public DeleteEndpoint Endpoint { get; set; }

        public ResolutionStrategy? Strategy { get; set; }

        public LiteLlmRequestFailedException? Fatal { get; set; }
    }

    /// <summary>The users of one row and what happened to each.</summary>
    private sealed class RowWork(DeleteInputRow row, IReadOnlyList<string> ids)
    {
        public DeleteInputRow Row { get; } = row;

        public IReadOnlyList<string> Ids { get; } = ids;

        public List<LiteLlmUser> Targets { get; } = [];

        public Dictionary<string, IdOutcome> Fates { get; } = new(StringComparer.Ordinal);

        public bool IsSettled => Ids.All(Fates.ContainsKey);

        public bool Emitted { get; set; }
    }
}
