using System.Globalization;
using LiteLlm.Admin.Security;
using LiteLlm.Users.Engine.Csv;
using LiteLlm.Users.Engine.Delete;
using LiteLlm.Users.Engine.Journal;

namespace LiteLlm.Users.Engine.Reporting;

/// <summary>Where a run that changes users keeps its journal and writes its output files.</summary>
public sealed record RunSessionOptions
{
    /// <summary>The command ("delete", "add"): part of the journal's identity.</summary>
    public required string Command { get; init; }

    /// <summary>The proxy: part of the journal's identity.</summary>
    public required Uri BaseUrl { get; init; }

    /// <summary>The input CSV: its bytes are part of the journal's identity.</summary>
    public required string InputFile { get; init; }

    /// <summary>The journal.</summary>
    public required string JournalFile { get; init; }

    /// <summary>Ignore (remove) an interrupted run's journal.</summary>
    public bool Fresh { get; init; }

    /// <summary>The result file and its header.</summary>
    public required (string Path, IReadOnlyList<string> Header) Result { get; init; }

    /// <summary>The error file and its header; null = failed rows go to the result file (its rows carry their own status).</summary>
    public required (string Path, IReadOnlyList<string> Header)? Error { get; init; }

    /// <summary>Scrubs every cell written.</summary>
    public SecretRedactor Redactor { get; init; } = SecretRedactor.None;
}

/// <summary>
/// The life of a run's outputs, shared by every command that changes users: start or resume the
/// journal (a journal of another run is set aside, never applied), create the output files and
/// replay the rows an interrupted run finished; at the end give every row still without an outcome
/// the run's reason, sort the files, and remove the journal only when the run really finished.
/// </summary>
public sealed class RunSession : IDisposable
{
    private readonly IRunLog _log;

    private RunSession(RunJournal journal, RunOutputs outputs, JournalState? resume, IRunLog log)
    {
        Journal = journal;
        Outputs = outputs;
        Resume = resume;
        _log = log;
    }

    /// <summary>The journal (null once the run finished or was abandoned).</summary>
    public RunJournal? Journal { get; private set; }

    /// <summary>The result and error files.</summary>
    public RunOutputs Outputs { get; }

    /// <summary>What an interrupted run of the same command, proxy and input left, or null.</summary>
    public JournalState? Resume { get; }

    /// <summary>Opens the outputs; replays and announces an interrupted run's rows.</summary>
    public static RunSession Open(RunSessionOptions options, int rowCount, IRunLog log, RunProgress progress)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(log);
        ArgumentNullException.ThrowIfNull(progress);
        var path = options.JournalFile;
        var identity = RunIdentity.For(options.Command, options.BaseUrl, options.InputFile);
        if (options.Fresh && File.Exists(path))
        {
            File.Delete(path);
            log.Info($"Starting over (--fresh): removed {path}.");
        }

        var resume = RunJournal.TryLoad(path, identity, out var foreign);
        if (foreign)
        {
            var stale = path + ".stale";
            File.Move(path, stale, overwrite: true);
            log.Warn($"{path} was left by a run over another CSV or proxy; it is not applied (kept as {stale}).");
        }

        var journal = RunJournal.Open(path, identity, resume: resume is not null);
        var outputs = new RunOutputs(
            new OutcomeFile(options.Result.Path, options.Result.Header, options.Redactor),
            options.Error is { } error ? new OutcomeFile(error.Path, error.Header, options.Redactor) : null,
            journal,
            progress);

        if (resume is not null)
        {
            foreach (var row in resume.Rows.Values)
            {
                outputs.Replay(row);
            }

            log.Info(string.Create(
                CultureInfo.InvariantCulture,
                $"Resuming the interrupted run of {resume.StartedAt:u} from {path}: {resume.Rows.Count} of {rowCount} rows were already done (use --fresh to start over)."));
        }

        return new RunSession(journal, outputs, resume, log);
    }

    /// <summary>Where a run keeps its journal: <paramref name="journalFile"/>, else beside the result file (<c>x.csv</c> → <c>x.journal.jsonl</c>).</summary>
    public static string JournalPathFor(string resultFile, string? journalFile) => journalFile ?? Path.ChangeExtension(resultFile, ".journal.jsonl");

    /// <summary>For a dry run, which writes nothing: says that the real run will resume a journal.</summary>
    public static void NoteInterruptedRun(string journalFile, IRunLog log)
    {
        ArgumentNullException.ThrowIfNull(log);
        if (File.Exists(journalFile))
        {
            log.Info($"Note: {journalFile} holds an interrupted run; the real run will resume it (or use --fresh).");
        }
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
    /// Ends the run: every row of <paramref name="rows"/> whose line has no outcome gets
    /// <paramref name="errorRow"/> with the fatal reason, or the cancel reason (not journaled, so a
    /// rerun does them); the files are sorted; the journal is removed unless the run must resume.
    /// </summary>
    /// <returns>How the run ended.</returns>
    public RunStatus Finish<TRow>(IEnumerable<TRow> rows, Func<TRow, int> line, Func<TRow, string, IReadOnlyList<string?>> errorRow, string? fatalReason, string cancelledReason, bool cancelled)
    {
        ArgumentNullException.ThrowIfNull(rows);
        ArgumentNullException.ThrowIfNull(line);
        ArgumentNullException.ThrowIfNull(errorRow);
        var leftover = rows.Where(row => !Outputs.IsDone(line(row))).ToList();
        foreach (var row in leftover)
        {
            // Not journaled: these rows belong to the run's failure, and a rerun processes them.
            Outputs.Emit(line(row), success: false, errorRow(row, fatalReason ?? cancelledReason), final: false);
        }

        cancelled = cancelled && leftover.Count > 0;
        Outputs.Complete();
        if (fatalReason is null && !cancelled)
        {
            Journal?.Finish();
            Journal = null;
        }
        else if (Journal is not null)
        {
            _log.Debug($"journal kept for a rerun: {Journal.Path}");
        }

        return fatalReason is not null ? RunStatus.CouldNotRun
            : cancelled ? RunStatus.Cancelled
            : Outputs.Errors > 0 ? RunStatus.CompletedWithErrors
            : RunStatus.Completed;
    }

    /// <inheritdoc />
    public void Dispose()
    {
        Outputs.Dispose();
        Journal?.Dispose();
    }
}
