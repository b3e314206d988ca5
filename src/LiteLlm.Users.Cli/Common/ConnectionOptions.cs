using System.CommandLine;
using System.Globalization;
using LiteLlm.Admin;
using System.Security.Cryptography;
using LiteLlm.Admin.Security;
using LiteLlm.Sandbox;

namespace LiteLlm.Users.Cli.Common;

/// <summary>
/// The options every command that talks to a proxy shares: where (--base-url), with which key
/// (--master-key), and how hard (--timeout, --retries, --concurrency, --max-rps), plus --debug.
/// Names and environment fallbacks are the original scripts'.
/// </summary>
public sealed class ConnectionOptions
{
    /// <summary>The proxy when neither --base-url nor LITELLM_BASE_URL says otherwise.</summary>
    public const string DefaultBaseUrl = "http://localhost:4000";

    /// <summary>Creates the options, with defaults read from <paramref name="environment"/>.</summary>
    public ConnectionOptions(CliEnvironment environment)
    {
        ArgumentNullException.ThrowIfNull(environment);
        BaseUrl = new Option<string>("--base-url")
        {
            Description = "LiteLLM Proxy base URL (env LITELLM_BASE_URL, else LITELLM_BASE_URL in ./.env)",
            DefaultValueFactory = _ => KeySources.BaseUrl(environment) ?? DefaultBaseUrl,
        };
        // No DefaultValueFactory: --help prints defaults, and the key must never be printed.
        MasterKey = new Option<string?>("--master-key")
        {
            Description = "Master key [default: --master-key-file, else env LITELLM_MASTER_KEY, else LITELLM_MASTER_KEY in ./.env]. Never printed, logged or written to any file. Prefer --master-key-file: a command line is visible to other users of the machine.",
        };
        MasterKeyFile = new Option<string?>("--master-key-file")
        {
            Description = "Read the master key from this file (one line), e.g. a mounted secret",
        };
        _environment = environment;
        Timeout = new Option<double>("--timeout")
        {
            Description = "Seconds one request may take before it is abandoned (and retried or re-checked)",
            DefaultValueFactory = _ => 30,
        };
        Retries = new Option<int>("--retries")
        {
            Description = "Retries of a request that failed transiently (429, 5xx, network, timeout), with backoff and Retry-After",
            DefaultValueFactory = _ => 5,
        };
        Concurrency = new Option<int>("--concurrency")
        {
            Description = "Requests in flight at once (lookups and deletes share it)",
            DefaultValueFactory = _ => 4,
        };
        MaxRps = new Option<double?>("--max-rps")
        {
            Description = "At most this many requests per second [default: no limit]",
        };
        Sandbox = new Option<string?>("--sandbox")
        {
            Description = $"Rehearse against an in-process LiteLLM sandbox instead of --base-url (nothing real is touched): seeded from this CSV or JSON file, or continued from ./{SandboxStateFile.DefaultFileName} (what earlier --sandbox runs with the same file left), which is saved again at the end",
        };
        SandboxReset = new Option<bool>("--sandbox-reset")
        {
            Description = $"With --sandbox: start over from the seed file, discarding the rehearsal state kept in ./{SandboxStateFile.DefaultFileName}",
        };
        Debug = new Option<bool>("--debug")
        {
            Description = "Write each request and response, timings and decisions to stderr (the key shows as sk-...[redacted])",
        };
        Timeout.Validators.Add(r => Positive(r, r.GetValueOrDefault<double>()));
        Retries.Validators.Add(r =>
        {
            if (r.GetValueOrDefault<int>() < 0)
            {
                r.AddError("--retries must be 0 or more.");
            }
        });
        Concurrency.Validators.Add(r => Positive(r, r.GetValueOrDefault<int>()));
        MaxRps.Validators.Add(r => Positive(r, r.GetValueOrDefault<double?>() ?? 1));
    }

    private readonly CliEnvironment _environment;

    /// <summary>--base-url.</summary>
    public Option<string> BaseUrl { get; }

    /// <summary>--master-key.</summary>
    public Option<string?> MasterKey { get; }

    /// <summary>--master-key-file.</summary>
    public Option<string?> MasterKeyFile { get; }

