using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using LiteLlm.Admin;
using LiteLlm.Admin.Invitations;
using LiteLlm.Admin.Teams;
using LiteLlm.Admin.Users;
using LiteLlm.Users.Engine.Delete;
using LiteLlm.Users.Engine.Execution;
using LiteLlm.Users.Engine.Journal;
using LiteLlm.Users.Engine.Matching;
using LiteLlm.Users.Engine.Reporting;
using LiteLlm.Users.Engine.Safety;

namespace LiteLlm.Users.Engine.Add;

/// <summary>
/// Adds the users listed in a CSV: read and check → check the proxy → resolve teams and emails →
/// plan → create (v1 bulk or <c>/user/new</c>), update, invite → report. Every input row ends in
/// exactly one output row; an existing user is reported, not failed; a dry run sends no request
/// that changes anything and writes no file; an interrupted run is resumed from its journal and
/// never creates a user twice (each new user's id is chosen and journaled before it is sent).
/// </summary>
public sealed class AddJob : UserJob<AddJobOptions>
{
    /// <summary>Columns of user_reg_result.csv. No secret is ever written here.</summary>
    public static readonly IReadOnlyList<string> ResultHeader = ["email", "user_id", "status", "role", "team_name", "models", "invitation_url"];

    /// <summary>Columns of user_reg_error.csv.</summary>
    public static readonly IReadOnlyList<string> ErrorHeader = ["email", "user_id", "role", "error_reason"];

    /// <summary>Status of a user this run created.</summary>
    public const string Created = "Created";

    /// <summary>Status of a user that already existed (not a failure).</summary>
    public const string Exists = "Exists";

    /// <summary>Status of an existing user changed by --update-existing.</summary>
    public const string Updated = "Updated";

    /// <summary>Reason of rows left undone by Ctrl+C.</summary>
    public const string CancelledReason = DeleteJob.CancelledReason;


    /// <summary>Creates a job.</summary>
    public AddJob(LiteLlmAdminClient client, AddJobOptions options, IRunLog? log = null, RunProgress? progress = null)
        : base(client, options, log, progress)
    {
    }


    /// <summary>Runs the job over the rows of <see cref="AddJobOptions.CsvFile"/>.</summary>
    /// <exception cref="InputException">The CSV cannot be used (nothing was sent).</exception>
    public Task<AddJobResult> RunAsync(CancellationToken stop, CancellationToken abort) =>
        RunAsync(AddInput.Read(Options.CsvFile), stop, abort);

    /// <summary>Runs the job over rows already read from <see cref="AddJobOptions.CsvFile"/>.</summary>
    /// <param name="rows">The rows of the CSV.</param>
    /// <param name="stop">Ctrl+C: send no new request, finish what is in flight.</param>
    /// <param name="abort">Give up on requests in flight.</param>
    public async Task<AddJobResult> RunAsync(IReadOnlyList<AddInputRow> rows, CancellationToken stop, CancellationToken abort)
    {
        ArgumentNullException.ThrowIfNull(rows);
        var clock = Stopwatch.StartNew();
        Progress.RowsTotal = rows.Count;
        using var context = new RunContext(rows);
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
                // 1. Check the proxy (access, size, create route) and read its teams.
                Progress.StartPhase("Checking the proxy", 0);
                context.ServerTotal = await Users.ProbeTotalAsync(stop).ConfigureAwait(false);
                context.Endpoint = await UserCreator.ChooseEndpointAsync(Client, Options.Endpoint, stop).ConfigureAwait(false);
                context.Teams = rows.Any(r => r.Problem is null && r.Teams.Count > 0)
                    ? await TeamDirectory.LoadAsync(Client, stop).ConfigureAwait(false)
                    : TeamDirectory.Empty;

                // 2. Resolve every email over all users, and plan.
                await PlanAsync(context, stop).ConfigureAwait(false);
            }
            catch (LiteLlmRequestFailedException failure)
            {
                context.Fatal = failure;
                context.Session?.Abandon();
                return Finish(context, clock, cancelled: false);
            }

            if (Options.DryRun)
            {
                return Finish(context, clock, cancelled: false);
            }

            // 3. Execute.
            foreach (var planned in context.Plan.Where(p => p.Action is AddAction.Invalid or AddAction.Duplicate))
            {
                EmitError(context, planned, string.Empty, planned.Reason!);
            }

