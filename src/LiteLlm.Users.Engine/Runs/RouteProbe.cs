using LiteLlm.Admin;
using LiteLlm.Users.Engine.Execution;

namespace LiteLlm.Users.Engine.Runs;

/// <summary>Which write routes the proxy has: each asked once per run, on first need, and shared.</summary>
internal sealed class RouteProbe(LiteLlmAdminClient client)
{
    private readonly Lock _gate = new();
    private Task<DeleteEndpoint>? _delete;
    private Task<CreateEndpoint>? _create;

    /// <summary>The delete route: <paramref name="requested"/>, or for auto the v1 bulk route when the proxy has it.</summary>
    public Task<DeleteEndpoint> DeleteAsync(DeleteEndpoint requested, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            return _delete ??= UserDeleter.ChooseEndpointAsync(client, requested, cancellationToken);
        }
    }

    /// <summary>The create route: <paramref name="requested"/>, or for auto the v1 bulk route when the proxy has it.</summary>
    public Task<CreateEndpoint> CreateAsync(CreateEndpoint requested, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            return _create ??= UserCreator.ChooseEndpointAsync(client, requested, cancellationToken);
        }
    }
}
