using LiteLlm.Users.Engine.Runs;
using Microsoft.Extensions.Logging;

namespace LiteLlm.Users.Cli.Common;

/// <summary>
/// The CLI's log: engine messages and the client's per-request debug lines, on stderr (data goes to
/// stdout and files). Debug lines only with --debug. Everything passes the redacting writer; each
/// message is one line, so a line break a value carries (an email, a server's words) is shown escaped
/// (<see cref="Printable"/>) and cannot fake a line of its own.
/// </summary>
public sealed class StderrLog : IRunLog, ILogger
{
    private readonly TextWriter _error;
    private readonly bool _debug;

    /// <summary>Creates the log.</summary>
    public StderrLog(TextWriter error, bool debug)
    {
        _error = error;
        _debug = debug;
    }

    /// <inheritdoc />
    public void Debug(string message)
    {
        if (_debug)
        {
            _error.WriteLine("DEBUG: " + Printable.Escape(message));
        }
    }

    /// <inheritdoc />
    public void Info(string message) => _error.WriteLine(Printable.Escape(message));

    /// <inheritdoc />
    public void Warn(string message) => _error.WriteLine("warning: " + Printable.Escape(message));

    /// <inheritdoc />
    public IDisposable? BeginScope<TState>(TState state)
        where TState : notnull => null;

    /// <inheritdoc />
    public bool IsEnabled(LogLevel logLevel) => _debug || logLevel >= LogLevel.Warning;

    /// <inheritdoc />
    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
    {
        ArgumentNullException.ThrowIfNull(formatter);
        if (logLevel >= LogLevel.Warning)
        {
            Warn(formatter(state, exception));
        }
        else
        {
            Debug(formatter(state, exception));
        }
    }
}
