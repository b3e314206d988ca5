using System.Text;
using LiteLlm.Users.Cli;

namespace LiteLlm.Sandbox.Tests.Cli;

/// <summary>Runs <c>litellm-users</c> in-process in a private folder (no environment but what the test gives).</summary>
public sealed class CliRun : IDisposable
{
    public CliRun()
    {
        Directory = System.IO.Directory.CreateTempSubdirectory("litellm-sandbox-cli-").FullName;
    }

    public string Directory { get; }

    public Dictionary<string, string?> Variables { get; } = [];

    public string Path(string name) => System.IO.Path.Combine(Directory, name);

    public string Write(string name, string content)
    {
        File.WriteAllText(Path(name), content, new UTF8Encoding(false));
        return Path(name);
    }

    public CliEnvironment Environment() => new() { Variables = Variables, WorkingDirectory = Directory, IsInteractive = false };

    public async Task<(int Code, string Out, string Err)> RunAsync(params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var code = await CliApp.RunAsync(args, output, error, Environment(), TestContext.Current.CancellationToken);
        return (code, output.ToString(), error.ToString());
    }

    public void Dispose()
    {
        try
        {
            System.IO.Directory.Delete(Directory, recursive: true);
        }
        catch (IOException)
        {
            // Left to the OS's temp clean-up.
        }
    }
}

/// <summary>A writer that completes <see cref="Listening"/> with the address once the sandbox says where it listens.</summary>
public sealed class AddressWatcher : StringWriter
{
    private readonly TaskCompletionSource<Uri> _listening = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public Task<Uri> Listening => _listening.Task;

    public override void Write(string? value)
    {
        base.Write(value);
        const string marker = "listening on ";
        var text = ToString();
        if (text.IndexOf(marker, StringComparison.Ordinal) is var at and >= 0 && text.IndexOf(' ', at + marker.Length) is var end and > 0)
        {
            _listening.TrySetResult(new Uri(text[(at + marker.Length)..end]));
        }
    }

    public override void Write(char value) => Write(value.ToString());
}
