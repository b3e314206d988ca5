using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.WebUtilities;

namespace LiteLlm.Sandbox.Http;

/// <summary>
/// The request path every route shares, in this order:
/// journal sequence → faults ("infrastructure in front of LiteLLM", so before routing and auth) →
/// slot (FIFO) → routing (FastAPI: 404/405 before anything else) → malformed-JSON 422 (FastAPI parses the
/// body before running dependencies) → [store lock: auth → handler] → latency delay → response → journal.
/// </summary>
internal sealed class Pipeline
{
    private readonly SandboxStore _store;
    private readonly SandboxOptions _options;
    private readonly SandboxProfile _profile;
    private readonly RequestJournal _journal;
    private readonly FaultInjector _faults;
    private readonly SlotGate _slots;
    private readonly Dictionary<string, RouteSpec> _routes;
    private readonly Dictionary<string, List<string>> _methodsByPath;
    private readonly CancellationToken _stopping;

    public Pipeline(SandboxStore store, SandboxOptions options, SandboxProfile profile, RequestJournal journal, FaultInjector faults, SlotGate slots, IEnumerable<RouteSpec> routes, CancellationToken stopping)
    {
        _store = store;
        _options = options;
        _profile = profile;
        _journal = journal;
        _faults = faults;
        _slots = slots;
        _stopping = stopping;
        _routes = routes.ToDictionary(r => r.Method + " " + r.Path, StringComparer.Ordinal);
        _methodsByPath = _routes.Values.GroupBy(r => r.Path, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.Select(r => r.Method).ToList(), StringComparer.Ordinal);
    }

    public async Task HandleAsync(HttpContext http)
    {
        var sequence = _journal.NextSequence();
        var at = DateTimeOffset.UtcNow;
        var request = http.Request;
        var method = request.Method;
        var path = NormalizePath(request.Path.Value);
        var query = request.QueryString.Value ?? string.Empty;
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(http.RequestAborted, _stopping);
        var cancellation = linked.Token;
        var clock = Stopwatch.StartNew();

        string bodyText;
        try
        {
            using var reader = new StreamReader(request.Body, Encoding.UTF8);
            bodyText = await reader.ReadToEndAsync(cancellation).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is OperationCanceledException or IOException or BadHttpRequestException)
        {
            Record(0, null, false, FaultKind.DropConnection.ToString());
            return;
        }

        var fault = _faults.Decide(method, path);
        var faultName = fault?.Kind.ToString();
        if (fault is { Kind: FaultKind.Status })
        {
            var faulted = FaultResponse(fault);
            await WriteAsync(http, faulted).ConfigureAwait(false);
            Record(faulted.Status, bodyText, false, faultName);
            return;
        }

        if (fault is { Kind: FaultKind.DropConnection })
        {
            Record(0, bodyText, false, faultName);
            http.Abort();
            return;
        }

        if (fault is { Kind: FaultKind.Stall })
        {
            try
            {
                if (fault.Until is { } until)
                {
                    await until.WaitAsync(cancellation).ConfigureAwait(false);
                }
                else
                {
                    await Task.Delay(fault.StallFor ?? Timeout.InfiniteTimeSpan, cancellation).ConfigureAwait(false);
                }
            }
            catch (OperationCanceledException)
            {
                Record(0, bodyText, false, faultName);
                http.Abort();
                return;
            }
        }

        try
        {
            await _slots.EnterAsync(cancellation).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            Record(0, bodyText, false, faultName);
            http.Abort();
            return;
        }

        ApiResult result;
        try
        {
            var held = Stopwatch.StartNew();
            try
            {
                result = Dispatch(http, method, path, bodyText, sequence);
            }
#pragma warning disable CA1031 // an unexpected exception answers like Starlette: a plain-text 500
            catch (Exception ex)
#pragma warning restore CA1031
            {
                _options.Log?.Invoke($"sandbox: unhandled {ex.GetType().Name} on {method} {path}: {ex.Message}");
                result = ApiResult.Text(500, "Internal Server Error");
            }

            var remaining = _options.BaseLatencyMs + (_options.PerItemLatencyMs * result.Items) - held.Elapsed.TotalMilliseconds;
            if (remaining > 0)
            {
                try
                {
                    await Task.Delay(TimeSpan.FromMilliseconds(remaining), cancellation).ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                    Record(result.Status, bodyText, result.Committed, faultName);
                    http.Abort();
                    return;
                }
            }

            if (fault is { Kind: FaultKind.DropAfterCommit })
            {
                Record(result.Status, bodyText, result.Committed, faultName);
                http.Abort();
                return;
            }

            // Journal first: a client that has the answer must find its request in the journal.
            Record(result.Status, bodyText, result.Committed, faultName);
            await WriteAsync(http, result).ConfigureAwait(false);
        }
        finally
        {
            _slots.Exit();
        }

        void Record(int status, string? body, bool committed, string? faultKind)
        {
            _journal.Add(new JournalEntry(sequence, method, path, query, Redaction.Body(body), status, faultKind, committed, at, Redaction.Headers(request.Headers)));
            if (_options.Log is { } log)
            {
                var faultText = faultKind is null ? string.Empty : " fault=" + faultKind;
                log(string.Create(CultureInfo.InvariantCulture, $"sandbox #{sequence} {method} {path}{query} -> {status}{faultText} ({clock.Elapsed.TotalMilliseconds:F1} ms)"));
            }
        }
    }

