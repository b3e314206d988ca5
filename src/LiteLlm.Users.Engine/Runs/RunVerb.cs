namespace LiteLlm.Users.Engine.Runs;

/// <summary>
/// A command that changes users, as the <see cref="RunRunner"/> drives it. The command supplies
/// what is its own — the reads its pure planner needs and the planner, a narrow executor, and its
/// typed row — and the runner owns the rest of the lifecycle: session and journal, preflight,
/// guards and confirmation, scheduling, verification, the end of the run and its status.
/// </summary>
/// <typeparam name="TDecision">The planner's decision for one row.</typeparam>
/// <typeparam name="TRow">The output row.</typeparam>
internal abstract class RunVerb<TDecision, TRow>
    where TDecision : class, IDecision
    where TRow : class, IResultRow<TRow>
{
    /// <summary>Creates the verb.</summary>
    protected RunVerb(RunContext context, RunSettings settings)
    {
        Context = context ?? throw new ArgumentNullException(nameof(context));
        Settings = settings ?? throw new ArgumentNullException(nameof(settings));
    }

    /// <summary>The proxy, the log, the progress counters and the user directory.</summary>
    public RunContext Context { get; }

    /// <summary>The settings every command shares.</summary>
    public RunSettings Settings { get; }

    /// <summary>The command's name ("delete"): part of the journal's identity.</summary>
    public abstract string Command { get; }

    /// <summary>The file whose bytes identify the run (the CSV, the plan, the backup).</summary>
    public abstract string InputFile { get; }

    /// <summary>What identifies the run's journal: by default the command, the proxy and the input file's bytes.</summary>
    public virtual RunIdentity Identity => RunIdentity.For(Command, Context.Client.Endpoint, InputFile);

    /// <summary>Rows of the input (the progress total until the plan is known).</summary>
    public abstract int InputRows { get; }

    /// <summary>What the preflight must find out besides access and the number of users.</summary>
    public virtual PreflightNeeds Needs => PreflightNeeds.None;

    /// <summary>For a command that removes users from use: the action's verb ("delete"), so the limit and the confirmation apply. Null otherwise.</summary>
    public virtual string? RemovalAction => null;

    /// <summary>The words of a failure the manual has no name for, in this command's verb ("Failed to delete user (API error)").</summary>
    public virtual string ApiErrorWords => FailureReasons.DeleteApiError;

    /// <summary>The reason every row gets when the operator answers no.</summary>
    public virtual string NotConfirmedReason => "Not confirmed: nothing was changed";

    /// <summary>Tasks to run alongside the preflight's reads (e.g. a route probe).</summary>
    public virtual IReadOnlyList<Task> PreflightExtras(CancellationToken cancellationToken) => [];

    /// <summary>Reads what the planner needs (read-only requests only) and plans.</summary>
    public abstract Task<RunPlan<TDecision>> PlanAsync(PlanInputs<TRow> inputs, CancellationToken cancellationToken);

    /// <summary>The row a decision leads to when all goes as planned: the final row of a settled decision, a dry run's preview of the others.</summary>
    public abstract TRow Row(TDecision decision);

    /// <summary>The rows of every line left without an outcome (the run was refused, cancelled or could not go on), with <paramref name="reason"/>.</summary>
    /// <param name="plan">The plan, or null when the run stopped before it was made (then the input's lines).</param>
    /// <param name="reason">Why.</param>
    public abstract IEnumerable<(int Line, Func<TRow> Row)> Unfinished(RunPlan<TDecision>? plan, string reason);

    /// <summary>Told of every output row as it is written (and of a dry run's preview rows). Default: nothing.</summary>
    public virtual void OnRow(int line, TRow row)
    {
    }

    /// <summary>Does the work of the decisions of kind <see cref="DecisionKind.Work"/>: each row's outcome goes to <see cref="RunExecution{TRow}.Emit"/>.</summary>
    public abstract Task ExecuteAsync(IReadOnlyList<TDecision> work, RunExecution<TRow> run);

    /// <summary>Checks, after the work, that what was reported happened (and says what it fixed). Default: nothing.</summary>
    public virtual Task VerifyAsync(RunExecution<TRow> run) => Task.CompletedTask;

    /// <summary>Journals, before any change, what a rerun could not plan again from the input. Default: nothing.</summary>
    public virtual void JournalPlan(RunJournal journal, RunPlan<TDecision> plan)
    {
    }

    /// <summary>Writes a dry run's reviewed plan to <paramref name="path"/>. Default: the command makes no plan files.</summary>
    public virtual void WritePlan(string path, RunPlan<TDecision> plan, Preflight preflight)
    {
    }

    /// <summary>The route that made (or would make) the changes, for the summary; null when none was chosen.</summary>
    public virtual string? Route => null;

    /// <summary>The command's own counters for the result (e.g. keys written).</summary>
    public virtual IReadOnlyDictionary<string, int> Counters => new Dictionary<string, int>();
}
