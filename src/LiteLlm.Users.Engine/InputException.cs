namespace LiteLlm.Users.Engine;

/// <summary>
/// The input (a CSV, a plan, an option value) cannot be used. Raised before any request is sent;
/// the message is one line a person can act on.
/// </summary>
public sealed class InputException : Exception
{
    /// <summary>Creates the exception.</summary>
    public InputException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with its cause.</summary>
    public InputException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Creates the exception.</summary>
    public InputException()
    {
    }
}
