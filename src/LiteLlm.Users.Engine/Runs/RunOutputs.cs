using LiteLlm.Users.Engine.Csv;

namespace LiteLlm.Users.Engine.Runs;

/// <summary>
/// The output files of a run (the result file and, for commands that split failures out, the error
/// file) and its journal, behind one door: every input row ends in exactly one output row (a second
/// outcome for a line is a bug and throws); a final outcome is journaled before it is written, so a
/// rerun after a crash neither loses nor repeats it. It also keeps the counts and the first failed
/// rows for the end-of-run summary, so nothing is read back from disk.
/// </summary>
/// <typeparam name="TRow">The command's output row.</typeparam>
internal sealed class RunOutputs<TRow> : IDisposable
    where TRow : class, IResultRow<TRow>
{
    private readonly OutcomeFile _result;
    private readonly OutcomeFile? _error;
    private readonly RunJournal? _journal;
    private readonly RunProgress _progress;
    private readonly Action<int, TRow>? _onRow;
    private readonly LineSet _lines = new();
    private readonly Dictionary<string, int> _tallies = new(StringComparer.Ordinal);
    private readonly SortedList<int, RowFailure> _failures = [];
    private readonly Lock _gate = new();
    private int _successes;
    private int _errors;

    /// <summary>Creates the outputs (the files are created, empty but for their headers).</summary>
    /// <param name="result">Where rows go (all of them in a one-file layout).</param>
    /// <param name="error">Where failed rows go; null = the result file.</param>
    /// <param name="journal">Where final outcomes are journaled first; null = not journaled.</param>
    /// <param name="progress">Counts rows.</param>
    /// <param name="onRow">Told of every row written (a command that shows every row keeps them).</param>
    public RunOutputs(OutcomeFile result, OutcomeFile? error, RunJournal? journal, RunProgress progress, Action<int, TRow>? onRow = null)
    {
        _onRow = onRow;
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

    /// <summary>Rows written, by tally word.</summary>
    public IReadOnlyDictionary<string, int> Tallies
    {
        get
        {
            lock (_gate)
            {
                return new Dictionary<string, int>(_tallies, StringComparer.Ordinal);
            }
        }
    }

    /// <summary>The first failed rows, in line order.</summary>
    public IReadOnlyList<RowFailure> Failures
    {
        get
        {
            lock (_gate)
            {
                return [.. _failures.Values];
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
    /// <param name="row">The row.</param>
    /// <param name="final">
    /// False for outcomes that belong to the run rather than the row (cancelled, key rejected): they
    /// are written but not journaled, so a rerun processes the row again.
    /// </param>
    public void Emit(int line, TRow row, bool final = true)
    {
        ArgumentNullException.ThrowIfNull(row);
        lock (_gate)
        {
            if (!_lines.Add(line))
            {
                throw new InvalidOperationException($"Line {line} already has an outcome.");
            }

            if (final)
            {
                _journal?.Row(line, row, TRow.JsonInfo);
            }

            Append(line, row);
        }

        _progress.Row(!row.Failed);
    }

    /// <summary>Writes an outcome an interrupted run already journaled.</summary>
    public void Replay(int line, TRow row)
    {
        ArgumentNullException.ThrowIfNull(row);
        lock (_gate)
        {
            if (!_lines.Add(line))
            {
                return;
            }

            Append(line, row);
        }

        _progress.ResumedRow(!row.Failed);
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

    private void Append(int line, TRow row)
    {
        _onRow?.Invoke(line, row);
        (row.Failed ? _error ?? _result : _result).Append(line, row.Cells);
        _tallies[row.Tally] = _tallies.GetValueOrDefault(row.Tally) + 1;
        if (row.Failed)
        {
            _errors++;
            _failures[line] = new RowFailure(row.Subject, row.Reason ?? row.Tally);
            if (_failures.Count > RunResult.FailuresKept)
            {
                _failures.RemoveAt(_failures.Count - 1);
            }
        }
        else
        {
            _successes++;
        }
    }
}