    /// <summary>--timeout.</summary>
    public Option<double> Timeout { get; }

    /// <summary>--retries.</summary>
    public Option<int> Retries { get; }

    /// <summary>--concurrency.</summary>
    public Option<int> Concurrency { get; }

    /// <summary>--max-rps.</summary>
    public Option<double?> MaxRps { get; }

    /// <summary>--debug.</summary>
    public Option<bool> Debug { get; }

    /// <summary>--sandbox.</summary>
    public Option<string?> Sandbox { get; }

    /// <summary>--sandbox-reset.</summary>
    public Option<bool> SandboxReset { get; }

    /// <summary>Adds the options to a command.</summary>
    public void AddTo(Command command)
    {
        ArgumentNullException.ThrowIfNull(command);
        command.Options.Add(BaseUrl);
        command.Options.Add(MasterKey);
        command.Options.Add(MasterKeyFile);
        command.Options.Add(Timeout);
        command.Options.Add(Retries);
        command.Options.Add(Concurrency);
        command.Options.Add(MaxRps);
        command.Options.Add(Debug);
        command.Options.Add(Sandbox);
        command.Options.Add(SandboxReset);
    }

    /// <summary>The files these options name, for <see cref="PathClash"/>: the key file, the sandbox seed and the rehearsal state it saves.</summary>
    public IEnumerable<FileUse> Files(ParseResult result, CliEnvironment environment)
    {
        ArgumentNullException.ThrowIfNull(result);
        ArgumentNullException.ThrowIfNull(environment);
        var uses = new List<FileUse>();
        if (result.GetValue(MasterKeyFile) is { } keyFile)
        {
            uses.Add(FileUse.Reads("--master-key-file", environment.ResolvePath(keyFile)));
        }

        if (result.GetValue(Sandbox) is { } seed)
        {
            uses.Add(FileUse.Reads("--sandbox", environment.ResolvePath(seed)));
            uses.Add(FileUse.Writes("the rehearsal state " + SandboxStateFile.DefaultFileName, environment.ResolvePath(SandboxStateFile.DefaultFileName)));
        }

        return uses;
    }

    /// <summary>
    /// Validates the values and connects: to the proxy, or with --sandbox to a fresh in-process
    /// sandbox. The key is handed to the output redactors before anything is sent. Requests carry
    /// <paramref name="changedBy"/> as <c>litellm-changed-by</c>, so LiteLLM's audit log names the operator.
    /// </summary>
    public async Task<ProxyConnection> ConnectAsync(ParseResult result, CliContext context, StderrLog log, string? changedBy = null)
    {
        ArgumentNullException.ThrowIfNull(result);
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(log);
        if (result.GetValue(Sandbox) is { } seedFile)
        {
            var path = context.Environment.ResolvePath(seedFile);
            if (!File.Exists(path))
            {
                throw new CliUserException($"Sandbox seed file '{seedFile}' not found.");
            }

            // A throwaway key for a throwaway server; like every key, it is never shown.
            var sandboxKey = "sk-rehearsal-" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));
            var sandbox = await SandboxServer.StartAsync(new SandboxOptions { MasterKey = sandboxKey }, context.Stop).ConfigureAwait(false);
            SandboxStateFile state;
            try
            {
                // The rehearsal goes on across commands (delete, then restore): the state left by the last --sandbox run
                // with this seed file is loaded instead of reseeding; --sandbox-reset starts over.
                state = SandboxStateFile.For(context.Environment.ResolvePath(SandboxStateFile.DefaultFileName), path);
                if (result.GetValue(SandboxReset) && state.Delete())
                {
                    log.Info($"Rehearsal: discarded the state in '{SandboxStateFile.DefaultFileName}'; starting over from '{seedFile}'.");
                }

                var loaded = state.TryLoad(sandbox.Store);
                if (loaded == SandboxStateFile.LoadResult.Loaded)
                {
                    log.Info($"Rehearsal: continuing from '{SandboxStateFile.DefaultFileName}' ({sandbox.Store.UserCount} users, {sandbox.Store.Deletions.Count} deleted so far) at {sandbox.BaseAddress}; --sandbox-reset starts over from '{seedFile}'. Nothing real is touched.");
                    return new ProxyConnection(CreateClient(result, context, log, sandbox.BaseAddress, sandboxKey, changedBy), sandbox) { SandboxState = state, Log = log };
                }

                if (loaded == SandboxStateFile.LoadResult.OtherSeed)
                {
                    log.Warn($"'{SandboxStateFile.DefaultFileName}' was left by a rehearsal with another seed file; starting from '{seedFile}' (the file will be replaced).");
                }

                sandbox.Store.LoadSeedFile(path);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or FormatException or InvalidDataException or InvalidOperationException or System.Text.Json.JsonException)
            {
                await sandbox.DisposeAsync().ConfigureAwait(false);
                throw new CliUserException($"Sandbox seed file '{seedFile}' cannot be read: {ex.Message}", ex);
            }

