using System.CommandLine;
using LiteLlm.Sandbox;

namespace LiteLlm.Users.Cli.Commands.Sandbox;

/// <summary><c>litellm-users sandbox</c>: a LiteLLM-compatible server with in-memory users, to rehearse against.</summary>
public static class SandboxCommand
{
    /// <summary>The key the sandbox expects when --master-key and LITELLM_MASTER_KEY are not set.</summary>
    public const string DefaultKey = "sk-sandbox-master-key";

    /// <summary>Builds the command with its action.</summary>
    public static Command Create(Common.CliContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var port = new Option<int>("--port") { Description = "Port on 127.0.0.1 (0 = any free port)", DefaultValueFactory = _ => 4000 };
        var masterKey = new Option<string>("--master-key")
        {
            Description = $"Master key the sandbox accepts [default: env LITELLM_MASTER_KEY, else {DefaultKey}]",
            DefaultValueFactory = _ => context.Environment.Get("LITELLM_MASTER_KEY") ?? DefaultKey,
        };
        var users = new Option<string?>("--users") { Description = "Seed users from a CSV (user_email[,user_id,user_role,user_alias,teams]) or JSON file" };
        var managementV1 = new Option<bool>("--management-v1") { Description = "Also serve /management/v1/users/bulk_delete and /bulk (recent LiteLLM)" };
        var command = new Command(
            "sandbox",
            "Run a LiteLLM-compatible sandbox server (users, keys and teams in memory) until Ctrl+C, to rehearse a run without touching a real proxy.")
        {
            port,
            masterKey,
            users,
            managementV1,
        };
        command.SetAction(async (result, _) =>
        {
            var options = new SandboxOptions
            {
                Port = result.GetValue(port),
                MasterKey = result.GetValue(masterKey),
                EnableManagementV1 = result.GetValue(managementV1),
            };
            context.Output.Redactor = context.Output.Redactor.With(options.MasterKey);
            context.Error.Redactor = context.Error.Redactor.With(options.MasterKey);
            await using var server = await SandboxServer.StartAsync(options, context.Stop).ConfigureAwait(false);
            if (result.GetValue(users) is { } seed)
            {
                var path = context.Environment.ResolvePath(seed);
                if (!File.Exists(path))
                {
                    throw new CliUserException($"Seed file '{seed}' not found.");
                }

                server.Store.LoadSeedFile(path);
            }

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

            return ExitCodes.Success;
        });
        return command;
    }
}
