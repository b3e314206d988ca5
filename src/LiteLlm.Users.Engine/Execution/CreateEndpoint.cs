namespace LiteLlm.Users.Engine.Execution;

/// <summary>Which LiteLLM route creates users.</summary>
public enum CreateEndpoint
{
    /// <summary>Probe once: the v1 bulk route when the proxy has it, else <c>/user/new</c>.</summary>
    Auto,

    /// <summary><c>POST /user/new</c>, one user per request (every LiteLLM version).</summary>
    Legacy,

    /// <summary><c>POST /management/v1/users/bulk</c>, up to 500 users per request (recent LiteLLM).</summary>
    BulkV1,
}
