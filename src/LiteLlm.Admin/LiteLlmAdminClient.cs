using LiteLlm.Admin.Health;
using LiteLlm.Admin.Internal;
using LiteLlm.Admin.Invitations;
using LiteLlm.Admin.Keys;
using LiteLlm.Admin.Organizations;
using LiteLlm.Admin.Security;
using LiteLlm.Admin.Teams;
using LiteLlm.Admin.Users;

namespace LiteLlm.Admin;

/// <summary>
/// Root client of the LiteLLM Proxy admin API. Build it from the proxy's base URL and the master
/// key; reach the operations through its subclients (<see cref="Users"/>). Thread-safe; share one
/// instance per proxy.
/// </summary>
public class LiteLlmAdminClient : IDisposable
{
    private readonly HttpPipeline? _pipeline;

    /// <summary>Creates a client with default options.</summary>
    public LiteLlmAdminClient(Uri endpoint, string masterKey)
        : this(endpoint, masterKey, new LiteLlmAdminClientOptions())
    {
    }

    /// <summary>Creates a client.</summary>
    /// <param name="endpoint">
    /// The proxy's base URL (a path prefix is kept). Credentials in it (<c>https://user:pass@host</c>) are
    /// for a proxy in front of LiteLLM: they are sent as HTTP Basic auth, the key then travels in
    /// <c>x-litellm-api-key: Bearer &lt;key&gt;</c> (which LiteLLM reads first), they are removed from
    /// <see cref="Endpoint"/>, and every form of them is scrubbed like the key.
    /// </param>
    /// <param name="masterKey">The master key or a proxy_admin key.</param>
    /// <param name="options">Settings.</param>
    public LiteLlmAdminClient(Uri endpoint, string masterKey, LiteLlmAdminClientOptions options)
    {
        ArgumentNullException.ThrowIfNull(endpoint);
        ArgumentException.ThrowIfNullOrWhiteSpace(masterKey);
        ArgumentNullException.ThrowIfNull(options);
        if (!endpoint.IsAbsoluteUri || (endpoint.Scheme != Uri.UriSchemeHttp && endpoint.Scheme != Uri.UriSchemeHttps))
        {
            throw new ArgumentException("The endpoint must be an absolute http or https URL.", nameof(endpoint));
        }

        // Credentials in the URL are for a proxy in front: sent as Basic auth, never shown (see EndpointCredentials).
        var (clean, credentials) = EndpointCredentials.Split(endpoint);
        Endpoint = clean;
        _pipeline = new HttpPipeline(clean, masterKey, credentials, options);
        Users = new UsersClient(_pipeline);
        Teams = new TeamsClient(_pipeline);
        Keys = new KeysClient(_pipeline);
        Invitations = new InvitationsClient(_pipeline);
        Organizations = new OrganizationsClient(_pipeline);
    }

    /// <summary>For mocking only.</summary>
    protected LiteLlmAdminClient()
    {
        Endpoint = new Uri("http://localhost");
        Users = null!;
        Teams = null!;
        Keys = null!;
        Invitations = null!;
        Organizations = null!;
    }

    /// <summary>The proxy's base URL, without any credentials it was given with (safe to show and store).</summary>
    public Uri Endpoint { get; }

    /// <summary>User operations (<c>/user/*</c>).</summary>
    public virtual UsersClient Users { get; }

    /// <summary>Team operations (<c>/team/*</c>).</summary>
    public virtual TeamsClient Teams { get; }

    /// <summary>Key operations (<c>/key/*</c>).</summary>
    public virtual KeysClient Keys { get; }

    /// <summary>Invitation links (<c>/invitation/new</c>).</summary>
    public virtual InvitationsClient Invitations { get; }

    /// <summary>Organisations (<c>/organization/list</c>).</summary>
    public virtual OrganizationsClient Organizations { get; }

    /// <summary>What this client has sent so far.</summary>
    public virtual LiteLlmClientStatistics Statistics => Pipeline.Statistics;

    /// <summary>Scrubs this client's secrets from any text.</summary>
    public virtual SecretRedactor Redactor => Pipeline.Redactor;

    /// <summary>
    /// Tells whether the proxy has a POST route, without changing anything: FastAPI answers a GET on
    /// an existing POST-only route with 405 and on a missing route with 404. Any other answer is not
    /// an answer to the question: a transient one (429, 5xx) is retried like any read, and the rest
    /// (a rejected key, say) throws <see cref="LiteLlmRequestFailedException"/>.
    /// </summary>
    public virtual async Task<bool> HasRouteAsync(string path, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        try
        {
            await Pipeline.SendAsync(HttpMethod.Get, path, null, null, RequestKind.Read, cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (LiteLlmRequestFailedException failure) when (failure.Status is 404 or 405)
        {
            return failure.Status == 405;
        }
    }

    /// <summary>
    /// Asks <c>GET /health/readiness</c> what the proxy is: its release (<see cref="ProxyReadiness.LiteLlmVersion"/>)
    /// and whether it has a database. Read-only and cheap; LiteLLM serves it without checking the key.
    /// A proxy without a database still answers (with <c>"db": "Not connected"</c>); a proxy whose
    /// database is failing answers 503, which throws like any failure.
    /// </summary>
    /// <param name="cancellationToken">Cancels the request.</param>
    /// <exception cref="LiteLlmRequestFailedException">The proxy cannot be reached or did not answer with a readiness document.</exception>
    public virtual Task<ProxyReadiness> GetReadinessAsync(CancellationToken cancellationToken = default) =>
        Pipeline.GetAsync(ApiRoutes.HealthReadiness, null, LiteLlmJsonContext.Default.ProxyReadiness, cancellationToken);

    internal HttpPipeline Pipeline => _pipeline ?? throw new InvalidOperationException("This instance was created for mocking.");

    /// <inheritdoc />
    public void Dispose()
    {
        Dispose(true);
        GC.SuppressFinalize(this);
    }

    /// <summary>Releases the HTTP resources.</summary>
    protected virtual void Dispose(bool disposing)
    {
        if (disposing)
        {
            _pipeline?.Dispose();
        }
    }
}
