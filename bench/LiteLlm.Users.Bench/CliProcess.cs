using System.Diagnostics;
using System.Globalization;
using System.Reflection;

namespace LiteLlm.Users.Bench;

/// <summary>What one run of the CLI process did, seen from outside.</summary>
/// <param name="ExitCode">The process exit code.</param>
/// <param name="Started">When the process was started (just before <see cref="Process.Start()"/>).</param>
/// <param name="WallSeconds">From just before start to exit.</param>
/// <param name="PolledPeakBytes">The highest VmHWM read from /proc/&lt;pid&gt;/status while it ran (0 if never read).</param>
/// <param name="CpuSeconds">User + system CPU time of the process, as last read from /proc/&lt;pid&gt;/stat (a lower bound).</param>
/// <param name="OutputTail">The last lines of stdout and stderr, for diagnosis.</param>
internal sealed record CliRun(int ExitCode, DateTimeOffset Started, double WallSeconds, long PolledPeakBytes, double CpuSeconds, string OutputTail);

/// <summary>Finds the CLI and runs it as a separate process (<c>dotnet litellm-users.dll …</c>).</summary>
internal static class CliProcess
{
    public const string AssemblyFile = "litellm-users.dll";

    private const int TailLines = 40;

    /// <summary>USER_HZ: the unit of utime and stime in /proc/&lt;pid&gt;/stat on Linux.</summary>
    private const double ClockTicksPerSecond = 100;
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
    /// Runs <c>dotnet <paramref name="cliDll"/> <paramref name="args"/></c> in <paramref name="workingDirectory"/>,
    /// polling its peak resident set (VmHWM) every 10 ms. Killed (with its children) after <paramref name="timeout"/>.
    /// With <paramref name="logFile"/>, every line it prints goes there, stamped with the seconds since start.
    /// </summary>
    public static async Task<CliRun> RunAsync(string cliDll, IEnumerable<string> args, IReadOnlyDictionary<string, string> environment, string workingDirectory, TimeSpan timeout, string? logFile = null)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(cliDll);
        foreach (var arg in args)
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

        var started = DateTimeOffset.UtcNow;
        clock.Start();
        process.Start();
        var pid = process.Id;
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();

        using var done = new CancellationTokenSource();
        var polling = PollPeakAsync(pid, done.Token);
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
        var (peak, cpu) = await polling.ConfigureAwait(false);
        process.WaitForExit(); // drains the redirected streams
        string text;
        lock (tail)
        {
            text = string.Join('\n', tail);
            log?.Flush();
        }

        return new CliRun(process.ExitCode, started, wall, peak, cpu, text);
    }

    /// <summary>
    /// Reads VmHWM (peak resident set) and the CPU time of <paramref name="pid"/> until cancelled or the
    /// process is gone.
    /// </summary>
    private static async Task<(long PeakBytes, double CpuSeconds)> PollPeakAsync(int pid, CancellationToken cancellationToken)
    {
        var statusPath = string.Create(CultureInfo.InvariantCulture, $"/proc/{pid}/status");
        var statPath = string.Create(CultureInfo.InvariantCulture, $"/proc/{pid}/stat");
        long peak = 0;
        double cpu = 0;
        while (!cancellationToken.IsCancellationRequested)
        {
            string status;
            string stat;
            try
            {
                status = await File.ReadAllTextAsync(statusPath, CancellationToken.None).ConfigureAwait(false);
                stat = await File.ReadAllTextAsync(statPath, CancellationToken.None).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                break; // exited (and reaped)
            }

            peak = Math.Max(peak, ReadKilobytes(status, "VmHWM:") * 1024);
            cpu = Math.Max(cpu, CpuSecondsOf(stat));
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

    /// <summary>utime + stime (fields 14 and 15 of /proc/&lt;pid&gt;/stat; the name in field 2 may hold spaces).</summary>
    private static double CpuSecondsOf(string stat)
    {
        var afterName = stat.LastIndexOf(')');
        var fields = stat[(afterName + 2)..].Split(' ');
        // fields[0] is field 3 (state), so utime (14) and stime (15) are fields[11] and fields[12].
        return fields.Length > 12
            && long.TryParse(fields[11], NumberStyles.Integer, CultureInfo.InvariantCulture, out var user)
            && long.TryParse(fields[12], NumberStyles.Integer, CultureInfo.InvariantCulture, out var system)
            ? (user + system) / ClockTicksPerSecond
            : 0;
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

    private static long ReadKilobytes(string status, string field)
    {
        foreach (var line in status.Split('\n'))
        {
            if (line.StartsWith(field, StringComparison.Ordinal))
            {
                var number = line[field.Length..].Trim().Split(' ')[0];
                return long.TryParse(number, NumberStyles.Integer, CultureInfo.InvariantCulture, out var kb) ? kb : 0;
            }
        }

        return 0;
    }

    private static string? Metadata(string key) =>
        typeof(CliProcess).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().FirstOrDefault(a => a.Key == key)?.Value;
}
