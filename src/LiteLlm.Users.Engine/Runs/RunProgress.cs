namespace LiteLlm.Users.Engine.Runs;

/// <summary>
/// Live counters of a run. The engine only updates them; the CLI polls them to draw a progress
/// bar on a terminal or print periodic lines on a pipe.
/// </summary>
public sealed class RunProgress
{
    private int _rowsDone;
    private int _succeeded;
    private int _failed;
    private int _stepDone;
    private int _stepTotal;
    private int _rowsResumed;

    /// <summary>What the run is doing now ("Checking the proxy", "Resolving", "Deleting").</summary>
    public string Phase { get; private set; } = "Starting";

    /// <summary>Units of the current phase (pages, emails, batches); 0 when unknown.</summary>
    public int StepTotal => Volatile.Read(ref _stepTotal);

    /// <summary>Units of the current phase done.</summary>
    public int StepDone => Volatile.Read(ref _stepDone);

    /// <summary>Input rows.</summary>
    public int RowsTotal { get; set; }

    /// <summary>Rows with an outcome.</summary>
    public int RowsDone => Volatile.Read(ref _rowsDone);

    /// <summary>Rows an interrupted run had finished, counted in <see cref="RowsDone"/> when the run resumed (not work of this run: a rate leaves them out).</summary>
    public int RowsResumed => Volatile.Read(ref _rowsResumed);

    /// <summary>Rows that succeeded.</summary>
    public int Succeeded => Volatile.Read(ref _succeeded);

    /// <summary>Rows that failed.</summary>
    public int Failed => Volatile.Read(ref _failed);

    /// <summary>Enters a phase.</summary>
    public void StartPhase(string phase, int stepTotal)
    {
        Phase = phase;
        Volatile.Write(ref _stepTotal, stepTotal);
        Volatile.Write(ref _stepDone, 0);
    }

    /// <summary>
    /// The current phase has <paramref name="more"/> units to do again (a read that is retried
    /// because the list changed meanwhile): the total grows and the count goes on, never backwards.
    /// </summary>
    public void ExtendPhase(int more) => Interlocked.Add(ref _stepTotal, more);

    /// <summary>Counts phase units.</summary>
    public void Step(int count = 1) => Interlocked.Add(ref _stepDone, count);

    /// <summary>Counts a finished row.</summary>
    public void Row(bool success)
    {
        Interlocked.Increment(ref _rowsDone);
        Interlocked.Increment(ref success ? ref _succeeded : ref _failed);
    }

    /// <summary>Counts a row an interrupted run had finished (replayed from its journal).</summary>
    public void ResumedRow(bool success)
    {
        Interlocked.Increment(ref _rowsResumed);
        Row(success);
    }
}
