using System.Text;
using LiteLlm.Sandbox;

namespace LiteLlm.Users.Cli.Tests.Infrastructure;

/// <summary>What one CLI invocation printed and returned.</summary>
public sealed record CliResult(int ExitCode, string Out, string Err)
{
    public string All => Out + Err;
}

/// <summary>
/// A sandbox on 127.0.0.1:0 and a private working folder; runs the CLI in-process against them
/// (the real HTTP stack, no mocks), with LITELLM_BASE_URL and LITELLM_MASTER_KEY set.
/// </summary>
public sealed class CliHarness : IAsyncDisposable
{
    public const string Key = "sk-test-master-7f3a9c1e5b";

    private CliHarness(SandboxServer sandbox, string directory)
    {
        Sandbox = sandbox;
        Directory = directory;
    }

    public SandboxServer Sandbox { get; }

    public SandboxStore Store => Sandbox.Store;

    public string Directory { get; }

    /// <summary>
    /// Starts a sandbox with <paramref name="profile"/>, else the profile of the running test's
    /// <see cref="ProfiledTests"/> class, else the sandbox's default release; <paramref name="configure"/> runs last.
    /// </summary>
    public static async Task<CliHarness> StartAsync(Action<SandboxOptions>? configure = null, SandboxProfile? profile = null)
    {
        var options = new SandboxOptions { MasterKey = Key, Profile = profile ?? ProfiledTests.OfRunningTest ?? SandboxProfile.Default };
        configure?.Invoke(options);
        var sandbox = await SandboxServer.StartAsync(options, TestContext.Current.CancellationToken);
        return new CliHarness(sandbox, System.IO.Directory.CreateTempSubdirectory("litellm-users-cli-").FullName);
    }

    /// <summary>A harness whose sandbox has one user, u-a (a@example.com), and an in.csv listing it.</summary>
    public static async Task<CliHarness> StartWithOneUserAsync()
    {
        var h = await StartAsync();
        h.Store.AddUser("a@example.com", "u-a");
        h.WriteFile("in.csv", "email\na@example.com\n");
        return h;
    }

    /// <summary>A loopback port nobody listens on (connections to it are refused at once).</summary>
    public static int ClosedPort()
    {
        var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        var port = ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }

    public string Path(string name) => System.IO.Path.Combine(Directory, name);

    public string WriteFile(string name, string content, bool bom = false)
    {
        var path = Path(name);
        File.WriteAllText(path, content, new UTF8Encoding(bom));
        return path;
    }

    public string Read(string name) => File.ReadAllText(Path(name));

    public bool Exists(string name) => File.Exists(Path(name));

    public IReadOnlyDictionary<string, string?> Environment(string? key = Key, string? baseUrl = null) => new Dictionary<string, string?>
    {
        ["LITELLM_BASE_URL"] = baseUrl ?? Sandbox.BaseAddress.ToString(),
        ["LITELLM_MASTER_KEY"] = key,
    };

    public Task<CliResult> RunAsync(params string[] args) => RunAsync(Environment(), CancellationToken.None, CancellationToken.None, args);

    public Task<CliResult> RunAsync(IReadOnlyDictionary<string, string?> environment, CancellationToken stop, CancellationToken abort, params string[] args) =>
        RunCoreAsync(args, new CliEnvironment { Variables = environment, WorkingDirectory = Directory, IsInteractive = false }, stop, abort);

    /// <summary>Runs as if on a terminal, where the operator types <paramref name="answer"/> at any prompt.</summary>
    public Task<CliResult> RunInteractiveAsync(string answer, params string[] args) =>
        RunCoreAsync(args, new CliEnvironment { Variables = Environment(), WorkingDirectory = Directory, IsInteractive = true, Input = new StringReader(answer) }, CancellationToken.None, CancellationToken.None);

    private static async Task<CliResult> RunCoreAsync(string[] args, CliEnvironment env, CancellationToken stop, CancellationToken abort)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var code = await CliApp.RunAsync(args, output, error, env, stop, abort);
        return new CliResult(code, output.ToString(), error.ToString());
    }

    /// <summary>Every file the run left in the working folder, as text.</summary>
    public string AllFilesText() => string.Concat(System.IO.Directory.GetFiles(Directory, "*", SearchOption.AllDirectories).Select(File.ReadAllText));

    public async ValueTask DisposeAsync()
    {
        await Sandbox.DisposeAsync();
        try
        {
            System.IO.Directory.Delete(Directory, recursive: true);
        }
        catch (IOException)
        {
            // A file still open by a cancelled run; the temp folder is cleaned up by the OS.
        }
    }
}
