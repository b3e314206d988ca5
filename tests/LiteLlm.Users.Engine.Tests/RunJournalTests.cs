using LiteLlm.Users.Engine.Journal;

namespace LiteLlm.Users.Engine.Tests;

public sealed class RunJournalTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("journal-tests").FullName;
    private readonly RunIdentity _identity = new("delete", "http://127.0.0.1:4000", "abc");

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private string JournalPath => Path.Combine(_dir, "run.journal.jsonl");

    [Fact]
    public void ReadsBackIntentsAndRowsOfAnInterruptedRun()
    {
        using (var journal = RunJournal.Open(JournalPath, _identity, resume: false))
        {
            journal.Intent([(2, ["u1"]), (3, ["u2", "u3"])]);
            journal.Row(2, "result", ["a@x.com", "u1", "Deleted"]);
        }

        var state = RunJournal.TryLoad(JournalPath, _identity, out var foreign);

        foreign.ShouldBeFalse();
        state.ShouldNotBeNull();
        state.Rows.Keys.ShouldBe([2]);
        state.Rows[2].Values.ShouldBe(["a@x.com", "u1", "Deleted"]);
        state.Intents[3].ShouldBe(["u2", "u3"]);
        state.IntentIds.ShouldBe(["u1", "u2", "u3"], ignoreOrder: true);
    }

    [Fact]
    public void ReadsBackThePlanOfAnInterruptedRun()
    {
        using (var journal = RunJournal.Open(JournalPath, _identity, resume: false))
        {
            journal.Plan([new JournaledPlanRow(10, ["u9"], ["gone@x.com", "internal_user", "Ops"]), new JournaledPlanRow(11, ["u7"], ["b@x.com", "", ""])]);
            journal.Intent([(10, ["u9"])]);
        }

        var state = RunJournal.TryLoad(JournalPath, _identity, out _);

        state.ShouldNotBeNull();
        state.Plan.ShouldNotBeNull();
        state.Plan.Keys.ShouldBe([10, 11], ignoreOrder: true);
        state.Plan[10].Ids.ShouldBe(["u9"]);
        state.Plan[10].Values.ShouldBe(["gone@x.com", "internal_user", "Ops"]);
        state.Plan[11].Values.ShouldBe(["b@x.com", "", ""]);
        state.IntentIds.ShouldBe(["u9"]);
    }

    [Fact]
    public void AJournalWithoutAPlanSaysSo()
    {
        using (var journal = RunJournal.Open(JournalPath, _identity, resume: false))
        {
            journal.Intent([(2, ["u1"])]);
        }

        RunJournal.TryLoad(JournalPath, _identity, out _)!.Plan.ShouldBeNull();
    }

    [Fact]
    public void NeverAppliesAJournalOfAnotherRun()
    {
        using (RunJournal.Open(JournalPath, _identity with { BaseUrl = "http://other:4000" }, resume: false))
        {
        }

        RunJournal.TryLoad(JournalPath, _identity, out var foreign).ShouldBeNull();
        foreign.ShouldBeTrue();
    }

    [Fact]
    public void SurvivesATornLastLineAndKeepsAppending()
    {
        using (var journal = RunJournal.Open(JournalPath, _identity, resume: false))
        {
            journal.Row(2, "error", ["a@x.com", "", "User not found in the system"]);
        }

        File.AppendAllText(JournalPath, "{\"type\":\"row\",\"li");
        using (var journal = RunJournal.Open(JournalPath, _identity, resume: true))
        {
            journal.Row(3, "result", ["b@x.com", "u2", "Deleted"]);
        }

        var state = RunJournal.TryLoad(JournalPath, _identity, out _);
        state!.Rows.Keys.ShouldBe([2, 3], ignoreOrder: true);
    }

    [Fact]
    public void FinishedRunLeavesNothingToResume()
    {
        var journal = RunJournal.Open(JournalPath, _identity, resume: false);
        journal.Row(2, "result", ["a@x.com", "u1", "Deleted"]);
        journal.Finish();
        journal.Dispose();

        File.Exists(JournalPath).ShouldBeFalse();
        RunJournal.TryLoad(JournalPath, _identity, out _).ShouldBeNull();
    }
}
