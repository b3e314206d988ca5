using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace LiteLlm.Users.Engine.Plans;

/// <summary>Who made and who approved a plan being applied (the audit log names both).</summary>
/// <param name="MadeBy">The plan's maker, when it says.</param>
/// <param name="ApprovedBy">Its approver, when it is approved.</param>
/// <param name="ApprovedAt">When it was approved.</param>
internal sealed record PlanSignature(string? MadeBy, string? ApprovedBy, string? ApprovedAt);

/// <summary>
/// Two-person approval of reviewed plans (delete, disable and sync plans alike): <see cref="Approve"/>
/// records in the plan who approved it, when, and a SHA-256 of its rows; applying a plan that demands
/// an approval (or with <c>--require-approval</c>) refuses one that is not approved, is approved by
/// its own maker, or whose rows or maker changed after the approval. Names are the operators'
/// (<c>--changed-by</c>, else the OS user): this is a review process kept honest by the audit log,
/// not a cryptographic signature — whoever can edit the file can edit its fields.
/// </summary>
public static class PlanApproval
{
    /// <summary>Records an approval by <paramref name="approver"/> in the plan at <paramref name="path"/>.</summary>
    /// <param name="path">The plan file (written by <c>--dry-run --plan-out</c>).</param>
    /// <param name="approver">Who approves it; must not be its maker.</param>
    /// <param name="now">The time of the approval.</param>
    /// <returns>What was approved, in words.</returns>
    /// <exception cref="InputException">Not a plan, a plan that does not say who made it, or the approver is its maker.</exception>
    public static string Approve(string path, string approver, DateTimeOffset now)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(approver);
        var root = Read(path);
        var madeBy = Text(root, "made_by")
            ?? throw new InputException($"Refused: plan '{path}' does not say who made it (an older version wrote it), so the two-person rule cannot be checked. Make it again with --dry-run --plan-out.");
        if (Same(madeBy, approver))
        {
            throw new InputException($"Refused: {approver.Trim()} made plan '{path}'; it must be approved by someone else (two-person rule).");
        }

        var rows = root["rows"]!.AsArray();
        var hash = Sha256(rows);
        root["approval"] = new JsonObject
        {
            ["approved_by"] = approver.Trim(),
            ["approved_at"] = now.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture),
            ["made_by"] = madeBy,
            ["rows_sha256"] = hash,
        };
        Write(path, root);
        return string.Create(
            CultureInfo.InvariantCulture,
            $"Approved plan '{path}' ({Text(root, "format")}, {rows.Count} rows, made by {madeBy} at {Text(root, "created_at")}) as {approver.Trim()}; rows SHA-256 {hash}.");
    }

    /// <summary>
    /// Checks the approval of the plan at <paramref name="path"/> before it is applied: required when
    /// <paramref name="require"/> or the plan demands it; an approval that is there must hold whatever.
    /// </summary>
    /// <exception cref="InputException">Not approved as required, approved by its maker, or changed after the approval.</exception>
    internal static PlanSignature Check(string path, bool require)
    {
        var root = Read(path);
        var madeBy = Text(root, "made_by");
        var demanded = require || root["require_approval"] is JsonValue v && v.GetValueKind() == JsonValueKind.True;
        if (root["approval"] is not JsonObject approval)
        {
            return demanded
                ? throw new InputException($"Refused: plan '{path}' is not approved{(require ? string.Empty : " (the plan demands an approval)")}. Someone other than its maker ({madeBy ?? "unknown"}) must run: litellm-users approve {path}")
                : new PlanSignature(madeBy, null, null);
        }

        var approvedBy = Text(approval, "approved_by");
        if (madeBy is null || approvedBy is null)
        {
            throw new InputException($"Refused: plan '{path}' does not say who made or approved it, so the two-person rule cannot be checked. Make a new plan.");
        }

        if (Same(madeBy, approvedBy))
        {
            throw new InputException($"Refused: plan '{path}' was approved by its own maker ({madeBy}); it needs an approval by someone else.");
        }

        if (!string.Equals(Text(approval, "made_by"), madeBy, StringComparison.Ordinal))
        {
            throw new InputException($"Refused: plan '{path}' names another maker ({madeBy}) than the one {approvedBy} approved ({Text(approval, "made_by")}); it was changed after the approval.");
        }

        if (!string.Equals(Text(approval, "rows_sha256"), Sha256(root["rows"]!.AsArray()), StringComparison.OrdinalIgnoreCase))
        {
            throw new InputException($"Refused: the rows of plan '{path}' changed after {approvedBy} approved them. Make a new plan and have it approved again.");
        }

        return new PlanSignature(madeBy, approvedBy, Text(approval, "approved_at"));
    }

    /// <summary>A plan as the CLI announces it: when, by whom, for which proxy, what it holds, and its approval.</summary>
    internal static string Describe<TRow>(PlanDocument<TRow> plan, PlanSignature signature, string holds)
    {
        ArgumentNullException.ThrowIfNull(plan);
        ArgumentNullException.ThrowIfNull(signature);
        var approved = signature.ApprovedBy is { } by ? $"; approved by {by} at {signature.ApprovedAt}" : string.Empty;
        return string.Create(CultureInfo.InvariantCulture, $"made {plan.CreatedAt:u} by {plan.MadeBy ?? "(not recorded)"} for {plan.BaseUrl}: {holds}{approved}");
    }

    private static JsonObject Read(string path)
    {
        if (!File.Exists(path))
        {
            throw new InputException($"Plan file '{path}' not found.");
        }

        JsonNode? root;
        try
        {
            root = JsonNode.Parse(File.ReadAllBytes(path));
        }
        catch (JsonException ex)
        {
            throw new InputException($"'{path}' is not a litellm-users plan: it is not valid JSON ({ex.Message})", ex);
        }

        return root is JsonObject o && Text(o, "format") is { } format && format.StartsWith("litellm-users/", StringComparison.Ordinal) && o["rows"] is JsonArray
            ? o
            : throw new InputException($"'{path}' is not a litellm-users plan (no \"format\" and \"rows\"). Make one with --dry-run --plan-out.");
    }

    private static void Write(string path, JsonObject root)
    {
        var temp = path + ".tmp";
        using (var stream = File.Create(temp))
        using (var writer = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true }))
        {
            root.WriteTo(writer);
            writer.Flush();
            stream.Write("\n"u8);
        }

        File.Move(temp, path, overwrite: true);
    }

    /// <summary>SHA-256 of the rows' compact JSON: blind to indentation, sensitive to any value.</summary>
    private static string Sha256(JsonArray rows) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(rows.ToJsonString())));

    private static bool Same(string a, string b) => string.Equals(a.Trim(), b.Trim(), StringComparison.OrdinalIgnoreCase);

    private static string? Text(JsonObject node, string name) =>
        node[name] is JsonValue value && value.GetValueKind() == JsonValueKind.String ? value.GetValue<string>() : null;
}
