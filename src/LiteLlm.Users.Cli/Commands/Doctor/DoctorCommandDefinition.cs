using System.CommandLine;
using LiteLlm.Users.Cli.Common;

namespace LiteLlm.Users.Cli.Commands.Doctor;

/// <summary>How <c>doctor</c> prints its report.</summary>
public enum DoctorFormat
{
    /// <summary>Aligned lines for a person.</summary>
    Table,

    /// <summary>One JSON object.</summary>
    Json,
}

/// <summary>The symbols of <c>litellm-users doctor</c>.</summary>
public sealed class DoctorCommandDefinition
{
    /// <summary>Builds the command's options.</summary>
    public DoctorCommandDefinition(CliEnvironment environment)
    {
        Connection = new ConnectionOptions(environment);
        Command = new Command(
            "doctor",
            "Check a LiteLLM proxy before a run, with read-only requests only: reachable and how fast, the LiteLLM release " +
            "and its database (/health/readiness), who the key is (/key/info), how many users there are, which optional " +
            "routes exist, and the known hazards of that release with what this tool does about each.\n\n" +
            "Exit codes: 0 the proxy is usable by this tool; 1 usage error; 3 it is not (unreachable, no database, key rejected " +
            "or not an admin), with the reason.");
        Connection.AddTo(Command);
        Command.Options.Add(Format);
    }

    /// <summary>The command.</summary>
    public Command Command { get; }

    /// <summary>Connection options.</summary>
    public ConnectionOptions Connection { get; }

    /// <summary>--format.</summary>
    public Option<DoctorFormat> Format { get; } = new("--format")
    {
        Description = "table (for a person) or json (one object)",
        DefaultValueFactory = _ => DoctorFormat.Table,
    };
}
