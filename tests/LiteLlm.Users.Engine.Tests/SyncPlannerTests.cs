using LiteLlm.Admin.Teams;
using LiteLlm.Admin.Users;
using LiteLlm.Users.Engine.Execution;
using LiteLlm.Users.Engine.Input;
using LiteLlm.Users.Engine.Matching;
using LiteLlm.Users.Engine.Safety;
using LiteLlm.Users.Engine.Verbs.Sync;

namespace LiteLlm.Users.Engine.Tests;

/// <summary>The sync plan on its own: no server, every rule of the comparison.</summary>
public static class SyncPlannerTests
{
    private static readonly TeamDirectory Teams = new([new LiteLlmTeam { TeamId = "t-ops", TeamAlias = "Ops" }, new LiteLlmTeam { TeamId = "t-dev", TeamAlias = "Dev" }]);

    private static IReadOnlyList<UserInputRow> Roster(string csv)
    {
        var path = Path.GetTempFileName();
        try
        {
            File.WriteAllText(path, csv);
            return UserInput.Read(path);
        }
        finally
        {
            File.Delete(path);
        }
    }

    private static LiteLlmUser User(string id, string? email, string role = "internal_user", params string[] teams) =>
        new() { UserId = id, UserEmail = email, UserRole = role, Teams = teams };

    private static SyncPlanResult Plan(IReadOnlyList<UserInputRow> rows, IReadOnlyList<LiteLlmUser> users, SyncMode? mode = null, ProtectionRules? protection = null, SyncResume? resume = null) =>
        SyncPlanner.Plan(new SyncPlanInput
        {
            Rows = rows,
            Users = users,
            Teams = Teams,
            Mode = mode ?? new SyncMode { AllowRemove = true },
            Protection = protection ?? ProtectionRules.Default,
            Resume = resume,
            NewId = () => "new-id",
        });

    public sealed class Matching
    {
        [Fact]
        public void EmailsMatchExactlyIgnoringCaseAndSpacesAndUsersWithoutEmailAreNeverTouched()
        {
            // Arrange: the roster names Ann in another case; Bob is new; Carl is not listed; the id-only user has no email.
            var rows = Roster("email\n  ANN@Example.com \nbob@example.com\n");
            IReadOnlyList<LiteLlmUser> users = [User("u-ann", "ann@example.com"), User("u-carl", "carl@example.com"), User("u-noemail", null), User("u-blank", "  ")];

            // Act
            var plan = Plan(rows, users);

            // Assert
            plan.Rows.Select(r => (r.Action, r.Status, r.Email, r.UserId)).ShouldBe(
            [
                (SyncAction.Unchanged, SyncStatus.Success, "ANN@Example.com", "u-ann"),
                (SyncAction.Added, SyncStatus.Planned, "bob@example.com", "new-id"),
                (SyncAction.Deleted, SyncStatus.Planned, "carl@example.com", "u-carl"),
            ]);
            plan.Rows[1].Work.ShouldBe(SyncWork.Create);
            plan.Rows[2].Work.ShouldBe(SyncWork.Remove);
        }

        [Fact]
        public void ARowWithABadValueIsAnErrorButKeepsItsUser()
        {
            var rows = Roster("email,role,max_budget\nann@example.com,owner,\nbob@example.com,,-3\n");

            var plan = Plan(rows, [User("u-ann", "ann@example.com"), User("u-bob", "bob@example.com")]);

            plan.Rows.Count.ShouldBe(2); // neither user is a removal candidate
            plan.Rows[0].ShouldSatisfyAllConditions(
                r => r.Action.ShouldBe(SyncAction.Updated),
                r => r.Status.ShouldBe(SyncStatus.Failed),
                r => r.UserId.ShouldBe("u-ann"),
                r => r.Reason!.ShouldStartWith("Invalid role 'owner'"));
            plan.Rows[1].Reason!.ShouldStartWith("Invalid max_budget '-3'");
            plan.RemovalRecords.ShouldBeEmpty();
        }

        [Fact]
        public void AnAmbiguousEmailTouchesNoneOfItsUsers()
        {
            var rows = Roster("email,role\nshared@example.com,proxy_admin\n");

            var plan = Plan(rows, [User("u-2", "SHARED@example.com"), User("u-1", "shared@example.com")]);

            var row = plan.Rows.ShouldHaveSingleItem();
            row.Status.ShouldBe(SyncStatus.Failed);
            row.Work.ShouldBe(SyncWork.None);
            row.Reason.ShouldBe("Ambiguous email: 2 users have this email (user_ids: u-1, u-2); none of them is updated or removed");
        }

