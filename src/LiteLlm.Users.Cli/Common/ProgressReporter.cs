using System.Diagnostics;
using System.Globalization;
using LiteLlm.Users.Engine.Runs;
using Spectre.Console;

namespace LiteLlm.Users.Cli.Common;

/// <summary>
/// Shows a run's progress on stderr: a live bar (rows done / total, successes, failures, rate,
/// ETA) on a terminal; on a pipe or in CI, only a summary line every few seconds.
/// </summary>
public sealed class ProgressReporter : IAsyncDisposable
{
    private static readonly TimeSpan LineInterval = TimeSpan.FromSeconds(10);
    private readonly RunProgress _progress;
    private readonly string _verb;
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private readonly CancellationTokenSource _done = new();
    private readonly Task _loop;

    private ProgressReporter(RunProgress progress, CliContext context, string verb)
    {
        _progress = progress;
        _verb = verb;
        _loop = context.Environment.IsInteractive ? RunBarAsync(context.Error.Inner) : RunLinesAsync(context.Error);
    }

    /// <summary>Starts showing <paramref name="progress"/>; <paramref name="verb"/> names successes ("deleted").</summary>
    public static ProgressReporter Start(RunProgress progress, CliContext context, string verb)
    {
        ArgumentNullException.ThrowIfNull(progress);
        ArgumentNullException.ThrowIfNull(context);
        return new ProgressReporter(progress, context, verb);
    }

    private string Describe()
    {
        var rate = _progress.RowsDone / Math.Max(_clock.Elapsed.TotalSeconds, 0.001);
        var step = _progress.StepTotal > 0 ? $" ({_progress.StepDone}/{_progress.StepTotal})" : string.Empty;
        return string.Create(
            CultureInfo.InvariantCulture,
            $"{_progress.Phase}{step}: rows {_progress.RowsDone}/{_progress.RowsTotal}, {_progress.Succeeded} {_verb}, {_progress.Failed} failed, {rate:0.#} rows/s");
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

    private async Task RunBarAsync(TextWriter error)
    {
        var console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(error) });
        await console.Progress()
            .AutoClear(true)
            .Columns(new TaskDescriptionColumn { Alignment = Justify.Left }, new ProgressBarColumn(), new PercentageColumn(), new RemainingTimeColumn(), new SpinnerColumn())
            .StartAsync(async ctx =>
            {
                var task = ctx.AddTask(Describe(), maxValue: Math.Max(1, _progress.RowsTotal));
                while (!_done.IsCancellationRequested)
                {
                    task.MaxValue = Math.Max(1, _progress.RowsTotal);
                    task.Value = _progress.RowsDone;
                    task.Description = Markup.Escape(Describe());
                    try
                    {
                        await Task.Delay(200, _done.Token).ConfigureAwait(false);
                    }
                    catch (OperationCanceledException)
                    {
                        break;
                    }
                }
            }).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await _done.CancelAsync().ConfigureAwait(false);
        await _loop.ConfigureAwait(false);
        _done.Dispose();
    }
}
