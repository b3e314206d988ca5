using System.Text.Json.Nodes;
using LiteLlm.Admin.Users;
using LiteLlm.Users.Engine.Csv;

namespace LiteLlm.Users.Engine.List;

/// <summary>
/// Writes users one at a time in a machine-readable format (a contract: columns in the order asked,
/// values as <see cref="UserColumns"/> renders them), so a listing of any size streams.
/// </summary>
internal abstract class UserWriter : IDisposable
{
    /// <summary>Creates a writer.</summary>
    protected UserWriter(TextWriter output, IReadOnlyList<string> columns)
    {
        Output = output ?? throw new ArgumentNullException(nameof(output));
        Columns = columns ?? throw new ArgumentNullException(nameof(columns));
    }

    /// <summary>Where the text goes.</summary>
    protected TextWriter Output { get; }

    /// <summary>The columns.</summary>
    protected IReadOnlyList<string> Columns { get; }

    /// <summary>A writer for <paramref name="format"/> (not <see cref="ListFormat.Table"/>).</summary>
    public static UserWriter For(ListFormat format, TextWriter output, IReadOnlyList<string> columns) => format switch
    {
        ListFormat.Csv => new CsvUserWriter(output, columns),
        ListFormat.Tsv => new TsvUserWriter(output, columns),
        ListFormat.Json => new JsonUserWriter(output, columns, array: true),
        ListFormat.Jsonl => new JsonUserWriter(output, columns, array: false),
        _ => throw new ArgumentOutOfRangeException(nameof(format), format, "Tables are drawn by the CLI."),
    };

    /// <summary>Writes what comes before the first user.</summary>
    public abstract void Begin();

    /// <summary>Writes one user.</summary>
    public abstract void Write(LiteLlmUser user);

    /// <summary>Writes what comes after the last user.</summary>
    public abstract void Complete();

    /// <summary>The selected columns of a user as one JSON object.</summary>
    protected JsonObject ToJson(LiteLlmUser user)
    {
        var item = new JsonObject();
        foreach (var column in Columns)
        {
            item[column] = UserColumns.Value(user, column);
        }

        return item;
    }

    /// <inheritdoc />
    public void Dispose()
    {
        Dispose(true);
        GC.SuppressFinalize(this);
    }

    /// <summary>Releases what the writer holds (not the output).</summary>
    protected virtual void Dispose(bool disposing)
    {
    }

    private sealed class CsvUserWriter(TextWriter output, IReadOnlyList<string> columns) : UserWriter(output, columns)
    {
        public override void Begin() => CsvFormat.WriteRow(Output, Columns);

        public override void Write(LiteLlmUser user) => CsvFormat.WriteRow(Output, Columns.Select(c => UserColumns.Text(UserColumns.Value(user, c))));

        public override void Complete() => Output.Flush();
    }

    private sealed class TsvUserWriter(TextWriter output, IReadOnlyList<string> columns) : UserWriter(output, columns)
    {
        public override void Begin() => Row(Columns);

        public override void Write(LiteLlmUser user) => Row(Columns.Select(c => UserColumns.Text(UserColumns.Value(user, c))));

        public override void Complete()
        {
        }

        private void Row(IEnumerable<string> values) =>
            Output.Write(string.Join('\t', values.Select(v => CsvFormat.Defuse(v.Replace('\t', ' ').Replace('\r', ' ').Replace('\n', ' ')))) + "\n");
    }

    private sealed class JsonUserWriter(TextWriter output, IReadOnlyList<string> columns, bool array) : UserWriter(output, columns)
    {
        private bool _first = true;

        public override void Begin()
        {
            if (array)
            {
                Output.Write('[');
            }
        }

        public override void Write(LiteLlmUser user)
        {
            var text = ToJson(user).ToJsonString();
            Output.Write(array ? (_first ? "\n" : ",\n") + text : text + "\n");
            _first = false;
        }

        public override void Complete()
        {
            if (array)
            {
                Output.Write(_first ? "]\n" : "\n]\n");
            }
        }
    }
}
