using System.Diagnostics;
using System.Globalization;
using System.Reflection;

namespace LiteLlm.Users.Bench;

/// <summary>What one run of the CLI process did, seen from outside.</summary>
/// <param name="ExitCode">The process exit code.</param>
/// <param name="Started">When the process was started (just before <see cref="Process.Start()"/>).</param>
/// <param name="WallSeconds">From just before start to exit.</param>
/// <param name="PolledPeakBytes">The highest <see cref="Process.PeakWorkingSet64"/> (VmHWM) read while it ran (0 if never read).</param>
/// <param name="CpuSeconds">
/// The CLI process's own CPU time (user + system, all threads): exact from getrusage(RUSAGE_CHILDREN)
/// on Linux, else <see cref="PolledCpuSeconds"/>.
/// </param>
/// <param name="PolledCpuSeconds">The last <see cref="Process.TotalProcessorTime"/> read while it ran (a lower bound: it cannot be read after exit).</param>
/// <param name="OutputTail">The last lines of stdout and stderr, for diagnosis.</param>
internal sealed record CliRun(int ExitCode, DateTimeOffset Started, double WallSeconds, long PolledPeakBytes, double CpuSeconds, double PolledCpuSeconds, string OutputTail);

/// <summary>Finds the CLI and runs it as a separate process (<c>dotnet litellm-users.dll …</c> or the native executable).</summary>
internal static class CliProcess
{
    public const string AssemblyFile = "litellm-users.dll";

    private const int TailLines = 40;
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(10);

    /// <summary>The configuration this benchmark (and so the CLI it references) was built in.</summary>
    public static string Configuration { get; } = Metadata("Configuration") ?? "unknown";

    /// <summary>
    /// The CLI built next to this benchmark: src/LiteLlm.Users.Cli/bin/&lt;configuration&gt;/&lt;tfm&gt;/litellm-users.dll
    /// under the repository root (the folder holding LiteLlmUsers.slnx above this program).
    /// </summary>
    /// <exception cref="FileNotFoundException">It is not there.</exception>
    public static string Locate()
    {
        var framework = Metadata("TargetFramework") ?? "net10.0";
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "LiteLlmUsers.slnx")))
            {
                var path = Path.Combine(dir.FullName, "src", "LiteLlm.Users.Cli", "bin", Configuration, framework, AssemblyFile);
                return File.Exists(path)
                    ? path
                    : throw new FileNotFoundException($"The CLI is not built at {path}; run the benchmark with 'dotnet run -c Release --project bench/LiteLlm.Users.Bench', which builds it.", path);
            }
        }

        throw new FileNotFoundException($"No LiteLlmUsers.slnx above {AppContext.BaseDirectory}; pass --cli PATH/{AssemblyFile}.");
    }

    /// <summary>
    /// Runs <paramref name="build"/> with <paramref name="args"/> in <paramref name="workingDirectory"/>,
    /// polling its peak resident set (VmHWM) and CPU time every 10 ms. Killed (with its children) after
    /// <paramref name="timeout"/>. With <paramref name="logFile"/>, every line it prints goes there, stamped
    /// with the seconds since start. Runs are not concurrent (the CPU figure relies on it).
    /// </summary>
    public static async Task<CliRun> RunAsync(CliBuild build, IEnumerable<string> args, IReadOnlyDictionary<string, string> environment, string workingDirectory, TimeSpan timeout, string? logFile = null)
    {
        ArgumentNullException.ThrowIfNull(build);
        var start = new ProcessStartInfo(build.FileName)
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in build.PrefixArgs.Concat(args))
        {
            start.ArgumentList.Add(arg);
        }

        foreach (var (name, value) in environment)
        {
            start.Environment[name] = value;
        }

        var tail = new Queue<string>();
        var clock = new Stopwatch();
        using var log = logFile is null ? null : new StreamWriter(logFile);
        void Keep(string stream, string? line)
        {
            if (line is null)
            {
                return;
            }

            lock (tail)
            {
                log?.WriteLine(string.Create(CultureInfo.InvariantCulture, $"[{clock.Elapsed.TotalSeconds,8:0.000}] {stream}: {line}"));
                tail.Enqueue(line);
                if (tail.Count > TailLines)
                {
                    tail.Dequeue();
                }
            }
        }

        using var process = new Process { StartInfo = start };
        process.OutputDataReceived += (_, e) => Keep("out", e.Data);
        process.ErrorDataReceived += (_, e) => Keep("err", e.Data);

        var childCpuBefore = ChildCpu.Seconds();
        var started = DateTimeOffset.UtcNow;
        clock.Start();
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();

        using var done = new CancellationTokenSource();
        var polling = PollAsync(process, done.Token);
        using var deadline = new CancellationTokenSource(timeout);
        try
        {
            await process.WaitForExitAsync(deadline.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync(CancellationToken.None).ConfigureAwait(false);
            Keep("bench", string.Create(CultureInfo.InvariantCulture, $"(benchmark: killed after {timeout.TotalSeconds:0} s)"));
        }

        var wall = clock.Elapsed.TotalSeconds;
        await done.CancelAsync().ConfigureAwait(false);
        var (peak, polledCpu) = await polling.ConfigureAwait(false);
        process.WaitForExit(); // drains the redirected streams
        var cpu = ChildCpu.Seconds() - childCpuBefore ?? polledCpu;
        string text;
        lock (tail)
        {
            text = string.Join('\n', tail);
            log?.Flush();
        }

        return new CliRun(process.ExitCode, started, wall, peak, cpu, polledCpu, text);
    }

    /// <summary>
    /// Reads the peak resident set (<see cref="Process.PeakWorkingSet64"/>, VmHWM on Linux) and
    /// <see cref="Process.TotalProcessorTime"/> of <paramref name="process"/> until cancelled or it exits.
    /// </summary>
    private static async Task<(long PeakBytes, double CpuSeconds)> PollAsync(Process process, CancellationToken cancellationToken)
    {
        long peak = 0;
        double cpu = 0;
        while (!cancellationToken.IsCancellationRequested)
        {
            try
            {
                process.Refresh();
                peak = Math.Max(peak, process.PeakWorkingSet64);
                cpu = Math.Max(cpu, process.TotalProcessorTime.TotalSeconds);
            }
            catch (Exception ex) when (ex is InvalidOperationException or IOException or UnauthorizedAccessException or System.ComponentModel.Win32Exception)
            {
                break; // exited (and reaped)
            }

            try
            {
                await Task.Delay(PollInterval, cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                break;
            }
        }

        return (peak, cpu);
    }

    /// <summary>The 1-minute load average (other work on the machine skews every timing).</summary>
    public static double LoadAverage()
    {
        try
        {
            var text = File.ReadAllText("/proc/loadavg");
            return double.Parse(text.Split(' ')[0], CultureInfo.InvariantCulture);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or FormatException)
        {
            return double.NaN;
        }
    }

    private static string? Metadata(string key) =>
        typeof(CliProcess).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().FirstOrDefault(a => a.Key == key)?.Value;
}
