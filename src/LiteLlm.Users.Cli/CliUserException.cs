namespace LiteLlm.Users.Cli;

/// <summary>A mistake of the user's (option, file, key): printed as one line, exit code 1, nothing sent.</summary>
public sealed class CliUserException : Exception
{
    /// <summary>Creates the exception.</summary>
    public CliUserException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception.</summary>
    public CliUserException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Creates the exception.</summary>
    public CliUserException()
    {
    }
}
