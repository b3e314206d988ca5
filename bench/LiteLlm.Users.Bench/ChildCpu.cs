using System.Runtime.InteropServices;

namespace LiteLlm.Users.Bench;

/// <summary>
/// Exact CPU time of this process's finished children (getrusage(RUSAGE_CHILDREN): user + system, all
/// threads, counted by the kernel when the child is reaped). The CLI is the only child and runs alone,
/// so the difference around one run is that run's CPU. <see cref="System.Diagnostics.Process.TotalProcessorTime"/>
/// cannot be read once the child has exited on Linux, so polling it misses the last few milliseconds.
/// </summary>
internal static partial class ChildCpu
{
    private const int RusageChildren = -1;

    /// <summary>Seconds of CPU used by the reaped children so far, or null off Linux.</summary>
    public static double? Seconds()
    {
        if (!OperatingSystem.IsLinux())
        {
            return null;
        }

        try
        {
            return GetRusage(RusageChildren, out var usage) == 0
                ? usage.UserSeconds + (usage.UserMicroseconds / 1e6) + usage.SystemSeconds + (usage.SystemMicroseconds / 1e6)
                : null;
        }
        catch (Exception ex) when (ex is DllNotFoundException or EntryPointNotFoundException)
        {
            return null;
        }
    }

    [LibraryImport("libc", EntryPoint = "getrusage")]
    private static partial int GetRusage(int who, out Rusage usage);

    /// <summary>struct rusage on 64-bit Linux: two timevals (two longs each), then 14 longs.</summary>
    [StructLayout(LayoutKind.Sequential)]
    private struct Rusage
    {
        public long UserSeconds;
        public long UserMicroseconds;
        public long SystemSeconds;
        public long SystemMicroseconds;
        public Rest Others;
    }

    [System.Runtime.CompilerServices.InlineArray(14)]
    private struct Rest
    {
        private long _element;
    }
}
