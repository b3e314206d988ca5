using System.Text.Json;
using LiteLlm.Admin.Teams;
using LiteLlm.Admin.Users;
using LiteLlm.Users.Engine.Execution;
using LiteLlm.Users.Engine.Input;
using LiteLlm.Users.Engine.Csv;
using LiteLlm.Users.Engine.Matching;

namespace LiteLlm.Users.Engine.Tests;

public sealed class AddInputTests
{
    private static IReadOnlyList<UserInputRow> Read(string csv) =>
        [.. CsvTable.Read(new StringReader(csv), "in.csv", [InputText.EmailColumn], UserInput.OptionalColumns).Select(UserInput.Parse)];

    public sealed class TheParseMethod
    {
        [Theory]
        [InlineData("email,role,team,alias,max_budget,budget_duration,models,key_name\na@x.io,Proxy_Admin,Ops;R&D,Ann,12.5,30d,\"gpt-4o, claude\",k\n")]
        [InlineData("email,role,team_name,alias,max_budget,budget_duration,models,key_name\na@x.io,proxy_admin,\"Ops,R&D\",Ann,12.5,30d,gpt-4o;claude,k\n")]
        [InlineData("user_email,user_role,teams,user_alias,max_budget,budget_duration,models,key_alias\na@x.io,proxy_admin,Ops;R&D;Ops,Ann,12.5,30d,gpt-4o;claude,k\n")]
        public void ReadsEveryHeaderStyleTheSameWay(string csv)
        {
            var row = Read(csv).ShouldHaveSingleItem();

            row.Problem.ShouldBeNull();
            row.Email.ShouldBe("a@x.io");
            row.Role.ShouldBe("proxy_admin");
            row.Teams.ShouldBe(["Ops", "R&D"]);
            row.Alias.ShouldBe("Ann");
            row.MaxBudget.ShouldBe(12.5);
            row.BudgetDuration.ShouldBe("30d");
            row.Models.ShouldBe(["gpt-4o", "claude"]);
            row.KeyName.ShouldBe("k");
        }

        [Fact]
        public void CollectsEveryProblemOfARow()
        {
            var row = Read("email,role,max_budget,budget_duration\nnope,user,0,7y\n").ShouldHaveSingleItem();

            row.Problem.ShouldBe(
                "Invalid email 'nope'; Invalid role 'user': use one of proxy_admin, proxy_admin_viewer, internal_user, internal_user_viewer; " +
                "Invalid max_budget '0': use a positive number such as 10 or 12.5; Invalid budget_duration '7y': use a positive count and a unit, s m h d w or mo (e.g. 30d, 1mo)");
        }
    }

    public sealed class TheValidators
    {
        [Theory]
        [InlineData("a@example.com", true)]
        [InlineData("first.last+tag@sub.example.co.uk", true)]
        [InlineData("a@localhost", false)]
        [InlineData("a b@example.com", false)]
        [InlineData("a@b@example.com", false)]
        [InlineData("Ann <a@example.com>", false)]
        [InlineData("a@example.com;b@example.com", false)]
        [InlineData("@example.com", false)]
        [InlineData("a@example.", false)]
        public void IsEmailAcceptsSaneAddressesOnly(string email, bool expected) => UserInput.IsEmail(email).ShouldBe(expected);

        [Theory]
        [InlineData("30s", true)]
        [InlineData("30m", true)]
        [InlineData("24h", true)]
        [InlineData("30d", true)]
        [InlineData("2w", true)]
        [InlineData("1mo", true)]
        [InlineData("0d", false)]
        [InlineData("1y", false)]
        [InlineData("30", false)]
        [InlineData("d", false)]
        [InlineData("30 d", false)]
        [InlineData("30D", false)]
        public void IsBudgetDurationAcceptsWhatLiteLlmAccepts(string duration, bool expected) => UserInput.IsBudgetDuration(duration).ShouldBe(expected);
    }

    public sealed class TheUserChangeType
    {
        private static readonly TeamDirectory Teams = new([new LiteLlmTeam { TeamId = "t-1", TeamAlias = "Ops" }]);

