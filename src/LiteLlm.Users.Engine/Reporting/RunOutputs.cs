using LiteLlm.Users.Engine.Csv;
using LiteLlm.Users.Engine.Journal;

namespace LiteLlm.Users.Engine.Reporting;

/// <summary>
/// The result and error files of a run (or its one result file, whose rows carry their own status),
/// and its journal, behind one door: every input row ends in exactly one output row (a second
/// outcome for a line is a bug and throws); a final outcome is journaled before it is written, so a
/// rerun after a crash neither loses nor repeats it.
/// </summary>
public sealed class RunOutputs : IDisposable
{
    /// <summary>Journal name of the result file.</summary>
    public const string ResultKind = "result";

    /// <summary>Journal name of the error file.</summary>
    public const string ErrorKind = "error";

    private readonly OutcomeFile _result;
    private readonly OutcomeFile? _error;
    private readonly RunJournal? _journal;
    private readonly RunProgress _progress;
    private readonly HashSet<int> _lines = [];
    private readonly Lock _gate = new();
    private int _successes;
    private int _errors;

    /// <summary>Creates the outputs (the files are created, empty but for their headers).</summary>
    /// <param name="result">Where successful rows go.</param>
    /// <param name="error">Where failed rows go; null = the result file too (one file with a status column).</param>
    /// <param name="journal">Where final outcomes are journaled first.</param>
    /// <param name="progress">Counts rows.</param>
    public RunOutputs(OutcomeFile result, OutcomeFile? error, RunJournal? journal, RunProgress progress)
    {
        _result = result ?? throw new ArgumentNullException(nameof(result));
        _error = error;
        _journal = journal;
        _progress = progress ?? throw new ArgumentNullException(nameof(progress));
    }

    /// <summary>Successful rows written.</summary>
    public int Successes
    {
        get
        {
            lock (_gate)
            {
                return _successes;
            }
        }
    }

    /// <summary>Failed rows written.</summary>
    public int Errors
    {
        get
        {
            lock (_gate)
            {
                return _errors;
            }
        }
    }

    /// <summary>Whether line <paramref name="line"/> already has its outcome.</summary>
    public bool IsDone(int line)
    {
        lock (_gate)
        {
            return _lines.Contains(line);
        }
    }

    /// <summary>Writes a row's outcome.</summary>
    /// <param name="line">Input line.</param>
    /// <param name="success">Result file (true) or error file (false).</param>
    /// <param name="values">The output row.</param>
    /// <param name="final">
    /// False for outcomes that belong to the run rather than the row (cancelled, key rejected): they
    /// are written but not journaled, so a rerun processes the row again.
    /// </param>
    public void Emit(int line, bool success, IReadOnlyList<string?> values, bool final = true)
    {
        lock (_gate)
        {
            if (!_lines.Add(line))
            {
                throw new InvalidOperationException($"Line {line} already has an outcome.");
            }

            if (final)
            {
                _journal?.Row(line, success ? ResultKind : ErrorKind, values);
            }

            Append(line, success, values);
        }

        _progress.Row(success);
    }

    /// <summary>Writes an outcome an interrupted run already journaled.</summary>
    public void Replay(JournaledRow row)
    {
        ArgumentNullException.ThrowIfNull(row);
        lock (_gate)
        {
            if (!_lines.Add(row.Line))
            {
                return;
            }

            Append(row.Line, row.File == ResultKind, [.. row.Values]);
        }

        _progress.Row(row.File == ResultKind);
    }

    /// <summary>Sorts the files by input line and closes them.</summary>
    public void Complete()
    {
        _result.Complete();
        _error?.Complete();
    }

    /// <inheritdoc />
    public void Dispose()
    {
        _result.Dispose();
        _error?.Dispose();
    }

    private void Append(int line, bool success, IReadOnlyList<string?> values)
    {
        (success ? _result : _error ?? _result).Append(line, values);
        if (success)
        {
            _successes++;
        }
        else
        {
            _errors++;
        }
    }
}
