namespace LiteLlm.Users.Cli.Common;

/// <summary>What every command runs with: the redacting output writers, the environment and the stop signals.</summary>
/// <param name="Output">stdout (data: tables, dry-run plans, summaries).</param>
/// <param name="Error">stderr (logs, progress, warnings, errors).</param>
/// <param name="Environment">Variables, working folder, terminal.</param>
/// <param name="Stop">Ctrl+C: send no new request.</param>
/// <param name="Abort">Give up on requests in flight.</param>
public sealed record CliContext(RedactingTextWriter Output, RedactingTextWriter Error, CliEnvironment Environment, CancellationToken Stop, CancellationToken Abort);
