using System.Text.Json;
using System.Text.Json.Serialization;
using LiteLlm.Admin.Users;

namespace LiteLlm.Users.Engine.Safety;

/// <summary>A key's metadata. <see cref="KeyName"/> is LiteLLM's own abbreviation (<c>sk-...WXYZ</c>), as its UI shows it.</summary>
internal sealed class BackupKey
{
    /// <summary>Alias.</summary>
    public string? KeyAlias { get; init; }

    /// <summary>Abbreviation, e.g. <c>sk-...WXYZ</c>; not enough to use the key.</summary>
    public string? KeyName { get; init; }

    /// <summary>Team the key belongs to.</summary>
    public string? TeamId { get; init; }

    /// <summary>Models.</summary>
    public IReadOnlyList<string>? Models { get; init; }

    /// <summary>Budget.</summary>
    public double? MaxBudget { get; init; }

    /// <summary>Budget period.</summary>
    public string? BudgetDuration { get; init; }

    /// <summary>Spend.</summary>
    public double? Spend { get; init; }

    /// <summary>Expiry as the server sent it.</summary>
    public string? Expires { get; init; }

    /// <summary>Metadata.</summary>
    public JsonElement? Metadata { get; init; }
}
