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

    /// <summary>What the run is doing now ("Checking the proxy", "Resolving", "Deleting").</summary>
    public string Phase { get; private set; } = "Starting";

    /// <summary>Units of the current phase (pages, emails, batches); 0 when unknown.</summary>
    public int StepTotal { get; private set; }

    /// <summary>Units of the current phase done.</summary>
    public int StepDone => Volatile.Read(ref _stepDone);

    /// <summary>Input rows.</summary>
    public int RowsTotal { get; set; }

    /// <summary>Rows with an outcome.</summary>
    public int RowsDone => Volatile.Read(ref _rowsDone);

    /// <summary>Rows that succeeded.</summary>
    public int Succeeded => Volatile.Read(ref _succeeded);

    /// <summary>Rows that failed.</summary>
    public int Failed => Volatile.Read(ref _failed);

    /// <summary>Enters a phase.</summary>
    public void StartPhase(string phase, int stepTotal)
    {
        Phase = phase;
        StepTotal = stepTotal;
        Volatile.Write(ref _stepDone, 0);
    }

    /// <summary>Counts phase units.</summary>
    public void Step(int count = 1) => Interlocked.Add(ref _stepDone, count);

    /// <summary>Counts a finished row.</summary>
    public void Row(bool success)
    {
        Interlocked.Increment(ref _rowsDone);
        Interlocked.Increment(ref success ? ref _succeeded : ref _failed);
    }
}
