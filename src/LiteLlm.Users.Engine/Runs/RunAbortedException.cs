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

    /// <summary>Creates the exception for a failure on this machine, not the proxy's (the backup cannot be written): its reason and fix are told as they are.</summary>
    public RunAbortedException(string reason, string fix, Exception innerException)
        : this(new LiteLlmRequestFailedException(reason, innerException))
    {
        LocalReason = reason;
        LocalFix = fix;
    }

    /// <summary>The failure.</summary>
    public LiteLlmRequestFailedException Failure { get; }

    /// <summary>For a failure on this machine: why the run stopped, in full (no API words, no HTTP status).</summary>
    public string? LocalReason { get; }

    /// <summary>For a failure on this machine: what to do about it.</summary>
    public string? LocalFix { get; }
}
