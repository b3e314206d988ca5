using LiteLlm.Admin;
using LiteLlm.Users.Engine.Input;
using LiteLlm.Users.Engine.Matching;
using LiteLlm.Users.Engine.Runs;

namespace LiteLlm.Users.Engine.Verbs.Enable;

/// <summary>
/// An enable: undoes a disable for the users listed by email in a CSV — unblocks exactly the keys the
/// disable record names, restores the recorded role and removes the record. A user without the
/// record is an error row. Same matching, journal and outputs as a delete. Read the input first
/// (<see cref="ReadInput"/>), then <see cref="RunAsync"/>.
/// </summary>
public sealed record EnableJob : RunSettings
{
    private IReadOnlyList<EmailInputRow>? _rows;

    /// <summary>Creates the settings with the default file names.</summary>
    public EnableJob()
    {
        ResultFile = "user_enable_result.csv";
        ErrorFile = "user_enable_error.csv";
    }

    /// <summary>The status of rows that succeed (its tally word): <c>Enabled</c>.</summary>
    public static IReadOnlyList<string> Statuses { get; } = [EnableRow.Enabled];

    /// <summary>Input CSV (an <c>email</c> column).</summary>
    public required string CsvFile { get; init; }

    /// <summary>Enable every user of an email that several users share.</summary>
    public bool AllMatches { get; init; }

    /// <summary>How emails are resolved.</summary>
    public ResolutionStrategy Strategy { get; init; }

    /// <summary>Reads and checks <see cref="CsvFile"/> (nothing is sent).</summary>
    /// <exception cref="InputException">The file is unusable or lists no email.</exception>
    public InputSummary ReadInput()
    {
        var input = EmailInput.Read(CsvFile);
        _rows = input.Rows;
        return input.Summary;
    }

    /// <summary>Runs the enable over the input read before.</summary>
    /// <param name="client">The proxy.</param>
    /// <param name="log">Where the run says what it does.</param>
    /// <param name="progress">Live counters.</param>
    /// <param name="stop">Ctrl+C: send no new request, finish what is in flight.</param>
    /// <param name="abort">Give up on requests in flight.</param>
    /// <returns>The run's result, with a dry run's line per row as its decisions.</returns>
    public async Task<RunResult<string>> RunAsync(LiteLlmAdminClient client, IRunLog? log, RunProgress? progress, CancellationToken stop, CancellationToken abort)
    {
        var verb = new EnableVerb(new RunContext(client, Concurrency, log, progress), this, _rows ?? throw new InvalidOperationException("Read the input first."));
        var result = await RunRunner.RunAsync(verb, stop, abort).ConfigureAwait(false);
        return result.With<string>([.. result.Decisions.Select(EnableVerb.Preview)]);
    }
}
