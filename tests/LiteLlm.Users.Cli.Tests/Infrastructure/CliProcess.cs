using System.Diagnostics;

namespace LiteLlm.Users.Cli.Tests.Infrastructure;

/// <summary>The CLI as a separate process (litellm-users.dll beside the tests), so a test can kill it.</summary>
public sealed class CliProcess : IDisposable
{
    private readonly Process _process;

    private CliProcess(Process process) => _process = process;

    public static CliProcess Start(CliHarness harness, params string[] args)
    {
        ArgumentNullException.ThrowIfNull(harness);
        var dll = Path.Combine(AppContext.BaseDirectory, "litellm-users.dll");
        var info = new ProcessStartInfo(DotnetHost())
        {
            WorkingDirectory = harness.Directory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        info.ArgumentList.Add(dll);
        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }

        foreach (var (name, value) in harness.Environment())
        {
            info.Environment[name] = value;
        }

        var process = Process.Start(info) ?? throw new InvalidOperationException("Could not start the CLI.");
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return new CliProcess(process);
    }

    public bool HasExited => _process.HasExited;

    /// <summary>SIGKILL: no handler runs, nothing is flushed by the CLI.</summary>
    public void KillHard() => _process.Kill(entireProcessTree: true);

    public async Task<int> WaitAsync()
    {
        await _process.WaitForExitAsync(TestContext.Current.CancellationToken);
        return _process.ExitCode;
    }

    public void Dispose()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
        }

        _process.Dispose();
    }

    private static string DotnetHost() =>
        Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host && File.Exists(host) ? host : "dotnet";
}
