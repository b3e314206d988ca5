using System.CommandLine;
using System.CommandLine.Parsing;
using System.Globalization;
using LiteLlm.Sandbox;

namespace LiteLlm.Users.Cli.Commands.Sandbox;

/// <summary>The options of <c>litellm-users sandbox</c>: every setting of <see cref="SandboxOptions"/> docs/sandbox.md describes.</summary>
public sealed class SandboxCommandDefinition
{
    /// <summary>Creates the options.</summary>
    public SandboxCommandDefinition()
    {
        Port = new Option<int>("--port") { Description = "Port on 127.0.0.1 (0 = any free port; the address is printed)", DefaultValueFactory = _ => 4000 };
        MasterKey = new Option<string?>("--master-key")
        {
            Description = $"Master key the sandbox accepts [default: --master-key-file, else env LITELLM_MASTER_KEY, else LITELLM_MASTER_KEY in ./.env, else the built-in {SandboxCommand.DefaultKey}]. Which one is used is said on stderr, never the key",
        };
        MasterKeyFile = new Option<string?>("--master-key-file") { Description = "Read the master key from this file (one line)" };
        Users = new Option<string?>("--users") { Description = "Seed users from a CSV (user_email[,user_id,user_role,user_alias,teams,...]) or JSON file" };
        LiteLlmVersion = new Option<string>("--litellm-version")
        {
            Description = "LiteLLM release to imitate: legacy (before 2025-07), 1.77.1, current (newest main, with /management/v1) or x.y.z; see docs/sandbox.md",
            DefaultValueFactory = _ => SandboxProfile.Default.LiteLlmVersion,
        };
        ManagementV1 = new Option<bool>("--management-v1") { Description = "Serve /management/v1/users/bulk_delete and /bulk whatever --litellm-version says" };
        NoDatabase = new Option<bool>("--no-database") { Description = "Behave like a proxy started without a database (readiness \"Not connected\", the user routes' no-db errors)" };
        LatencyMs = new Option<double>("--latency-ms") { Description = "Milliseconds every request takes (latency model: base + per-item x items)", DefaultValueFactory = _ => 0 };
        LatencyPerItemMs = new Option<double>("--latency-per-item-ms") { Description = "Extra milliseconds per item (users listed, deleted or created; keys listed)", DefaultValueFactory = _ => 0 };
        MaxConcurrentRequests = new Option<int?>("--max-concurrent-requests") { Description = "Server slots: at most this many requests served at once, the rest wait in FIFO order [default: unlimited]" };
        FaultRate = new Option<double>("--fault-rate") { Description = "Probability (0-1) that a request meets an injected fault [default: 0, no faults]", DefaultValueFactory = _ => 0 };
        FaultKind = new Option<FaultKind>("--fault-kind") { Description = "What the fault does: Status (answer --fault-status), DropConnection, Stall (until the client gives up), DropAfterCommit (change state, then drop)", DefaultValueFactory = _ => LiteLlm.Sandbox.FaultKind.Status };
        FaultStatus = new Option<int>("--fault-status") { Description = "HTTP status of a Status fault", DefaultValueFactory = _ => 503 };
        FaultRetryAfter = new Option<int?>("--fault-retry-after") { Description = "Retry-After seconds sent with a Status fault" };
        FaultPath = new Option<string?>("--fault-path") { Description = "Only requests whose path starts with this (e.g. /user/delete) [default: every path]" };
        FaultSeed = new Option<int>("--fault-seed") { Description = "Seed of the fault dice, so a run can be repeated", DefaultValueFactory = _ => 12345 };
        Journal = new Option<string?>("--journal") { Description = "When the server stops, write every request it saw (method, path, status, fault, whether it changed state; keys redacted) to this JSON-lines file" };

        Port.Validators.Add(r => Check(r, r.GetValueOrDefault<int>() is >= 0 and <= 65535, "--port must be 0-65535."));
        LatencyMs.Validators.Add(r => Check(r, r.GetValueOrDefault<double>() >= 0, "--latency-ms must be 0 or more."));
        LatencyPerItemMs.Validators.Add(r => Check(r, r.GetValueOrDefault<double>() >= 0, "--latency-per-item-ms must be 0 or more."));
        MaxConcurrentRequests.Validators.Add(r => Check(r, r.GetValueOrDefault<int?>() is null or >= 1, "--max-concurrent-requests must be 1 or more."));
        FaultRate.Validators.Add(r => Check(r, r.GetValueOrDefault<double>() is >= 0 and <= 1, "--fault-rate must be between 0 and 1."));
        FaultStatus.Validators.Add(r => Check(r, r.GetValueOrDefault<int>() is >= 100 and <= 599, "--fault-status must be an HTTP status (100-599)."));
        LiteLlmVersion.Validators.Add(r =>
        {
            try
            {
                SandboxProfile.Parse(r.GetValueOrDefault<string>() ?? string.Empty);
            }
            catch (FormatException ex)
            {
                r.AddError("--litellm-version: " + ex.Message);
            }
        });
    }