    /// <summary>Collapses repeated slashes so <c>BaseAddress + "/user/list"</c> works whether or not the base ends in '/'.</summary>
    private static string NormalizePath(string? path)
    {
        if (string.IsNullOrEmpty(path))
        {
            return "/";
        }

        if (!path.Contains("//", StringComparison.Ordinal))
        {
            return path;
        }

        var sb = new StringBuilder(path.Length);
        foreach (var c in path)
        {
            if (c != '/' || sb.Length == 0 || sb[^1] != '/')
            {
                sb.Append(c);
            }
        }

        return sb.ToString();
    }

    private ApiResult Dispatch(HttpContext http, string method, string path, string bodyText, long sequence)
    {
        var lookupMethod = HttpMethods.IsHead(method) ? "GET" : method;
        if (!_routes.TryGetValue(lookupMethod + " " + path, out var route))
        {
            if (_methodsByPath.TryGetValue(path, out var allowed))
            {
                return Errors.Detail(405, "Method Not Allowed", [new("Allow", string.Join(", ", allowed))]);
            }

            var trimmed = path.TrimEnd('/');
            if (trimmed.Length > 0 && trimmed != path && _routes.ContainsKey(lookupMethod + " " + trimmed))
            {
                // Starlette's redirect_slashes.
                var location = trimmed + http.Request.QueryString.Value;
                return new ApiResult { Status = 307, Body = [], Headers = [new("Location", location)] };
            }

            return Errors.Detail(404, "Not Found");
        }

        JsonElement? body = null;
        if (!HttpMethods.IsGet(method) && !HttpMethods.IsHead(method) && bodyText.Length > 0)
        {
            if (IsJsonContent(http.Request.ContentType))
            {
                var syntax = PyJson.Check(bodyText);
                if (syntax is null)
                {
                    try
                    {
                        body = SandboxJson.Parse(bodyText);
                    }
                    catch (JsonException)
                    {
                        // Python accepts NaN/Infinity literals that System.Text.Json rejects; report them as invalid.
                        syntax = new PyJson.SyntaxError("Expecting value", 0);
                    }
                }

                if (syntax is { } error)
                {
                    List<JsonMap> items = [Errors.ValidationItem("json_invalid", ["body", error.Position], "JSON decode error", new JsonMap(), new JsonMap { { "error", error.Message } })];
                    return route.ProblemErrors ? Endpoints.ManagementV1Endpoints.InvalidBody(items) : Errors.Validation(items);
                }
            }
            else
            {
                body = SandboxJson.StringElement(bodyText);
            }
        }

        var context = new RequestContext
        {
            Request = http.Request,
            Path = path,
            Store = _store,
            Options = _options,
            Profile = _profile,
            Sequence = sequence,
            Body = body,
        };

        // The one lock: authentication (it reads keys and users) and the handler run under the store's lock, so a
        // handler sees and leaves a consistent store and needs no locking of its own. The slot wait and the latency
        // delay stay outside it, so modelled latencies of concurrent requests still overlap.
        lock (_store.Gate)
        {
            if (route.Public)
            {
                context.Caller = new Caller(null, null, IsMasterKey: false, Key: null);
            }
            else
            {
                var (caller, denied) = Auth.Authenticate(http.Request, path, body, _store, _options);
                if (denied is not null)
                {
                    return denied;
                }

                context.Caller = caller!;
            }

            if (_options.NoDatabase && !route.Public && !NoDatabase.Routes.Contains(route.Path))
            {
                return NoDatabase.Answer(context)!;
            }

            return route.Handler(context);
        }
    }

    /// <summary>FastAPI decodes the body as JSON when there is no content type or an <c>application/json</c> / <c>+json</c> one.</summary>
    private static bool IsJsonContent(string? contentType)
    {
        if (string.IsNullOrWhiteSpace(contentType))
        {
            return true;
        }

        var media = contentType.Split(';')[0].Trim();
        return media.Equals("application/json", StringComparison.OrdinalIgnoreCase)
            || (media.StartsWith("application/", StringComparison.OrdinalIgnoreCase) && media.EndsWith("+json", StringComparison.OrdinalIgnoreCase));
    }

    private static ApiResult FaultResponse(FaultRule rule)
    {
        var headers = rule.RetryAfterSeconds is { } seconds
            ? new List<KeyValuePair<string, string>> { new("Retry-After", seconds.ToString(CultureInfo.InvariantCulture)) }
            : [];
        var text = rule.Body ?? $"{rule.Status} {ReasonPhrases.GetReasonPhrase(rule.Status)}".TrimEnd();
        var trimmed = text.TrimStart();
        var contentType = trimmed.StartsWith('{') || trimmed.StartsWith('[') ? ApiResult.JsonType : "text/plain; charset=utf-8";
        return new ApiResult { Status = rule.Status, Body = Encoding.UTF8.GetBytes(text), ContentType = contentType, Headers = headers };
    }

    private static async Task WriteAsync(HttpContext http, ApiResult result)
    {
        var response = http.Response;
        response.StatusCode = result.Status;
        response.ContentType = result.ContentType;
        foreach (var (name, value) in result.Headers)
        {
            response.Headers[name] = value;
        }

        response.ContentLength = result.Body.Length;
        if (!HttpMethods.IsHead(http.Request.Method) && result.Body.Length > 0)
        {
            try
            {
                await response.Body.WriteAsync(result.Body, http.RequestAborted).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is OperationCanceledException or IOException)
            {
                // The client went away; nothing to do.
            }
        }
    }
}
