namespace LiteLlm.Users.Cli.Common;

/// <summary>
/// A question asked of the person at the terminal, the same way for every command: the live status
/// line is taken down first (<see cref="TerminalScreen.Hold"/>) and stays down until the answer is in,
/// so what the question is about (how many users, which proxy) and the question itself stay on screen
/// while the tool waits; progress resumes below the answer.
/// </summary>
public static class TerminalPrompt
{
    /// <summary>Shows <paramref name="lines"/> and <paramref name="question"/> on stderr and waits for a line; true for <c>yes</c> or <c>y</c>.</summary>
    /// <param name="context">The CLI's writers and input.</param>
    /// <param name="lines">What the question is about, one line each (already printable).</param>
    /// <param name="question">The question, left on the line the answer is typed on.</param>
    /// <param name="cancellationToken">Ctrl+C.</param>
    public static async Task<bool> ConfirmAsync(CliContext context, IReadOnlyList<string> lines, string question, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(lines);
        ArgumentNullException.ThrowIfNull(question);
        var screen = context.Error.Screen;
        using (screen?.Hold())
        {
            foreach (var line in lines)
            {
                await context.Error.WriteLineAsync(line).ConfigureAwait(false);
            }

            await context.Error.WriteAsync(question.TrimEnd() + " ").ConfigureAwait(false);
            await context.Error.FlushAsync(cancellationToken).ConfigureAwait(false);
            var answer = await context.Environment.Input.ReadLineAsync(cancellationToken).ConfigureAwait(false);
            if (answer is null)
            {
                // End of input: nothing was typed, so end the question's line ourselves.
                await context.Error.WriteLineAsync().ConfigureAwait(false);
            }
            else
            {
                // The terminal echoed the answer and its Enter.
                screen?.LineEnded();
            }

            var word = answer?.Trim();
            return string.Equals(word, "yes", StringComparison.OrdinalIgnoreCase) || string.Equals(word, "y", StringComparison.OrdinalIgnoreCase);
        }
    }
}
