using LiteLlm.Users.Engine.Runs;
using LiteLlm.Users.Engine.Verbs.Delete;

namespace LiteLlm.Users.Engine.Tests;

/// <summary>The journal on its own: typed rows, intents and plan records come back exactly; another run's or another version's journal is never misread.</summary>
public sealed class RunJournalTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("journal-tests").FullName;
    private readonly RunIdentity _identity = new("delete", "http://127.0.0.1:4000", "abc");

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private string JournalPath => Path.Combine(_dir, "run.journal.jsonl");

    private JournalState<DeleteRow>? Load(out bool foreign) => RunJournal.TryLoad(JournalPath, _identity, DeleteRow.JsonInfo, out foreign);

    [Fact]
    public void ReadsBackIntentsAndTypedRowsOfAnInterruptedRun()
    {
        string runId;
        using (var journal = RunJournal.Open(JournalPath, _identity, resumeRunId: null))
        {
            runId = journal.RunId;
            journal.Intent([(2, ["u1"]), (3, ["u2", "u3"])]);
            journal.Row(2, new DeleteRow("a@x.com", "u1", null), DeleteRow.JsonInfo);
            journal.Row(4, new DeleteRow("jörg@x.com", "", "User not found in the system"), DeleteRow.JsonInfo);
        }

        var state = Load(out var foreign);

        foreign.ShouldBeFalse();
        state.ShouldNotBeNull();
        state.RunId.ShouldBe(runId);
        state.Rows.Keys.ShouldBe([2, 4], ignoreOrder: true);
        state.Rows[2].ShouldBe(new DeleteRow("a@x.com", "u1", null));
        state.Rows[4].ShouldBe(new DeleteRow("jörg@x.com", "", "User not found in the system"));
        state.Intents[3].ShouldBe(["u2", "u3"]);
        state.IntentIds.ShouldBe(["u1", "u2", "u3"], ignoreOrder: true);
    }

    [Fact]
    public void EveryRecordCarriesTheFormatVersion()
    {
        using (var journal = RunJournal.Open(JournalPath, _identity, resumeRunId: null))
        {
            journal.Intent([(2, ["u1"])]);
            journal.Row(2, new DeleteRow("a@x.com", "u1", null), DeleteRow.JsonInfo);
        }

        File.ReadAllLines(JournalPath).ShouldAllBe(line => line.StartsWith("{\"v\":2,", StringComparison.Ordinal));
    }

    [Fact]
    public void AJournalOfAnotherVersionIsRefusedWithAClearMessage()
    {
        // A journal as the previous build wrote it: no version, rows as positional arrays.
        File.WriteAllText(JournalPath, "{\"type\":\"run\",\"command\":\"delete\",\"base_url\":\"http://127.0.0.1:4000\",\"input_sha256\":\"abc\",\"started_at\":\"2026-01-01T00:00:00Z\"}\n{\"type\":\"row\",\"line\":2,\"file\":\"result\",\"values\":[\"a@x.com\",\"u1\",\"Deleted\"]}\n");

        var error = Should.Throw<InputException>(() => Load(out _));

        error.Message.ShouldContain("another version of litellm-users");
        error.Message.ShouldContain("journal format 1");
        error.Message.ShouldContain("--fresh");
    }

    [Fact]
    public void ReadsBackThePlanRecordsOfAnInterruptedRun()
    {
        using (var journal = RunJournal.Open(JournalPath, _identity, resumeRunId: null))
        {
            journal.Plan([new DeleteRow("gone@x.com", "u9", null), new DeleteRow("b@x.com", "u7", "x")], DeleteRow.JsonInfo);
        }

        var plan = Load(out _)!.Plan;

        plan.ShouldNotBeNull();
        plan.Select(p => p.GetProperty("user_ids").GetString()).ShouldBe(["u9", "u7"]);
    }

    [Fact]
    public void AJournalWithoutAPlanSaysSo()
    {
        using (var journal = RunJournal.Open(JournalPath, _identity, resumeRunId: null))
        {
            journal.Intent([(2, ["u1"])]);
        }

        Load(out _)!.Plan.ShouldBeNull();
    }

    [Fact]
    public void NeverAppliesAJournalOfAnotherRun()
    {
        using (RunJournal.Open(JournalPath, _identity with { BaseUrl = "http://other:4000" }, resumeRunId: null))
        {
        }

        Load(out var foreign).ShouldBeNull();
        foreign.ShouldBeTrue();
    }

    [Fact]
    public void SurvivesATornLastLineAndKeepsAppendingUnderTheSameRunId()
    {
        string runId;
        using (var journal = RunJournal.Open(JournalPath, _identity, resumeRunId: null))
        {
            runId = journal.RunId;
            journal.Row(2, new DeleteRow("a@x.com", "", "User not found in the system"), DeleteRow.JsonInfo);
        }

        File.AppendAllText(JournalPath, "{\"v\":2,\"type\":\"row\",\"li");
        using (var journal = RunJournal.Open(JournalPath, _identity, resumeRunId: runId))
        {
            journal.RunId.ShouldBe(runId);
            journal.Row(3, new DeleteRow("b@x.com", "u2", null), DeleteRow.JsonInfo);
        }

        var state = Load(out _);
        state!.Rows.Keys.ShouldBe([2, 3], ignoreOrder: true);
        state.RunId.ShouldBe(runId);
    }

    [Fact]
    public void FinishedRunLeavesNothingToResume()
    {
        var journal = RunJournal.Open(JournalPath, _identity, resumeRunId: null);
        journal.Row(2, new DeleteRow("a@x.com", "u1", null), DeleteRow.JsonInfo);
        journal.Finish();
        journal.Dispose();

        File.Exists(JournalPath).ShouldBeFalse();
        Load(out _).ShouldBeNull();
    }
}
