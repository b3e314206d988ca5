using System.Globalization;
using System.Net;
using LiteLlm.Sandbox.Endpoints;
using LiteLlm.Sandbox.Http;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace LiteLlm.Sandbox;

/// <summary>
/// An in-memory, LiteLLM-Proxy-compatible HTTP server on Kestrel. Start one per test (port 0) or host it
/// from a command line (fixed port, <see cref="WaitForShutdownAsync"/>).
/// </summary>
public sealed class SandboxServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly SlotGate _slots;
    private readonly CancellationTokenSource _stopping;
    private int _stopped;

    private SandboxServer(WebApplication app, SandboxOptions options, SandboxProfile profile, SandboxStore store, RequestJournal journal, FaultInjector faults, SlotGate slots, CancellationTokenSource stopping, Uri baseAddress)
    {
        _app = app;
        Options = options;
        Profile = profile;
        Store = store;
        Journal = journal;
        Faults = faults;
        _slots = slots;
        _stopping = stopping;
        BaseAddress = baseAddress;
    }

    /// <summary>Root of the server without a trailing path, e.g. <c>http://127.0.0.1:41234</c>.</summary>
    public Uri BaseAddress { get; }

    public SandboxOptions Options { get; }

    public SandboxStore Store { get; }

    public RequestJournal Journal { get; }

    public FaultInjector Faults { get; }

    /// <summary>Requests currently holding a slot (being served, including their modelled latency).</summary>
    public int ConcurrentRequests => _slots.Current;

    /// <summary>Highest <see cref="ConcurrentRequests"/> seen since start or <see cref="ResetPeakConcurrency"/>.</summary>
    public int PeakConcurrentRequests => _slots.Peak;

    public void ResetPeakConcurrency() => _slots.ResetPeak();

    /// <summary>The profile in effect: <see cref="SandboxOptions.Profile"/> with the options' overrides applied
    /// (<see cref="SandboxOptions.EnableManagementV1"/>, <see cref="SandboxOptions.LegacyUserInfo"/>).</summary>
    public SandboxProfile Profile { get; }

    /// <summary>The profile a server started with <paramref name="options"/> runs with.</summary>
    public static SandboxProfile EffectiveProfile(SandboxOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var profile = options.Profile ?? SandboxProfile.Default;
        if (options.EnableManagementV1 is { } v1)
        {
            profile = profile.With(LiteLlmChange.ManagementV1Routes, v1);
        }

        if (options.LegacyUserInfo is { } legacyInfo)
        {
            profile = profile.With(LiteLlmChange.UserInfoUnknownIs404, !legacyInfo);
        }

        return profile;
    }

    public static async Task<SandboxServer> StartAsync(SandboxOptions? options = null, CancellationToken cancellationToken = default)
    {
        options ??= new SandboxOptions();
        ArgumentOutOfRangeException.ThrowIfNegative(options.Port);
        var store = new SandboxStore();
        var profile = EffectiveProfile(options);
        var routes = SandboxRoutes.Build(profile);
        var journal = new RequestJournal(path => routes.Any(r => r.StateChanging && r.Path == path));
        var faults = new FaultInjector(options.FaultSeed);
        var slots = new SlotGate(options.MaxConcurrentRequests);
        var stopping = new CancellationTokenSource();
        var pipeline = new Pipeline(store, options, profile, journal, faults, slots, routes, stopping.Token);

        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions
        {
            ApplicationName = typeof(SandboxServer).Assembly.GetName().Name,
            ContentRootPath = AppContext.BaseDirectory,
            EnvironmentName = Environments.Production,
        });
        builder.Logging.ClearProviders();
        if (options.Log is { } log)
        {
            builder.Logging.AddProvider(new SinkLoggerProvider(log));
            builder.Logging.SetMinimumLevel(LogLevel.Warning);
        }

        builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = TimeSpan.FromSeconds(2));
        builder.WebHost.UseKestrel(kestrel =>
        {
            kestrel.AddServerHeader = false;
            kestrel.Limits.MaxRequestBodySize = null; // LiteLLM has no built-in body limit (contract §5).
            kestrel.Listen(ResolveAddress(options.Host), options.Port);
        });

        var app = builder.Build();
        foreach (var route in routes)
        {
            string[] methods = route.Method == "GET" ? ["GET", "HEAD"] : [route.Method];
            app.MapMethods(route.Path, methods, pipeline.HandleAsync);
        }

        app.MapFallback("{**path}", pipeline.HandleAsync);

        try
        {
            await app.StartAsync(cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            await app.DisposeAsync().ConfigureAwait(false);
            stopping.Dispose();
            throw;
        }

        var bound = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        var port = new Uri(bound).Port;
        var host = options.Host.Contains(':', StringComparison.Ordinal) ? "[" + options.Host + "]" : options.Host;
        var baseAddress = new Uri(string.Create(CultureInfo.InvariantCulture, $"http://{host}:{port}"));
        return new SandboxServer(app, options, profile, store, journal, faults, slots, stopping, baseAddress);
    }

    private static IPAddress ResolveAddress(string host) =>
        host.Equals("localhost", StringComparison.OrdinalIgnoreCase) ? IPAddress.Loopback
        : IPAddress.TryParse(host, out var address) ? address
        : throw new ArgumentException($"Host '{host}' is not an IP address or 'localhost'.", nameof(host));

    public async Task StopAsync(CancellationToken cancellationToken = default)
    {
        if (Interlocked.Exchange(ref _stopped, 1) == 1)
        {
            return;
        }

        await _stopping.CancelAsync().ConfigureAwait(false);
        await _app.StopAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Runs until <paramref name="cancellationToken"/> is cancelled (or the host stops), then stops the server.</summary>
    public async Task WaitForShutdownAsync(CancellationToken cancellationToken)
    {
        var stopped = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using (cancellationToken.Register(() => stopped.TrySetResult()))
        using (_app.Lifetime.ApplicationStopping.Register(() => stopped.TrySetResult()))
        {
            await stopped.Task.ConfigureAwait(false);
        }

        await StopAsync(CancellationToken.None).ConfigureAwait(false);
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync().ConfigureAwait(false);
        await _app.DisposeAsync().ConfigureAwait(false);
        _stopping.Dispose();
    }

    private sealed class SinkLoggerProvider(Action<string> sink) : ILoggerProvider
    {
        public ILogger CreateLogger(string categoryName) => new SinkLogger(sink, categoryName);

        public void Dispose()
        {
        }

        private sealed class SinkLogger(Action<string> sink, string category) : ILogger
        {
            public IDisposable? BeginScope<TState>(TState state)
                where TState : notnull => null;

            public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Warning;

            public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
            {
                if (IsEnabled(logLevel))
                {
                    sink($"sandbox [{logLevel}] {category}: {formatter(state, exception)}");
                }
            }
        }
    }
}
