using LiteLlm.Admin;

namespace LiteLlm.Users.Engine.Runs;

/// <summary>A failure that ends the whole run (rejected key, no permission, no server, no backup).</summary>
internal sealed class RunAbortedException : Exception
{
    /// <summary>Creates the exception.</summary>
    public RunAbortedException(LiteLlmRequestFailedException failure)
        : base(FailureReasons.Describe(failure), failure)
    {
        Failure = failure;
    }

    /// <summary>Creates the exception.</summary>
    public RunAbortedException()
        : this(new LiteLlmRequestFailedException())
    {
    }

    /// <summary>Creates the exception.</summary>
    public RunAbortedException(string message)
        : this(new LiteLlmRequestFailedException(message))
    {
    }

    /// <summary>Creates the exception.</summary>
    public RunAbortedException(string message, Exception innerException)
        : this(new LiteLlmRequestFailedException(message, innerException))
    {
    }

    /// <summary>The failure.</summary>
    public LiteLlmRequestFailedException Failure { get; }
}
