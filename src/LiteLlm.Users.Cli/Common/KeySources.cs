using DotNetEnv;

namespace LiteLlm.Users.Cli.Common;

/// <summary>The master key as found, and where it came from (for --debug; never the key itself).</summary>
/// <param name="Key">The key.</param>
/// <param name="Source">e.g. "--master-key-file /run/secrets/litellm" or "LITELLM_MASTER_KEY in ./.env".</param>
public sealed record ResolvedKey(string Key, string Source);

/// <summary>
/// Where the master key and the base URL come from, as the original scripts read them (they called
/// python-dotenv's <c>load_dotenv()</c>, which never overrides a variable already set):
/// key: <c>--master-key</c>, then <c>--master-key-file</c>, then env <c>LITELLM_MASTER_KEY</c>, then
/// <c>LITELLM_MASTER_KEY</c> in <c>.env</c> in the current folder; base URL: <c>--base-url</c>, then env
/// <c>LITELLM_BASE_URL</c>, then <c>.env</c>, then http://localhost:4000. The command line wins over
/// the environment, and the environment over <c>.env</c>.
/// </summary>
public static class KeySources
{
    /// <summary>The variable holding the key.</summary>
    public const string KeyVariable = "LITELLM_MASTER_KEY";

    /// <summary>The variable holding the base URL.</summary>
    public const string BaseUrlVariable = "LITELLM_BASE_URL";

    /// <summary>The dotenv file read from the current folder.</summary>
    public const string DotEnvFile = ".env";

    /// <summary>Finds the key; throws <see cref="CliUserException"/> when there is none or a file cannot be read.</summary>
    /// <param name="keyOption">--master-key.</param>
    /// <param name="keyFile">--master-key-file.</param>
    /// <param name="environment">Variables and the current folder.</param>
    public static ResolvedKey Resolve(string? keyOption, string? keyFile, CliEnvironment environment)
    {
        ArgumentNullException.ThrowIfNull(environment);
        if (!string.IsNullOrWhiteSpace(keyOption) && keyFile is not null)
        {
            throw new CliUserException("Give the key once: --master-key or --master-key-file, not both.");
        }

        if (!string.IsNullOrWhiteSpace(keyOption))
        {
            return new ResolvedKey(keyOption.Trim(), "--master-key");
        }

        if (keyFile is not null)
        {
            return new ResolvedKey(ReadKeyFile(keyFile, environment), "--master-key-file " + keyFile);
        }

        if (environment.Get(KeyVariable) is { } fromEnvironment && !string.IsNullOrWhiteSpace(fromEnvironment))
        {
            return new ResolvedKey(fromEnvironment.Trim(), "env " + KeyVariable);
        }

        var dotEnv = ReadDotEnv(environment, out var problem);
        if (dotEnv.TryGetValue(KeyVariable, out var fromDotEnv) && !string.IsNullOrWhiteSpace(fromDotEnv))
        {
            return new ResolvedKey(fromDotEnv.Trim(), $"{KeyVariable} in {DotEnvPath(environment)}");
        }

        var hint = problem is null ? string.Empty : $" ({DotEnvPath(environment)} could not be read: {problem})";
        throw new CliUserException(
            $"--master-key or env {KeyVariable} is required. Other sources: --master-key-file FILE, or {KeyVariable}=... in a {DotEnvFile} file in the current folder{hint}.");
    }

    /// <summary>The base URL from the environment, else from <c>.env</c>; null when neither has one.</summary>
    public static string? BaseUrl(CliEnvironment environment)
    {
        ArgumentNullException.ThrowIfNull(environment);
        return environment.Get(BaseUrlVariable)
            ?? (ReadDotEnv(environment, out _).TryGetValue(BaseUrlVariable, out var url) && !string.IsNullOrWhiteSpace(url) ? url.Trim() : null);
    }

    /// <summary>
    /// Every value that could be the key, for the output redactors set up before the command line is
    /// even parsed (help and usage errors are printed too). Unreadable sources are skipped here.
    /// </summary>
    public static IEnumerable<string?> EarlySecrets(string[] args, CliEnvironment environment)
    {
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(environment);
        yield return environment.Get(KeyVariable);
        yield return ReadDotEnv(environment, out _).GetValueOrDefault(KeyVariable);
        foreach (var value in OptionValues(args, "--master-key"))
        {
            yield return value;
        }

        // Credentials in a base URL (https://user:pass@host) are secrets too.
        foreach (var url in OptionValues(args, "--base-url").Cast<string?>().Append(environment.Get(BaseUrlVariable)).Append(ReadDotEnv(environment, out _).GetValueOrDefault(BaseUrlVariable)))
        {
            foreach (var secret in LiteLlm.Admin.Security.SecretRedactor.CredentialsOf(url))
            {
                yield return secret;
            }
        }

        foreach (var file in OptionValues(args, "--master-key-file"))
        {
            string? key = null;
            try
            {
                key = ReadKeyFile(file, environment);
            }
            catch (CliUserException)
            {
                // Reported by the command; nothing to hide if it cannot be read.
            }

            yield return key;
        }
    }

    /// <summary>True when the key would cross a network in clear text: plain http to a host other than this machine.</summary>
    public static bool IsPlainHttpToAnotherHost(Uri baseUrl)
    {
        ArgumentNullException.ThrowIfNull(baseUrl);
        return baseUrl.Scheme == Uri.UriSchemeHttp && !baseUrl.IsLoopback;
    }

    private static string ReadKeyFile(string file, CliEnvironment environment)
    {
        var path = environment.ResolvePath(file);
        string text;
        try
        {
            text = File.ReadAllText(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new CliUserException($"--master-key-file '{file}' cannot be read: {ex.Message}", ex);
        }

        // One line holding the key; a trailing newline (echo, editors) is not part of it.
        var key = text.Trim();
        if (key.Length == 0 || key.Contains('\n', StringComparison.Ordinal))
        {
            throw new CliUserException($"--master-key-file '{file}' must hold the key and nothing else, on one line.");
        }

        return key;
    }

    private static string DotEnvPath(CliEnvironment environment) => environment.ResolvePath(DotEnvFile);

    /// <summary>
    /// The variables of <c>.env</c> in the current folder (empty when there is none), parsed with
    /// DotNetEnv without touching the process environment; <paramref name="problem"/> says why a
    /// file that exists could not be used.
    /// </summary>
    private static Dictionary<string, string> ReadDotEnv(CliEnvironment environment, out string? problem)
    {
        problem = null;
        var path = environment.ResolvePath(DotEnvFile);
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        if (!File.Exists(path))
        {
            return values;
        }

        try
        {
            // LoadContents, not Load: Load resolves a relative path against the process's folder.
            foreach (var (name, value) in Env.LoadContents(File.ReadAllText(path), Env.NoEnvVars()))
            {
                values[name] = value;
            }
        }
#pragma warning disable CA1031 // A broken .env is reported as one line (DotNetEnv throws its parser's own exception types).
        catch (Exception ex)
#pragma warning restore CA1031
        {
            problem = ex.Message;
            values.Clear();
        }

        return values;
    }

    private static IEnumerable<string> OptionValues(string[] args, string name)
    {
        for (var i = 0; i < args.Length; i++)
        {
            if (args[i] == name && i + 1 < args.Length)
            {
                yield return args[i + 1];
            }
            else if (args[i].StartsWith(name + "=", StringComparison.Ordinal))
            {
                yield return args[i][(name.Length + 1)..];
            }
        }
    }
}
