using System.Globalization;
using LiteLlm.Users.Cli.Common;
using LiteLlm.Users.Engine.Runs;
using LiteLlm.Users.Engine.Verbs.Delete;

namespace LiteLlm.Users.Cli.Commands.Delete;

/// <summary>The summary lines of the checks after a delete (<see cref="DeleteJob.Verify"/>).</summary>
internal static class DeleteVerification
{
    /// <summary>"Verified: 248 deleted users are gone", "Removed 4 stale team memberships ...", or that the checks were skipped.</summary>
    public static IEnumerable<string> Lines(RunResult outcome, bool verify)
    {
        if (!verify)
        {
            yield return "Not verified (--no-verify): deleted users were not checked, nor team rosters";
            yield break;
        }

        if (outcome.TryCounter(DeleteJob.VerifiedCounter, out var verified) && verified > 0)
        {
            yield return string.Create(CultureInfo.InvariantCulture, $"Verified: {verified} deleted {(verified == 1 ? "user is" : "users are")} gone");
        }

        if (outcome.TryCounter(DeleteJob.StillThereCounter, out var still) && still > 0)
        {
            yield return $"Still listed although reported deleted: {Printable.Count(still, "user")} (in the error file)";
        }

        if (outcome.TryCounter(DeleteJob.StaleRemovedCounter, out var removed) && removed > 0)
        {
            yield return string.Create(CultureInfo.InvariantCulture, $"Removed {removed} stale team {(removed == 1 ? "membership" : "memberships")} (LiteLLM left deleted users on team rosters)");
        }

        if (outcome.TryCounter(DeleteJob.StaleFailedCounter, out var failed) && failed > 0)
        {
            yield return string.Create(CultureInfo.InvariantCulture, $"Could not remove {failed} stale team {(failed == 1 ? "membership" : "memberships")} (see the warnings above)");
        }
    }

    private static bool TryCounter(this RunResult outcome, string counter, out int value) => outcome.Counters.TryGetValue(counter, out value);
}
