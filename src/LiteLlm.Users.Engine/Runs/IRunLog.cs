namespace LiteLlm.Users.Engine.Runs;

/// <summary>Where the engine tells what it does. Implementations redact nothing: the engine only passes redacted text.</summary>
public interface IRunLog
{
    /// <summary>Decisions and details, shown with --debug.</summary>
    void Debug(string message);

    /// <summary>Things the operator should know (resuming, strategy), shown always on stderr.</summary>
    void Info(string message);

    /// <summary>Something looks wrong but the run goes on.</summary>
    void Warn(string message);
}
