using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;

namespace LiteLlm.Sandbox.Tests.Infrastructure;

/// <summary>
/// What a contract test talks to: an in-process sandbox, or a real LiteLLM proxy when
/// <c>LITELLM_CONTRACT_BASE_URL</c> and <c>LITELLM_CONTRACT_MASTER_KEY</c> are set. Tests that only need the
/// HTTP API seed through <c>/user/new</c> with unique ids/emails and the target deletes what they created.
/// </summary>
public sealed class ContractTarget : IAsyncDisposable
{
    public const string Sandbox = "sandbox";
    public const string RealProxy = "litellm";
    public const string SkipMessage = "Skipped: set LITELLM_CONTRACT_BASE_URL and LITELLM_CONTRACT_MASTER_KEY to run against a real LiteLLM proxy";

    private static int _counter;
    private readonly List<string> _created = [];
    private readonly string _run = Guid.NewGuid().ToString("N")[..8];

    private ContractTarget(string name, HttpClient client, string masterKey, SandboxServer? server)
    {
        Name = name;
        Client = client;
        MasterKey = masterKey;
        Server = server;
    }

    public static TheoryData<string> Names => new(Sandbox, RealProxy);

    public string Name { get; }

    public HttpClient Client { get; }

    public string MasterKey { get; }

    /// <summary>The sandbox behind this target, or null for a real proxy.</summary>
    public SandboxServer? Server { get; }

    public bool IsSandbox => Server is not null;

    /// <summary>An email domain unique to this target instance, so list filters see only this test's users.</summary>
    public string Domain => $"ct-{_run}.example.com";

    public static async Task<ContractTarget> OpenAsync(string name, SandboxOptions? options = null)
    {
        if (name == RealProxy)
        {
            var baseUrl = Environment.GetEnvironmentVariable("LITELLM_CONTRACT_BASE_URL");
            var key = Environment.GetEnvironmentVariable("LITELLM_CONTRACT_MASTER_KEY");
            if (string.IsNullOrEmpty(baseUrl) || string.IsNullOrEmpty(key))
            {
                Assert.Skip(SkipMessage);
            }

            return new ContractTarget(name, new HttpClient { BaseAddress = new Uri(baseUrl.TrimEnd('/') + "/") }, key, null);
        }

        var server = await SandboxServer.StartAsync(options, TestContext.Current.CancellationToken);
        var client = new HttpClient { BaseAddress = server.BaseAddress, Timeout = TimeSpan.FromSeconds(30) };
        return new ContractTarget(name, client, server.Options.MasterKey ?? string.Empty, server);
    }

    public string Unique(string prefix) => $"{prefix}-{_run}-{Interlocked.Increment(ref _counter)}";

    public string Email(string local) => $"{local}@{Domain}";

    /// <summary>Sends a request; <paramref name="key"/> defaults to the master key (pass <c>""</c> for none).</summary>
    public async Task<HttpResponseMessage> SendAsync(HttpMethod method, string pathAndQuery, object? json = null, string? key = null, string? rawBody = null, Action<HttpRequestMessage>? configure = null)
    {
        using var request = new HttpRequestMessage(method, pathAndQuery.TrimStart('/'));
        key ??= MasterKey;
        if (key.Length > 0)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", key);
        }

        if (rawBody is not null)
        {
            request.Content = new StringContent(rawBody, Encoding.UTF8, "application/json");
        }
        else if (json is not null)
        {
            request.Content = new StringContent(json is string s ? s : JsonSerializer.Serialize(json), Encoding.UTF8, "application/json");
        }

        configure?.Invoke(request);
        return await Client.SendAsync(request, TestContext.Current.CancellationToken);
    }

    public Task<HttpResponseMessage> GetAsync(string pathAndQuery, string? key = null) => SendAsync(HttpMethod.Get, pathAndQuery, key: key);

    public Task<HttpResponseMessage> PostAsync(string path, object? json, string? key = null) => SendAsync(HttpMethod.Post, path, json, key);

    /// <summary>Creates a user through <c>/user/new</c> and remembers it for clean-up.</summary>
    public async Task<JsonElement> CreateUserAsync(object body)
    {
        using var response = await PostAsync("/user/new", body);
        var json = await response.JsonAsync();
        response.StatusCode.ShouldBe(System.Net.HttpStatusCode.OK, json.GetRawText());
        _created.Add(json.GetProperty("user_id").GetString()!);
        return json;
    }

    public void Track(string userId) => _created.Add(userId);

    public async ValueTask DisposeAsync()
    {
        if (!IsSandbox && _created.Count > 0)
        {
            foreach (var id in _created.Distinct())
            {
                using var _ = await PostAsync("/user/delete", new { user_ids = new[] { id } });
            }
        }

        Client.Dispose();
        if (Server is not null)
        {
            await Server.DisposeAsync();
        }
    }
}
