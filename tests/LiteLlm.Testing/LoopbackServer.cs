using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace LiteLlm.Testing;

/// <summary>One request as a loopback server saw it.</summary>
public sealed record SeenRequest(string Method, string Path, string Query, string Body, IReadOnlyDictionary<string, string> Headers);

/// <summary>
/// A tiny Kestrel server on 127.0.0.1:0 for behaviour the sandbox cannot show (a redirect, a 200
/// with an error body, a server that never answers, LiteLLM releases with other bugs). Every
/// request is recorded before the handler runs. Shared by the client's and the CLI's suites.
/// </summary>
public sealed class LoopbackServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly List<SeenRequest> _requests = [];

    private LoopbackServer(WebApplication app, Uri baseAddress)
    {
        _app = app;
        BaseAddress = baseAddress;
    }

    public Uri BaseAddress { get; }

    public IReadOnlyList<SeenRequest> Requests
    {
        get
        {
            lock (_requests)
            {
                return [.. _requests];
            }
        }
    }

    public int Count(string method, string path) => Requests.Count(r => r.Method == method && r.Path == path);

    public static async Task<LoopbackServer> StartAsync(Func<HttpContext, SeenRequest, Task> handler)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(k => k.Listen(IPAddress.Loopback, 0));
        var app = builder.Build();
        LoopbackServer? self = null;
        app.Run(async context =>
        {
            using var reader = new StreamReader(context.Request.Body);
            var body = await reader.ReadToEndAsync(context.RequestAborted);
            var seen = new SeenRequest(
                context.Request.Method,
                context.Request.Path.Value ?? string.Empty,
                context.Request.QueryString.Value ?? string.Empty,
                body,
                context.Request.Headers.ToDictionary(h => h.Key, h => h.Value.ToString(), StringComparer.OrdinalIgnoreCase));
            lock (self!._requests)
            {
                self._requests.Add(seen);
            }

            await handler(context, seen);
        });
        // Starting on loopback is immediate; the library has no test context to take a token from.
        await app.StartAsync(CancellationToken.None);
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        self = new LoopbackServer(app, new Uri(address));
        return self;
    }

    public static Task Json(HttpContext context, int status, string json, string contentType = "application/json")
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = contentType;
        return context.Response.WriteAsync(json);
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync(CancellationToken.None);
        await _app.DisposeAsync();
    }
}