            foreach (var planned in context.Plan.Where(p => p.Action == AddAction.Exists))
            {
                EmitResult(context, planned, Exists, planned.Existing, null);
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
                Command = "add",
                BaseUrl = Client.Endpoint,
                InputFile = Options.CsvFile,
                JournalFile = JournalPath,
                Fresh = Options.Fresh,
                Result = (Options.ResultFile, ResultHeader),
                Error = (Options.ErrorFile, ErrorHeader),
                Redactor = Client.Redactor,
            },
            context.Rows.Count,
            Log,
            Progress);
        foreach (var row in context.Session.Resume?.Rows.Values ?? [])
        {
            if (row.File == RunOutputs.ResultKind && row.Values.Count > 2)
            {
                context.Count(row.Values[2]);
            }
        }

        if (Options.CreateKeys)
        {
            context.Keys = new KeysFile(Options.KeysFile, Log);
        }
    }

    private async Task PlanAsync(RunContext context, CancellationToken cancellationToken)
    {
        var done = context.Session?.Resume?.Rows ?? new Dictionary<int, JournaledRow>();
        var intents = context.Session?.Resume?.Intents ?? new Dictionary<int, IReadOnlyList<string>>();
        var pending = context.Rows.Where(r => !done.ContainsKey(r.Line) && r.Problem is null && r.DuplicateOf is null).ToList();

        // Rows an interrupted run sent a create for: the journaled id tells whether it landed.
        var sent = pending.Where(r => intents.ContainsKey(r.Line)).SelectMany(r => intents[r.Line]).ToList();
        var landed = sent.Count == 0
            ? new Dictionary<string, LiteLlmUser>()
            : await Users.FetchByIdsAsync(sent, cancellationToken).ConfigureAwait(false);
        context.SentBefore = sent;

        // Everything else is looked up by email, over all users, exactly (as delete does).
        var toResolve = pending.Where(r => !(intents.TryGetValue(r.Line, out var ids) && ids.Any(landed.ContainsKey))).ToList();
        Progress.StartPhase("Looking up emails", toResolve.Count);
        var resolution = await Users.ResolveAsync([.. toResolve.Select(r => r.Key).Distinct(StringComparer.Ordinal)], context.ServerTotal, Options.Strategy, cancellationToken).ConfigureAwait(false);
        context.Strategy = toResolve.Count > 0 ? resolution.Strategy : null;

        foreach (var row in context.Rows)
        {
            var role = row.Role ?? Options.DefaultRole;
            AddPlannedRow Plan(AddAction action, IReadOnlyList<LiteLlmTeam>? teams = null, IReadOnlyList<LiteLlmUser>? existing = null, string? changes = null, string? reason = null) =>
                new(row.Line, row.Email, action, role, teams ?? [], existing ?? [], changes, reason);

            if (done.ContainsKey(row.Line))
            {
                context.Plan.Add(Plan(AddAction.AlreadyDone));
                continue;
            }

            if (row.Problem is not null)
            {
                context.Plan.Add(Plan(AddAction.Invalid, reason: row.Problem));
                continue;
            }

            if (row.DuplicateOf is { } first)
            {
                context.Plan.Add(Plan(AddAction.Duplicate, reason: $"Duplicate email in CSV (first on line {first})"));
                continue;
            }

            var matches = row.Teams.Select(context.Teams.Resolve).ToList();
            if (matches.FirstOrDefault(m => m.Problem is not null) is { } badTeam)
            {
                context.Plan.Add(Plan(AddAction.Invalid, reason: badTeam.Problem));
                continue;
            }

            var teams = matches.Select(m => m.Team!).DistinctBy(t => t.TeamId, StringComparer.Ordinal).ToList();
            if (intents.TryGetValue(row.Line, out var sentIds) && sentIds.FirstOrDefault(landed.ContainsKey) is { } createdId)
            {
                context.Plan.Add(Plan(AddAction.CreatedBefore, teams, [landed[createdId]]));
                continue;
            }

            var users = resolution.For(row.Email);
            if (users.Count == 0)
            {
                // Reuse the id an interrupted run journaled: if that create landed late, a 409 says so.
                context.NewIds[row.Line] = sentIds is { Count: > 0 } ? sentIds[0] : Guid.NewGuid().ToString();
                context.Plan.Add(Plan(AddAction.Create, teams));
            }
            else if (!Options.UpdateExisting)
            {
                context.Plan.Add(Plan(AddAction.Exists, teams, users));
            }
            else if (users.Count > 1)
            {
                context.Plan.Add(Plan(AddAction.Invalid, teams, users, reason: string.Create(
                    CultureInfo.InvariantCulture,
                    $"Ambiguous email: {users.Count} users have this email (user_ids: {string.Join(", ", users.Select(u => u.UserId))}); none updated")));
            }
            else
            {
                var change = UserChange.For(row, users[0], teams, context.Teams);
                context.Changes[row.Line] = change;
                context.Plan.Add(change.IsEmpty ? Plan(AddAction.Exists, teams, users) : Plan(AddAction.Update, teams, users, change.Describe()));
            }
        }
    }

    private async Task ExecuteAsync(RunContext context, CancellationToken stop, CancellationToken abort)
    {
        var creator = new UserCreator(Client, Users, Options.Retry, Log, context.SentBefore);
        var locks = new TeamLocks();
        using var scheduler = new RunScheduler(Options.Concurrency);

        foreach (var planned in context.Plan.Where(p => p.Action == AddAction.CreatedBefore))
        {
            var id = planned.Existing[0].UserId;
            Options.Observers.After(new ChangeRecord(ChangeKind.Create, id, planned.Email, true, Created));
            await FinishCreatedAsync(context, planned, new CreateOutcome(id, true, null, null), abort).ConfigureAwait(false);
        }

        var creates = context.Plan.Where(p => p.Action == AddAction.Create).ToDictionary(p => context.NewIds[p.Line]);
        await creator.CreateAllAsync(
            [.. creates.Values.Select(p => context.RowsByLine[p.Line].ToCreateRequest(context.NewIds[p.Line], p.Role, p.Teams, Options.CreateKeys))],
            context.Endpoint,
            Options.BatchSize,
            locks,
            scheduler,
            Options.Observers,
            requests => context.Session!.Journal!.Intent(requests.Select(r => (creates[r.UserId!].Line, (IReadOnlyList<string>)[r.UserId!]))),
            (request, outcome) => FinishCreatedAsync(context, creates[request.UserId!], outcome, abort),
            Progress,
            stop,
            abort).ConfigureAwait(false);

        var updates = context.Plan.Where(p => p.Action == AddAction.Update).ToList();
        var updater = new UserUpdater(Client, locks, Options.Observers, context.Teams);
        Progress.StartPhase("Updating", updates.Count);
        await scheduler.ForEachAsync(updates, async planned =>
        {
            await UpdateAsync(context, planned, context.Changes[planned.Line], updater, abort).ConfigureAwait(false);
            Progress.Step();
        },
        stop,
        abort).ConfigureAwait(false);
        context.Fatal ??= scheduler.Fatal;
    }

    private async Task FinishCreatedAsync(RunContext context, AddPlannedRow planned, CreateOutcome outcome, CancellationToken cancellationToken)
    {
        if (!outcome.Created)
        {
            EmitError(context, planned, string.Empty, outcome.Reason ?? UserCreator.CreateApiError);
            return;
        }

        if (outcome.Key is { } key && context.Keys is { } keys)
        {
            keys.Append(planned.Email, outcome.UserId, context.RowsByLine[planned.Line].KeyName, key);
        }
        else if (context.Keys is { } file && !file.Contains(outcome.UserId))
        {
            Log.Warn($"The key of {planned.Email} ({outcome.UserId}) is not in {Options.KeysFile}: the answer that carried it was lost. Create a new key for this user.");
        }

        string? link = null;
        if (Options.Invite)
        {
            try
            {
                var invitation = await Client.Invitations.CreateAsync(outcome.UserId, cancellationToken).ConfigureAwait(false);
                link = InvitationsClient.LinkFor(Client.Endpoint, invitation).AbsoluteUri;
            }
            catch (LiteLlmRequestFailedException failure) when (FailureReasons.IsFatal(failure))
            {
                throw new RunAbortedException(failure);
            }
            catch (LiteLlmRequestFailedException failure)
            {
                EmitError(context, planned, outcome.UserId, "User created, but the invitation failed: " + FailureReasons.Describe(failure, "Failed to create invitation (API error)"));
                return;
            }
        }

        EmitResult(context, planned, Created, [new LiteLlmUser { UserId = outcome.UserId, UserRole = planned.Role, Teams = [.. planned.Teams.Select(t => t.TeamId)], Models = context.RowsByLine[planned.Line].Models }], link);
    }

    private static async Task UpdateAsync(RunContext context, AddPlannedRow planned, UserChange change, UserUpdater updater, CancellationToken cancellationToken)
    {
        var outcome = await updater.ApplyAsync(planned.Existing[0], change, cancellationToken).ConfigureAwait(false);
        if (outcome.Succeeded)
        {
            EmitResult(context, planned, Updated, [outcome.User], null);
        }
        else
        {
            EmitError(context, planned, outcome.User.UserId, outcome.Reason!);
        }
    }

    private static void EmitResult(RunContext context, AddPlannedRow planned, string status, IReadOnlyList<LiteLlmUser> users, string? link)
    {
        var teams = users.SelectMany(u => u.Teams ?? []).Distinct(StringComparer.Ordinal).Select(context.Teams.Describe);
        context.Session!.Outputs.Emit(planned.Line, success: true,
        [
            planned.Email,
            string.Join(';', users.Select(u => u.UserId)),
            status,
            string.Join(';', users.Select(u => u.UserRole ?? string.Empty).Distinct(StringComparer.Ordinal)),
            string.Join(';', teams),
            string.Join(';', users.SelectMany(u => u.Models ?? []).Distinct(StringComparer.Ordinal)),
            link,
        ]);
        context.Count(status);
    }

    private static void EmitError(RunContext context, AddPlannedRow planned, string userId, string reason) =>
        context.Session!.Outputs.Emit(planned.Line, success: false, [planned.Email, userId, planned.Role, reason]);

    private AddJobResult Finish(RunContext context, Stopwatch clock, bool cancelled)
    {
        var fatalReason = context.Fatal is { } fatal ? FailureReasons.Describe(fatal) : null;
        RunStatus status;
        if (context.Session is { } session)
        {
            var roles = context.Plan.ToDictionary(p => p.Line, p => p.Role);
            status = session.Finish(
                context.Rows,
                row => row.Line,
                (row, reason) => [row.Email, string.Empty, roles.TryGetValue(row.Line, out var role) ? role : row.Role ?? Options.DefaultRole, reason],
                fatalReason,
                CancelledReason,
                cancelled);
        }
        else
        {
            status = fatalReason is not null ? RunStatus.CouldNotRun
                : cancelled ? RunStatus.Cancelled
                : context.Plan.Any(p => p.Action is AddAction.Invalid or AddAction.Duplicate) ? RunStatus.CompletedWithErrors
                : RunStatus.Completed;
        }

        return new AddJobResult
        {
            Status = status,
            Plan = context.Plan,
            Rows = context.Rows.Count,
            ByStatus = context.Statuses.ToDictionary(p => p.Key, p => p.Value, StringComparer.Ordinal),
            Failed = context.Session?.Outputs.Errors ?? context.Plan.Count(p => p.Action is AddAction.Invalid or AddAction.Duplicate),
            KeysWritten = context.Keys?.Count ?? 0,
            FatalReason = fatalReason,
            FatalFix = context.Fatal is { } f ? FailureReasons.Fix(f) : null,
            ResumedRows = context.Session?.Resume?.Rows.Count ?? 0,
            ServerUsers = context.ServerTotal,
            Strategy = context.Strategy,
            Endpoint = context.Endpoint == CreateEndpoint.Auto ? null : context.Endpoint,
            Elapsed = clock.Elapsed,
        };
    }

    private sealed class RunContext(IReadOnlyList<AddInputRow> rows) : IDisposable
    {
        public IReadOnlyList<AddInputRow> Rows { get; } = rows;

        public Dictionary<int, AddInputRow> RowsByLine { get; } = rows.ToDictionary(r => r.Line);

        public List<AddPlannedRow> Plan { get; } = [];

        public Dictionary<int, string> NewIds { get; } = [];

        public Dictionary<int, UserChange> Changes { get; } = [];

        public IReadOnlyList<string> SentBefore { get; set; } = [];

        public ConcurrentDictionary<string, int> Statuses { get; } = new(StringComparer.Ordinal);

        public RunSession? Session { get; set; }

        public KeysFile? Keys { get; set; }

        public TeamDirectory Teams { get; set; } = TeamDirectory.Empty;

        public int ServerTotal { get; set; }

        public CreateEndpoint Endpoint { get; set; }

        public ResolutionStrategy? Strategy { get; set; }

        public LiteLlmRequestFailedException? Fatal { get; set; }

        public void Count(string status) => Statuses.AddOrUpdate(status, 1, static (_, n) => n + 1);

        public void Dispose()
        {
            Session?.Dispose();
            Keys?.Dispose();
        }
    }
}
