namespace LiteLlm.Users.Engine.Execution;

/// <summary>Which LiteLLM route deletes users.</summary>
public enum DeleteEndpoint
{
    /// <summary>Probe once: the v1 bulk route when the proxy has it, else the legacy route.</summary>
    Auto,

    /// <summary><c>POST /user/delete</c> (all LiteLLM versions; 404 for the whole call at the first unknown id).</summary>
    Legacy,

    /// <summary><c>POST /management/v1/users/bulk_delete</c> (recent LiteLLM; one result per id; up to 500 ids).</summary>
    BulkV1,
}