            log.Info($"Rehearsal: running against an in-process LiteLLM sandbox at {sandbox.BaseAddress} seeded with {sandbox.Store.UserCount} users from '{seedFile}'. Nothing real is touched.");
            return new ProxyConnection(CreateClient(result, context, log, sandbox.BaseAddress, sandboxKey, changedBy), sandbox) { SandboxState = state, Log = log };
        }

        var key = KeySources.Resolve(result.GetValue(MasterKey), result.GetValue(MasterKeyFile), _environment);
        var baseUrl = ParseBaseUrl(result.GetValue(BaseUrl));
        var client = CreateClient(result, context, log, baseUrl, key.Key, changedBy);
        log.Debug($"master key from {key.Source}");
        if (KeySources.IsPlainHttpToAnotherHost(baseUrl))
        {
            log.Warn($"the master key is sent over plain http to {baseUrl.Host}: anyone on the network path can read it. Use an https:// --base-url.");
        }

        return new ProxyConnection(client, null);
    }

    private LiteLlmAdminClient CreateClient(ParseResult result, CliContext context, StderrLog log, Uri baseUrl, string key, string? changedBy)
    {
        context.Output.Redactor = context.Output.Redactor.With(key);
        context.Error.Redactor = context.Error.Redactor.With(key);
        var options = new LiteLlmAdminClientOptions
        {
            Timeout = TimeSpan.FromSeconds(result.GetValue(Timeout)),
            Retry = new RetrySettings { MaxRetries = result.GetValue(Retries) },
            MaxConcurrentRequests = result.GetValue(Concurrency),
            MaxRequestsPerSecond = result.GetValue(MaxRps),
            Logger = result.GetValue(Debug) ? log : null,
            ChangedBy = changedBy,
        };
        return new LiteLlmAdminClient(baseUrl, key, options);
    }

    /// <summary>Checks a base URL.</summary>
    public static Uri ParseBaseUrl(string? value)
    {
        if (!Uri.TryCreate(value?.Trim(), UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps))
        {
            throw new CliUserException($"--base-url '{value}' is not an http:// or https:// URL.");
        }

        return uri;
    }

    private static void Positive(System.CommandLine.Parsing.OptionResult result, double value)
    {
        if (value <= 0)
        {
            result.AddError(string.Create(CultureInfo.InvariantCulture, $"{result.Option.Name} must be more than 0."));
        }
    }
}

/// <summary>A client, and the sandbox it talks to when rehearsing.</summary>
/// <param name="Client">The client.</param>
/// <param name="Sandbox">The in-process sandbox (--sandbox), or null.</param>
public sealed record ProxyConnection(LiteLlmAdminClient Client, SandboxServer? Sandbox) : IAsyncDisposable
{
    /// <summary>Where the rehearsal's state is saved when the connection closes (--sandbox), or null.</summary>
    public SandboxStateFile? SandboxState { get; init; }

    /// <summary>Where a failure to save the state is reported.</summary>
    public StderrLog? Log { get; init; }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        if (Sandbox is not null)
        {
            await Sandbox.StopAsync().ConfigureAwait(false);
            try
            {
                SandboxState?.Save(Sandbox.Store);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                Log?.Warn($"the rehearsal state could not be saved to '{SandboxState?.Path}': {ex.Message}. The next --sandbox run starts from the seed file.");
            }

            await Sandbox.DisposeAsync().ConfigureAwait(false);
        }
    }
}
