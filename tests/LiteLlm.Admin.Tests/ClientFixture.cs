using LiteLlm.Sandbox;
using Microsoft.Extensions.Logging;

namespace LiteLlm.Admin.Tests;

/// <summary>A sandbox on 127.0.0.1:0 and a client for it.</summary>
public sealed class ClientFixture : IAsyncDisposable
{
    public const string Key = "sk-client-tests-9d8c7b";

    private ClientFixture(SandboxServer sandbox, LiteLlmAdminClient client, ListLogger log)
    {
        Sandbox = sandbox;
        Client = client;
        Log = log;
    }

    public SandboxServer Sandbox { get; }

    public LiteLlmAdminClient Client { get; }

    public ListLogger Log { get; }

    public static async Task<ClientFixture> StartAsync(Action<SandboxOptions>? sandbox = null, Action<LiteLlmAdminClientOptions>? client = null)
    {
        var options = new SandboxOptions { MasterKey = Key };
        sandbox?.Invoke(options);
        var server = await SandboxServer.StartAsync(options, TestContext.Current.CancellationToken);
        var log = new ListLogger();
        var clientOptions = new LiteLlmAdminClientOptions { Logger = log, Retry = new RetrySettings { BaseDelay = TimeSpan.FromMilliseconds(1), MaxDelay = TimeSpan.FromMilliseconds(5) } };
        client?.Invoke(clientOptions);
        return new ClientFixture(server, new LiteLlmAdminClient(server.BaseAddress, Key, clientOptions), log);
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await Sandbox.DisposeAsync();
    }
}

/// <summary>An ILogger that keeps every line.</summary>
public sealed class ListLogger : ILogger
{
    private readonly List<string> _lines = [];

    public IReadOnlyList<string> Lines
    {
        get
        {
            lock (_lines)
            {
                return [.. _lines];
            }
        }
    }

    public IDisposable? BeginScope<TState>(TState state)
        where TState : notnull => null;

    public bool IsEnabled(LogLevel logLevel) => true;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
    {
        lock (_lines)
        {
            _lines.Add(formatter(state, exception));
        }
    }
}
