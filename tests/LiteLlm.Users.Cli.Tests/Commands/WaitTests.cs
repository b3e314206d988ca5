using LiteLlm.Testing;
using System.Net;
using System.Net.Sockets;
using System.Text;
using LiteLlm.Users.Cli.Tests.Infrastructure;

namespace LiteLlm.Users.Cli.Tests.Commands;

/// <summary>
/// Predictable waits: a proxy that never answers ends the run with exit 3 after two attempts of the
/// request (a timeout is retried once, whatever --retries says), saying it timed out; --retries N
/// makes exactly N + 1 attempts of a request that keeps failing. Attempts are counted, never clocks.
/// </summary>
public class WaitTests
{
    [Fact]
    public async Task AProxyThatAcceptsAndNeverAnswersEndsInExit3AfterTwoAttemptsSayingItTimedOut()
    {
        // Arrange: a TCP server that reads requests and never writes a byte back.
        await using var silent = SilentProxy.Start();
        await using var h = await CliHarness.StartAsync();
        h.WriteFile("in.csv", "email\na@example.com\n");

        // Act: default retries (5), a short per-request timeout.
        var run = await h.RunAsync(h.Environment(baseUrl: silent.BaseAddress), CancellationToken.None, CancellationToken.None, "delete", "--csv-file", "in.csv", "--timeout", "0.5");

        // Assert: the probe was tried twice (one timeout retry), the run says it timed out, and nothing was deleted.
        run.ExitCode.ShouldBe(3, run.All);
        silent.RequestLines.Count(l => l.StartsWith("GET /user/list?", StringComparison.Ordinal)).ShouldBe(2, string.Join("\n", silent.RequestLines));
        silent.RequestLines.ShouldNotContain(l => l.StartsWith("POST", StringComparison.Ordinal));
        run.Err.ShouldContain("ERROR: Failed to delete user (API error): timed out");
        run.Err.ShouldContain("Fix: Check that the proxy is up and answering (its logs, its load), or allow more time with --timeout.");
        run.All.ShouldNotContain("   at ");
        h.Read("user_del_error.csv").ShouldContain("a@example.com,,");
    }

    [Fact]
    public async Task RetriesTwoAgainstAnAlways503ServerMakesExactlyThreeAttemptsAndEndsWithAClearLine()
    {
        // Arrange
        await using var proxy = await LoopbackServer.StartAsync((context, _) => LoopbackServer.Json(context, 503, """{"error":{"message":"upstream is restarting","type":"service_unavailable"}}"""));
        await using var h = await CliHarness.StartAsync();
        h.WriteFile("in.csv", "email\na@example.com\n");

        // Act
        var run = await h.RunAsync(h.Environment(baseUrl: proxy.BaseAddress.AbsoluteUri), CancellationToken.None, CancellationToken.None, "delete", "--csv-file", "in.csv", "--retries", "2");

        // Assert: 3 attempts of the probe (the first and two retries), then one line with the status, the server's words and what to do.
        run.ExitCode.ShouldBe(3, run.All);
        proxy.Requests.Count(r => r.Path == "/user/list").ShouldBe(3);
        proxy.Requests.ShouldAllBe(r => r.Method == "GET");
        var error = run.Err.Split('\n').Single(l => l.StartsWith("ERROR:", StringComparison.Ordinal));
        error.ShouldBe("ERROR: Failed to delete user (API error): HTTP 503: upstream is restarting. Fix: The proxy answered HTTP 503 to every try: check that it is up and not overloaded (its logs), then run the same command again; --retries allows more tries.");
    }

    [Fact]
    public async Task ListAgainstASilentProxyAlsoEndsAfterTwoAttempts()
    {
        await using var silent = SilentProxy.Start();
        await using var h = await CliHarness.StartAsync();

        var run = await h.RunAsync(h.Environment(baseUrl: silent.BaseAddress), CancellationToken.None, CancellationToken.None, "list", "--timeout", "0.5", "--retries", "9");

        run.ExitCode.ShouldBe(3, run.All);
        run.Out.ShouldBeEmpty();
        run.Err.ShouldContain("timed out");
        silent.RequestLines.Count.ShouldBe(2, string.Join("\n", silent.RequestLines));
    }

    /// <summary>Accepts connections, reads what is sent, never answers; notes each request line.</summary>
    private sealed class SilentProxy : IAsyncDisposable
    {
        private readonly TcpListener _listener;
        private readonly CancellationTokenSource _stop = new();
        private readonly List<string> _lines = [];
        private readonly List<TcpClient> _clients = [];
        private readonly Task _accepting;

        private SilentProxy()
        {
            _listener = new TcpListener(IPAddress.Loopback, 0);
            _listener.Start();
            _accepting = AcceptAsync();
        }

        public string BaseAddress => $"http://127.0.0.1:{((IPEndPoint)_listener.LocalEndpoint).Port}/";

        public IReadOnlyList<string> RequestLines
        {
            get
            {
                lock (_lines)
                {
                    return [.. _lines];
                }
            }
        }

        public static SilentProxy Start() => new();

        private async Task AcceptAsync()
        {
            try
            {
                while (true)
                {
                    var client = await _listener.AcceptTcpClientAsync(_stop.Token);
                    lock (_clients)
                    {
                        _clients.Add(client);
                    }

                    _ = ReadAsync(client);
                }
            }
            catch (Exception ex) when (ex is OperationCanceledException or ObjectDisposedException or SocketException)
            {
                // Stopped.
            }
        }

        private async Task ReadAsync(TcpClient client)
        {
            var buffer = new byte[8192];
            var text = new StringBuilder();
            try
            {
                var stream = client.GetStream();
                int read;
                while ((read = await stream.ReadAsync(buffer, _stop.Token)) > 0)
                {
                    text.Append(Encoding.ASCII.GetString(buffer, 0, read));
                    var all = text.ToString();
                    int end;
                    while ((end = all.IndexOf("\r\n\r\n", StringComparison.Ordinal)) >= 0)
                    {
                        lock (_lines)
                        {
                            _lines.Add(all[..all.IndexOf("\r\n", StringComparison.Ordinal)]);
                        }

                        all = all[(end + 4)..];
                    }

                    text.Clear().Append(all);
                }
            }
            catch (Exception ex) when (ex is OperationCanceledException or IOException or ObjectDisposedException)
            {
                // The client gave up (its timeout) or the test ended.
            }
        }

        public async ValueTask DisposeAsync()
        {
            await _stop.CancelAsync();
            _listener.Stop();
            await _accepting;
            lock (_clients)
            {
                foreach (var client in _clients)
                {
                    client.Dispose();
                }
            }

            _stop.Dispose();
        }
    }
}