        [Fact]
        public void ARepeatedRowAndAnUnknownTeamAreErrorsThatRemoveNobody()
        {
            var rows = Roster("email,team\nann@example.com,\nANN@example.com,\nbob@example.com,Nope\n");

            var plan = Plan(rows, [User("u-ann", "ann@example.com"), User("u-bob", "bob@example.com")]);

            plan.Rows.Select(r => (r.Status, r.Reason)).ShouldBe(
            [
                (SyncStatus.Success, (string?)null),
                (SyncStatus.Failed, "Duplicate email in CSV (first on line 2)"),
                (SyncStatus.Failed, "Unknown team 'Nope' (no team has this id or name)"),
            ]);
        }

        [Fact]
        public void RemovalCandidatesComeAfterTheRosterInUserIdOrder()
        {
            var rows = Roster("email\na@example.com\n\nb@example.com\n");

            var plan = Plan(rows, [User("u-z", "z@example.com"), User("u-m", "m@example.com"), User("u-a", "a@example.com")]);

            var removals = plan.Rows.Where(r => r.Action == SyncAction.Deleted).ToList();
            removals.Select(r => r.UserId).ShouldBe(["u-m", "u-z"]);
            removals.Select(r => r.Line).ShouldBe([5, 6]); // the roster's last line is 4
            plan.RemovalRecords!.Select(r => (r.Line, r.UserId, r.Email)).ShouldBe([(5, "u-m", "m@example.com"), (6, "u-z", "z@example.com")]);
        }
    }

    public sealed class Changes
    {
        [Fact]
        public void ARowWithoutRoleOrTeamCellsNeverChangesThem()
        {
            var rows = Roster("email,role,team\nann@example.com,,\n");

            var plan = Plan(rows, [User("u-ann", "ann@example.com", "proxy_admin_viewer", "t-ops")]);

            plan.Rows.ShouldHaveSingleItem().Action.ShouldBe(SyncAction.Unchanged);
        }

        [Fact]
        public void ATeamCellMakesTheTeamsExactlyThoseByJoiningAndLeaving()
        {
            // Arrange: Ann is in Ops and in a team the proxy no longer lists; the roster says Dev.
            var rows = Roster("email,role,team\nann@example.com,proxy_admin_viewer,Dev\n");

            var plan = Plan(rows, [User("u-ann", "ann@example.com", "internal_user", "t-ops", "t-gone")]);

            var row = plan.Rows.ShouldHaveSingleItem();
            row.Work.ShouldBe(SyncWork.Update);
            row.UserId.ShouldBe("u-ann"); // the same user, never recreated
            row.Change!.Request!.UserId.ShouldBe("u-ann");
            row.Change.Request.UserRole.ShouldBe("proxy_admin_viewer");
            row.Change.TeamsToJoin.ShouldBe(["t-dev"]);
            row.Change.TeamsToLeave.ShouldBe(["t-ops"]); // a dangling id cannot be left through /team/member_delete
            row.Changes.ShouldBe("role internal_user -> proxy_admin_viewer; join team Dev; leave team Ops");
            row.Role.ShouldBe("proxy_admin_viewer");
            row.Teams.ShouldBe(["t-gone", "t-dev"]);
        }

        [Fact]
        public void AddsUpdateExistingWithoutLeaving()
        {
            var row = Roster("email,team\nann@example.com,Dev\n")[0];

            var change = UserChange.For(row, User("u-ann", "ann@example.com", "internal_user", "t-ops"), [new LiteLlmTeam { TeamId = "t-dev" }], Teams);

            change.TeamsToJoin.ShouldBe(["t-dev"]);
            change.TeamsToLeave.ShouldBeEmpty();
        }

        [Fact]
        public void ANewUserWithoutARoleGetsTheDefaultRole()
        {
            var rows = Roster("email,team\nnew@example.com,Ops;Dev\n");

            var row = Plan(rows, []).Rows.ShouldHaveSingleItem();

            row.Role.ShouldBe("internal_user");
            row.Teams.ShouldBe(["t-ops", "t-dev"]);
            row.NewTeams.Select(t => t.TeamAlias).ShouldBe(["Ops", "Dev"]);
        }
    }

    public sealed class Modes
    {
        private static (SyncStatus Add, SyncStatus Update, SyncStatus Remove) Statuses(SyncMode mode)
        {
            var rows = Roster("email,role\nnew@example.com,\nann@example.com,proxy_admin_viewer\n");
            var plan = Plan(rows, [User("u-ann", "ann@example.com"), User("u-old", "old@example.com")], mode);
            return (plan.Rows[0].Status, plan.Rows[1].Status, plan.Rows[2].Status);
        }

        [Fact]
        public void RemovalIsOptIn()
        {
            Statuses(new SyncMode()).ShouldBe((SyncStatus.Planned, SyncStatus.Planned, SyncStatus.Skipped));
            Statuses(new SyncMode { AllowRemove = true }).ShouldBe((SyncStatus.Planned, SyncStatus.Planned, SyncStatus.Planned));
        }