    /// <summary>--port.</summary>
    public Option<int> Port { get; }

    /// <summary>--master-key.</summary>
    public Option<string?> MasterKey { get; }

    /// <summary>--master-key-file.</summary>
    public Option<string?> MasterKeyFile { get; }

    /// <summary>--users.</summary>
    public Option<string?> Users { get; }

    /// <summary>--litellm-version.</summary>
    public Option<string> LiteLlmVersion { get; }

    /// <summary>--management-v1.</summary>
    public Option<bool> ManagementV1 { get; }

    /// <summary>--no-database.</summary>
    public Option<bool> NoDatabase { get; }

    /// <summary>--latency-ms.</summary>
    public Option<double> LatencyMs { get; }

    /// <summary>--latency-per-item-ms.</summary>
    public Option<double> LatencyPerItemMs { get; }

    /// <summary>--max-concurrent-requests.</summary>
    public Option<int?> MaxConcurrentRequests { get; }

    /// <summary>--fault-rate.</summary>
    public Option<double> FaultRate { get; }

    /// <summary>--fault-kind.</summary>
    public Option<FaultKind> FaultKind { get; }

    /// <summary>--fault-status.</summary>
    public Option<int> FaultStatus { get; }

    /// <summary>--fault-retry-after.</summary>
    public Option<int?> FaultRetryAfter { get; }

    /// <summary>--fault-path.</summary>
    public Option<string?> FaultPath { get; }

    /// <summary>--fault-seed.</summary>
    public Option<int> FaultSeed { get; }

    /// <summary>--journal.</summary>
    public Option<string?> Journal { get; }

    /// <summary>The command with its options (no action).</summary>
    public Command CreateCommand() => new(
        "sandbox",
        "Run a LiteLLM-compatible sandbox server (users, keys and teams in memory) until Ctrl+C, to rehearse a run without touching a real proxy.")
    {
        Port, MasterKey, MasterKeyFile, Users, LiteLlmVersion, ManagementV1, NoDatabase, LatencyMs, LatencyPerItemMs,
        MaxConcurrentRequests, FaultRate, FaultKind, FaultStatus, FaultRetryAfter, FaultPath, FaultSeed, Journal,
    };

    /// <summary>The server settings the parsed options ask for (the master key is set by the command).</summary>
    public SandboxOptions ToOptions(ParseResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        return new SandboxOptions
        {
            Port = result.GetValue(Port),
            Profile = SandboxProfile.Parse(result.GetValue(LiteLlmVersion)!),
            EnableManagementV1 = result.GetValue(ManagementV1) ? true : null,
            NoDatabase = result.GetValue(NoDatabase),
            BaseLatencyMs = result.GetValue(LatencyMs),
            PerItemLatencyMs = result.GetValue(LatencyPerItemMs),
            MaxConcurrentRequests = result.GetValue(MaxConcurrentRequests),
            FaultSeed = result.GetValue(FaultSeed),
        };
    }

    /// <summary>The fault rule the options ask for, or null when --fault-rate is 0.</summary>
    public FaultRule? ToFaultRule(ParseResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        var rate = result.GetValue(FaultRate);
        return rate <= 0
            ? null
            : new FaultRule
            {
                Kind = result.GetValue(FaultKind),
                Status = result.GetValue(FaultStatus),
                RetryAfterSeconds = result.GetValue(FaultRetryAfter),
                PathPrefix = result.GetValue(FaultPath),
                Probability = rate,
            };
    }

    private static void Check(OptionResult result, bool ok, string message)
    {
        if (!ok)
        {
            result.AddError(message.ToString(CultureInfo.InvariantCulture));
        }
    }
}