        [Fact]
        public void ChangesOnlyFilledCellsThatDiffer()
        {
            var row = Read("email,role,alias,models,team\na@x.io,,Ann,claude,Ops\n")[0];
            var user = new LiteLlmUser { UserId = "u-1", UserRole = "proxy_admin", UserAlias = "Ann", Models = ["gpt-4o"] };

            var change = UserChange.For(row, user, [new LiteLlmTeam { TeamId = "t-1", TeamAlias = "Ops" }], Teams);

            change.Request.ShouldNotBeNull();
            change.Request.UserRole.ShouldBeNull();
            change.Request.UserAlias.ShouldBeNull();
            change.Request.Models.ShouldBe(["claude"]);
            change.TeamsToJoin.ShouldBe(["t-1"]);
            change.Describe().ShouldBe("models gpt-4o -> claude; join team Ops");
        }

        [Fact]
        public void IsEmptyWhenTheUserAlreadyMatches()
        {
            var row = Read("email,role,max_budget,models,team\na@x.io,internal_user,10,b;a,t-1\n")[0];
            var user = new LiteLlmUser { UserId = "u-1", UserRole = "internal_user", MaxBudget = 10.0, Models = ["a", "b"], Teams = ["t-1"] };

            UserChange.For(row, user, [new LiteLlmTeam { TeamId = "t-1" }], Teams).IsEmpty.ShouldBeTrue();
        }
    }

    public sealed class TheTeamDirectory
    {
        private static readonly TeamDirectory Teams = new(
        [
            new LiteLlmTeam { TeamId = "t-ops", TeamAlias = "Ops" },
            new LiteLlmTeam { TeamId = "t-a", TeamAlias = "Sales" },
            new LiteLlmTeam { TeamId = "t-b", TeamAlias = "sales" },
            new LiteLlmTeam { TeamId = "Ops2", TeamAlias = "t-ops" },
        ]);

        [Fact]
        public void ResolvesIdThenExactNameThenNameIgnoringCase()
        {
            Teams.Resolve("t-ops").Team!.TeamId.ShouldBe("t-ops"); // an id wins over another team's name
            Teams.Resolve("ops").Team!.TeamId.ShouldBe("t-ops");
            Teams.Resolve("Sales").Team!.TeamId.ShouldBe("t-a");
        }

        [Fact]
        public void NamesTheProblemInsteadOfGuessing()
        {
            Teams.Resolve("SALES").Problem.ShouldBe("Ambiguous team 'SALES': 2 teams have this name (team_ids: t-a, t-b)");
            Teams.Resolve("nope").Problem.ShouldBe("Unknown team 'nope' (no team has this id or name)");
        }
    }

    public sealed class TheUserColumns
    {
        [Fact]
        public void RendersCellsAsTheAddCsvTakesThem()
        {
            using var metadata = JsonDocument.Parse("""{"dept":"ops"}""");
            var user = new LiteLlmUser
            {
                UserId = "u-1",
                Teams = ["a", "b"],
                MaxBudget = 12.5,
                TpmLimit = 100,
                Metadata = metadata.RootElement.Clone(),
                AdditionalProperties = new Dictionary<string, JsonElement> { ["budget_reset_at"] = JsonDocument.Parse("null").RootElement.Clone() },
            };

            string Cell(string column) => List.UserColumns.Text(List.UserColumns.Value(user, column));

            Cell("teams").ShouldBe("a;b");
            Cell("max_budget").ShouldBe("12.5");
            Cell("tpm_limit").ShouldBe("100");
            Cell("metadata").ShouldBe("""{"dept":"ops"}""");
            Cell("user_email").ShouldBe(string.Empty);
            Cell("budget_reset_at").ShouldBe(string.Empty);
        }

        [Theory]
        [InlineData("user_id,password")]
        [InlineData("Hashed_Password")]
        [InlineData("user_id,nonsense")]
        public void RefusesSecretAndUnknownColumns(string columns) =>
            Should.Throw<InputException>(() => List.UserColumns.Parse(columns));
    }
}
