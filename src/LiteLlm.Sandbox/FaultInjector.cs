namespace LiteLlm.Sandbox;

public enum FaultKind
{
    /// <summary>Answer with <see cref="FaultRule.Status"/> without running the handler.</summary>
    Status,

    /// <summary>Abort the connection before the handler runs (nothing changes).</summary>
    DropConnection,

    /// <summary>Hold the request for <see cref="FaultRule.StallFor"/> (or until the client disconnects), then serve it normally.</summary>
    Stall,

    /// <summary>Run the handler (state changes) and abort the connection instead of sending the response.</summary>
    DropAfterCommit,
}

/// <summary>A fault that "infrastructure in front of LiteLLM" injects into matching requests.</summary>
public sealed record FaultRule
{
    /// <summary>HTTP method to match; <c>null</c> = any.</summary>
    public string? Method { get; init; }

    /// <summary>Path prefix to match (ordinal); <c>null</c> = any path.</summary>
    public string? PathPrefix { get; init; }

    public FaultKind Kind { get; init; } = FaultKind.Status;

    public int Status { get; init; } = 503;

    /// <summary>Adds a <c>Retry-After</c> header (Status faults).</summary>
    public int? RetryAfterSeconds { get; init; }

    /// <summary>Body of a Status fault; default: a load balancer's plain-text reason line. A body starting with
    /// <c>{</c> or <c>[</c> is sent as JSON.</summary>
    public string? Body { get; init; }

    public double Probability { get; init; } = 1.0;

    /// <summary>The first N matching requests pass untouched.</summary>
    public int Skip { get; init; }

    /// <summary>Maximum injections by this rule; <c>null</c> = unlimited.</summary>
    public int? Times { get; init; }

    /// <summary>Stall: hold the request this long (<c>null</c> = until the client disconnects), then serve normally.</summary>
    public TimeSpan? StallFor { get; init; }

    /// <summary>
    /// Stall: hold the request until this task completes (or the client disconnects), then serve it
    /// normally. Lets a test act at an exact point ("someone else deletes a user while our delete is
    /// on its way") without depending on timing. Takes precedence over <see cref="StallFor"/>.
    /// </summary>
    public Task? Until { get; init; }
}

/// <summary>
/// Thread-safe fault injection with a seeded RNG. Rules are checked in the order they were added; the first
/// rule that fires wins. Faults act in front of LiteLLM, so they are decided before routing and auth.
/// The RNG is drawn only for rules whose probability is below 1, so runs with the same seed and request
/// order inject the same faults.
/// </summary>
public sealed class FaultInjector
{
    private readonly Lock _gate = new();
    private readonly List<RuleState> _rules = [];
    private readonly int _seed;
    private Random _random;
    private int _injected;

    internal FaultInjector(int seed)
    {
        _seed = seed;
        _random = new Random(seed);
    }

    /// <summary>Total faults injected since creation or the last <see cref="Clear"/>.</summary>
    public int InjectedCount => Volatile.Read(ref _injected);

    public void Add(FaultRule rule)
    {
        ArgumentNullException.ThrowIfNull(rule);
        ArgumentOutOfRangeException.ThrowIfNegative(rule.Skip);
        lock (_gate)
        {
            _rules.Add(new RuleState(rule));
        }
    }

    /// <summary>Removes every rule, resets <see cref="InjectedCount"/> and reseeds the RNG.</summary>
    public void Clear()
    {
        lock (_gate)
        {
            _rules.Clear();
            _random = new Random(_seed);
            _injected = 0;
        }
    }

    internal FaultRule? Decide(string method, string path)
    {
        lock (_gate)
        {
            foreach (var state in _rules)
            {
                var rule = state.Rule;
                if ((rule.Method is not null && !string.Equals(rule.Method, method, StringComparison.OrdinalIgnoreCase))
                    || (rule.PathPrefix is not null && !path.StartsWith(rule.PathPrefix, StringComparison.Ordinal)))
                {
                    continue;
                }

                if (state.Matched++ < rule.Skip)
                {
                    continue;
                }

                if (rule.Times is { } times && state.Injected >= times)
                {
                    continue;
                }

                if (rule.Probability < 1.0 && _random.NextDouble() >= rule.Probability)
                {
                    continue;
                }

                state.Injected++;
                _injected++;
                return rule;
            }

            return null;
        }
    }

    private sealed class RuleState(FaultRule rule)
    {
        public FaultRule Rule { get; } = rule;

        public int Matched { get; set; }

        public int Injected { get; set; }
    }
}
