using System.Globalization;
using LiteLlm.Admin.Security;
using LiteLlm.Users.Engine.Csv;

namespace LiteLlm.Users.Engine.Runs;

/// <summary>Where a run keeps its journal and writes its output files.</summary>
internal sealed record RunSessionOptions
{
    /// <summary>Who the journal belongs to (command, proxy, input bytes).</summary>
    public required RunIdentity Identity { get; init; }

    /// <summary>The journal.</summary>
    public required string JournalFile { get; init; }

    /// <summary>Ignore (remove) an interrupted run's journal.</summary>
    public bool Fresh { get; init; }

    /// <summary>The result file.</summary>
    public required string ResultFile { get; init; }

    /// <summary>The error file; null for a command whose failed rows stay in the result file.</summary>
    public string? ErrorFile { get; init; }

    /// <summary>Scrubs every cell written.</summary>
    public SecretRedactor Redactor { get; init; } = SecretRedactor.None;

    /// <summary>The clock of the journal's timestamps.</summary>
    public TimeProvider Time { get; init; } = TimeProvider.System;
}

/// <summary>
/// The life of a real run's outputs: start or resume the journal (a journal of another run is set
/// aside, never applied), create the output files and replay the rows an interrupted run finished;
/// at the end give every row still without an outcome the run's reason, sort the files, and remove
/// the journal only when the run really finished.
/// </summary>
/// <typeparam name="TRow">The command's output row.</typeparam>
internal sealed class RunSession<TRow> : IDisposable
    where TRow : class, IResultRow<TRow>
{
    private readonly IRunLog _log;

    private RunSession(RunJournal journal, RunOutputs<TRow> outputs, JournalState<TRow>? resume, IRunLog log)
    {
        Journal = journal;
        Outputs = outputs;
        Resume = resume;
        _log = log;
    }

    /// <summary>The journal (null once the run finished or was abandoned).</summary>
    public RunJournal? Journal { get; private set; }

    /// <summary>The output files.</summary>
    public RunOutputs<TRow> Outputs { get; }

    /// <summary>What an interrupted run of the same command, proxy and input left, or null.</summary>
    public JournalState<TRow>? Resume { get; }

    /// <summary>Opens the outputs; replays and announces an interrupted run's rows.</summary>
    /// <exception cref="InputException">The journal there was written by another version of the tool.</exception>
    public static RunSession<TRow> Open(RunSessionOptions options, int rowCount, IRunLog log, RunProgress progress, Action<int, TRow>? onRow = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(log);
        ArgumentNullException.ThrowIfNull(progress);
        var path = options.JournalFile;
        if (options.Fresh && File.Exists(path))
        {
            File.Delete(path);
            log.Info($"Starting over (--fresh): removed {path}.");
        }

        var resume = RunJournal.TryLoad(path, options.Identity, TRow.JsonInfo, out var foreign);
        if (foreign)
        {
            var stale = path + ".stale";
            File.Move(path, stale, overwrite: true);
            log.Warn($"{path} was left by a run over another input or proxy; it is not applied (kept as {stale}).");
        }

        var journal = RunJournal.Open(path, options.Identity, resume?.RunId, options.Time);
        var layout = TRow.Layout;
        var outputs = new RunOutputs<TRow>(
            new OutcomeFile(options.ResultFile, layout.ResultHeader, options.Redactor, layout.OwnerOnly),
            options.ErrorFile is { } error && layout.ErrorHeader is { } errorHeader ? new OutcomeFile(error, errorHeader, options.Redactor) : null,
            journal,
            progress,
            onRow);

        if (resume is not null)
        {
            foreach (var (line, row) in resume.Rows)
            {
                outputs.Replay(line, row);
            }

            log.Info(string.Create(
                CultureInfo.InvariantCulture,
                $"Resuming the interrupted run of {resume.StartedAt:u} from {path}: {resume.Rows.Count} of {rowCount} rows were already done (use --fresh to start over)."));
        }

        return new RunSession<TRow>(journal, outputs, resume, log);
    }

    /// <summary>The run could not start (nothing was changed): a fresh journal is removed, a resumed one kept.</summary>
    public void Abandon()
    {
        if (Resume is null && Journal is { } journal)
        {
            journal.Dispose();
            File.Delete(journal.Path);
            Journal = null;
        }
    }

    /// <summary>
    /// Ends the run: every line of <paramref name="unfinished"/> without an outcome gets its row (not
    /// journaled, so a rerun does it); the files are sorted; the journal is removed unless the run
    /// must resume (it could not go on, or was cancelled with rows left).
    /// </summary>
    /// <returns>How many rows were left undone.</returns>
    public int Finish(IEnumerable<(int Line, Func<TRow> Row)> unfinished, bool keepJournal)
    {
        ArgumentNullException.ThrowIfNull(unfinished);
        var left = 0;
        foreach (var (line, row) in unfinished)
        {
            if (!Outputs.IsDone(line))
            {
                Outputs.Emit(line, row(), final: false);
                left++;
            }
        }

        Outputs.Complete();
        if (!keepJournal && left == 0)
        {
            Journal?.Finish();
            Journal = null;
        }
        else if (Journal is not null)
        {
            _log.Debug($"journal kept for a rerun: {Journal.Path}");
        }

        return left;
    }

    /// <inheritdoc />
    public void Dispose()
    {
        Outputs.Dispose();
        Journal?.Dispose();
    }
}
