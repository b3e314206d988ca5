using System.CommandLine;
using LiteLlm.Sandbox;
using LiteLlm.Users.Cli.Common;

namespace LiteLlm.Users.Cli.Commands.Sandbox;

/// <summary><c>litellm-users sandbox</c>: a LiteLLM-compatible server with in-memory users, to rehearse against.</summary>
public static class SandboxCommand
{
    /// <summary>The key the sandbox expects when no option, file, environment variable or .env gives one.</summary>
    public const string DefaultKey = "sk-sandbox-master-key";

    /// <summary>Builds the command with its action.</summary>
    public static Command Create(CliContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var definition = new SandboxCommandDefinition();
        var command = definition.CreateCommand();
        command.SetAction((result, _) => RunAsync(definition, result, context));
        return command;
    }

    /// <summary>
    /// Where the sandbox's master key comes from, in the order the other commands read it, with the built-in
    /// default last. The source is said on stderr so that a key picked up from the environment is never a surprise.
    /// </summary>
    public static ResolvedKey ResolveKey(string? keyOption, string? keyFile, CliEnvironment environment)
    {
        ArgumentNullException.ThrowIfNull(environment);
        if (!string.IsNullOrWhiteSpace(keyOption) || keyFile is not null)
        {
            return KeySources.Resolve(keyOption, keyFile, environment);
        }

        try
        {
            return KeySources.Resolve(null, null, environment);
        }
        catch (CliUserException)
        {
            return new ResolvedKey(DefaultKey, "the built-in default (docs/sandbox.md)");
        }
    }

    private static async Task<int> RunAsync(SandboxCommandDefinition definition, ParseResult result, CliContext context)
    {
        var options = definition.ToOptions(result);
        var key = ResolveKey(result.GetValue(definition.MasterKey), result.GetValue(definition.MasterKeyFile), context.Environment);
        options.MasterKey = key.Key;
        context.Output.Redactor = context.Output.Redactor.With(key.Key);
        context.Error.Redactor = context.Error.Redactor.With(key.Key);
        var seed = result.GetValue(definition.Users) is { } users ? context.Environment.ResolvePath(users) : null;
        if (seed is not null && !File.Exists(seed))
        {
            throw new CliUserException($"Seed file '{result.GetValue(definition.Users)}' not found.");
        }

        var journalPath = result.GetValue(definition.Journal) is { } journal ? context.Environment.ResolvePath(journal) : null;
        await using var server = await SandboxServer.StartAsync(options, context.Stop).ConfigureAwait(false);
        if (definition.ToFaultRule(result) is { } fault)
        {
            server.Faults.Add(fault);
        }

        if (seed is not null)
        {
            try
            {
                server.Store.LoadSeedFile(seed);
            }
            catch (Exception ex) when (ex is IOException or FormatException or InvalidDataException or InvalidOperationException or System.Text.Json.JsonException)
            {
                throw new CliUserException($"Seed file '{result.GetValue(definition.Users)}' cannot be read: {ex.Message}", ex);
            }
        }

        await context.Error.WriteLineAsync($"sandbox: master key from {key.Source}; imitating {server.Profile}").ConfigureAwait(false);
        await context.Output.WriteLineAsync($"LiteLLM sandbox listening on {server.BaseAddress} with {server.Store.UserCount} users. Press Ctrl+C to stop.").ConfigureAwait(false);
        await context.Output.FlushAsync(context.Stop).ConfigureAwait(false);
        try
        {
            await server.WaitForShutdownAsync(context.Stop).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // Ctrl+C: a normal way to stop a server.
        }

        if (journalPath is not null)
        {
            await using var writer = new StreamWriter(journalPath, append: false);
            server.Journal.WriteJsonLines(writer);
            await context.Error.WriteLineAsync($"sandbox: {server.Journal.Entries.Count} requests written to '{journalPath}'").ConfigureAwait(false);
        }

        return ExitCodes.Success;
    }
}
