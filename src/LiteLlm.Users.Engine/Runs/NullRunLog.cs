namespace LiteLlm.Users.Engine.Runs;

/// <summary>A log that drops everything.</summary>
internal sealed class NullRunLog : IRunLog
{
    /// <summary>The instance.</summary>
    public static NullRunLog Instance { get; } = new();

    /// <inheritdoc />
    public void Debug(string message)
    {
    }

    /// <inheritdoc />
    public void Info(string message)
    {
    }

    /// <inheritdoc />
    public void Warn(string message)
    {
    }
}
