using System.Collections;

namespace LiteLlm.Users.Cli;

/// <summary>What the CLI reads from its surroundings, injected so tests run in-process and in parallel.</summary>
public sealed class CliEnvironment
{
    /// <summary>Environment variables.</summary>
    public IReadOnlyDictionary<string, string?> Variables { get; init; } = new Dictionary<string, string?>();

    /// <summary>Folder relative paths are resolved against.</summary>
    public string WorkingDirectory { get; init; } = Directory.GetCurrentDirectory();

    /// <summary>True when a person watches stderr on a terminal (progress bar, prompts).</summary>
    public bool IsInteractive { get; init; }

    /// <summary>True when stdout is a terminal (list draws a table there, and writes CSV to a pipe or file).</summary>
    public bool IsOutputTerminal { get; init; }

    /// <summary>Columns of the terminal, asked each time (it can be resized); the live status line stays shorter.</summary>
    public Func<int> TerminalWidth { get; init; } = () => 80;

    /// <summary>Where answers to prompts come from.</summary>
    public TextReader Input { get; init; } = TextReader.Null;

    /// <summary>The environment of this process.</summary>
    public static CliEnvironment FromProcess() => new()
    {
        Variables = Environment.GetEnvironmentVariables()
            .Cast<DictionaryEntry>()
            .ToDictionary(e => (string)e.Key, e => (string?)e.Value, StringComparer.Ordinal),
        WorkingDirectory = Directory.GetCurrentDirectory(),
        IsInteractive = !Console.IsErrorRedirected && !Console.IsInputRedirected
            && string.IsNullOrEmpty(Environment.GetEnvironmentVariable("CI")),
        IsOutputTerminal = !Console.IsOutputRedirected,
        Input = Console.In,
        TerminalWidth = ConsoleWidth,
    };

    private static int ConsoleWidth()
    {
        try
        {
            return Console.WindowWidth is > 0 and var width ? width : 80;
        }
        catch (IOException)
        {
            return 80;
        }
    }

    /// <summary>An environment variable, or null when unset or empty.</summary>
    public string? Get(string name) => Variables.TryGetValue(name, out var value) && !string.IsNullOrEmpty(value) ? value : null;

    /// <summary>Resolves a path against <see cref="WorkingDirectory"/>.</summary>
    public string ResolvePath(string path) => Path.GetFullPath(path, WorkingDirectory);
}
