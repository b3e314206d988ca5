using System.Diagnostics;
using System.Globalization;
using LiteLlm.Users.Engine.Runs;

namespace LiteLlm.Users.Cli.Common;

/// <summary>
/// Shows a run's progress on stderr: on a terminal, one live status line (phase, a bar, rows done /
/// total, successes, failures, rate, time left) drawn by the <see cref="TerminalScreen"/>, which
/// erases it for every other line and for prompts; on a pipe or in CI, a summary line every few
/// seconds. The rate counts only rows this run finished (not rows an interrupted run had done).
/// </summary>
public sealed class ProgressReporter : IAsyncDisposable
{
    private static readonly TimeSpan LineInterval = TimeSpan.FromSeconds(10);
    private static readonly TimeSpan StatusInterval = TimeSpan.FromMilliseconds(200);
    private static readonly string[] Spinner = ["|", "/", "-", "\\"];
    private readonly RunProgress _progress;
    private readonly string _verb;
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private readonly CancellationTokenSource _done = new();
    private readonly TerminalScreen? _screen;
    private readonly Task _loop;
    private int _frame;

    private ProgressReporter(RunProgress progress, CliContext context, string verb)
    {
        _progress = progress;
        _verb = verb;
        _screen = context.Error.Screen;
        if (_screen is not null)
        {
            // Drawn at once, so a run that asks a question right away already has a line to take down.
            _screen.SetStatus(Status());
            _loop = RunStatusAsync(_screen);
        }
        else
        {
            _loop = RunLinesAsync(context.Error);
        }
    }

    /// <summary>Starts showing <paramref name="progress"/>; <paramref name="verb"/> names successes ("deleted").</summary>
    public static ProgressReporter Start(RunProgress progress, CliContext context, string verb)
    {
        ArgumentNullException.ThrowIfNull(progress);
        ArgumentNullException.ThrowIfNull(context);
        return new ProgressReporter(progress, context, verb);
    }

    /// <summary>Rows per second this run finished (rows replayed from an interrupted run's journal are not work of this run).</summary>
    private double Rate => (_progress.RowsDone - _progress.RowsResumed) / Math.Max(_clock.Elapsed.TotalSeconds, 0.001);

    private string Describe()
    {
        var step = _progress.StepTotal > 0 ? $" ({_progress.StepDone}/{_progress.StepTotal})" : string.Empty;
        return string.Create(
            CultureInfo.InvariantCulture,
            $"{_progress.Phase}{step}: rows {_progress.RowsDone}/{_progress.RowsTotal}, {_progress.Succeeded} {_verb}, {_progress.Failed} failed, {Rate:0.#} rows/s");
    }

    /// <summary>The live line: a spinner, a ten-cell bar over the rows, what <see cref="Describe"/> says, and the time left.</summary>
    private string Status()
    {
        var total = Math.Max(1, _progress.RowsTotal);
        var done = Math.Min(_progress.RowsDone, total);
        var cells = done * 10 / total;
        var bar = new string('#', cells) + new string('.', 10 - cells);
        var rate = Rate;
        var left = rate > 0 && done < total ? string.Create(CultureInfo.InvariantCulture, $", about {TimeSpan.FromSeconds(Math.Ceiling((total - done) / rate)):g} left") : string.Empty;
        return $"{Spinner[_frame++ % Spinner.Length]} [{bar}] {Describe()}{left}";
    }

    private async Task RunStatusAsync(TerminalScreen screen)
    {
        using var timer = new PeriodicTimer(StatusInterval);
        try
        {
            while (await timer.WaitForNextTickAsync(_done.Token).ConfigureAwait(false))
            {
                screen.SetStatus(Status());
            }
        }
        catch (OperationCanceledException)
        {
            // Finished.
        }
        finally
        {
            // Nothing of the live line is left on the final screen.
            screen.SetStatus(null);
        }
    }

    private async Task RunLinesAsync(TextWriter error)
    {
        using var timer = new PeriodicTimer(LineInterval);
        try
        {
            while (await timer.WaitForNextTickAsync(_done.Token).ConfigureAwait(false))
            {
                await error.WriteLineAsync("progress: " + Describe()).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException)
        {
            // Finished.
        }
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await _done.CancelAsync().ConfigureAwait(false);
        await _loop.ConfigureAwait(false);
        _done.Dispose();
    }
}