        [Fact]
        public void EachModeSkipsWhatItDoesNotAllowAndSaysWhy()
        {
            Statuses(new SyncMode { AddOnly = true }).ShouldBe((SyncStatus.Planned, SyncStatus.Skipped, SyncStatus.Skipped));
            Statuses(new SyncMode { RemoveOnly = true }).ShouldBe((SyncStatus.Skipped, SyncStatus.Skipped, SyncStatus.Planned));
            Statuses(new SyncMode { NoUpdate = true, AllowRemove = true }).ShouldBe((SyncStatus.Planned, SyncStatus.Skipped, SyncStatus.Planned));

            var rows = Roster("email,role\nann@example.com,proxy_admin_viewer\n");
            Plan(rows, [User("u-ann", "ann@example.com")], new SyncMode { NoUpdate = true }).Rows[0].Reason
                .ShouldBe("Not updated (--no-update): role internal_user -> proxy_admin_viewer");
            new SyncMode { RemoveOnly = true }.WhyNot(SyncAction.Added).ShouldBe("--remove-only");
            new SyncMode().WhyNot(SyncAction.Deleted).ShouldBe("removal is off (use --allow-remove or --remove-only)");
        }

        [Fact]
        public void ProtectedUsersAreKeptWhateverTheMode()
        {
            var rows = Roster("email\nann@example.com\n");
            var protection = new ProtectionRules(false, "u-me", "protect.txt", [new ProtectEntry(1, "vip@example.com", null)]);

            var plan = Plan(rows, [User("u-ann", "ann@example.com"), User("u-boss", "boss@example.com", "proxy_admin"), User("u-me", "me@example.com"), User("u-vip", "VIP@example.com"), User("u-x", "x@example.com")], protection: protection);

            plan.Rows.Skip(1).Select(r => (r.UserId, r.Status)).ShouldBe(
            [
                ("u-boss", SyncStatus.Protected),
                ("u-me", SyncStatus.Protected),
                ("u-vip", SyncStatus.Protected),
                ("u-x", SyncStatus.Planned),
            ]);
            plan.Rows[1].Reason.ShouldBe("Protected: u-boss is a proxy_admin (use --include-admins to allow deleting admins)");
            plan.Rows[2].Reason.ShouldBe("Protected: u-me owns the key this run uses");
        }
    }

    public sealed class Resuming
    {
        [Fact]
        public void TheJournaledCandidatesAreUsedAndAGoneUserWithAnIntentWasRemovedByUs()
        {
            // Arrange: the interrupted run planned three removals and sent the delete of u-gone; u-other
            // vanished without our delete; u-stay is still there; u-late appeared after the plan.
            var rows = Roster("email\nann@example.com\n");
            var resume = new SyncResume(
                new HashSet<int>(),
                new Dictionary<int, IReadOnlyList<string>> { [3] = ["u-gone"] },
                [
                    new SyncCandidate(3, "u-gone", "gone@example.com", "internal_user", ["t-ops"]),
                    new SyncCandidate(4, "u-other", "other@example.com", "internal_user", []),
                    new SyncCandidate(5, "u-stay", "stay@example.com", "internal_user", []),
                ]);

            // Act
            var plan = Plan(rows, [User("u-ann", "ann@example.com"), User("u-stay", "stay@example.com"), User("u-late", "late@example.com")], resume: resume);

            // Assert
            plan.RemovalRecords.ShouldBeNull(); // already journaled
            plan.Rows.Skip(1).Select(r => (r.Line, r.UserId, r.Status, r.Work)).ShouldBe(
            [
                (3, "u-gone", SyncStatus.Success, SyncWork.Confirm),
                (4, "u-other", SyncStatus.Failed, SyncWork.None),
                (5, "u-stay", SyncStatus.Planned, SyncWork.Remove),
            ]);
            plan.Rows[1].Email.ShouldBe("gone@example.com");
            plan.Rows[1].Teams.ShouldBe(["t-ops"]);
            plan.Rows[2].Reason!.ShouldContain("vanished during the run");
        }

        [Fact]
        public void AJournaledCreateThatLandedIsAddedNotCreatedAgain()
        {
            var rows = Roster("email\nnew@example.com\nother@example.com\n");
            var resume = new SyncResume(new HashSet<int>(), new Dictionary<int, IReadOnlyList<string>> { [2] = ["id-landed"], [3] = ["id-lost"] }, null);

            var plan = Plan(rows, [User("id-landed", "new@example.com")], resume: resume);

            plan.Rows[0].ShouldSatisfyAllConditions(r => r.Action.ShouldBe(SyncAction.Added), r => r.Status.ShouldBe(SyncStatus.Success), r => r.UserId.ShouldBe("id-landed"));
            plan.Rows[1].ShouldSatisfyAllConditions(r => r.Work.ShouldBe(SyncWork.Create), r => r.UserId.ShouldBe("id-lost")); // the same id again
        }
    }
}
