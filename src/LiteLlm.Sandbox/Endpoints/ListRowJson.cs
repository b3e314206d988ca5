using System.Buffers;
using System.Text.Json;

namespace LiteLlm.Sandbox.Endpoints;

/// <summary>
/// <c>/user/list</c> rows and pages written straight to UTF-8: byte for byte what <see cref="Shapes.ListUser"/>
/// gives through <see cref="SandboxJson.Serialize"/>, without a <see cref="JsonMap"/> and boxed values per user.
/// The store caches each user's row (<see cref="SandboxStore.ListRowOf"/>), so a page is mostly copies.
/// </summary>
internal static class ListRowJson
{
    private static readonly JsonEncodedText UserId = JsonEncodedText.Encode("user_id");
    private static readonly JsonEncodedText MaxBudget = JsonEncodedText.Encode("max_budget");
    private static readonly JsonEncodedText Spend = JsonEncodedText.Encode("spend");
    private static readonly JsonEncodedText ModelMaxBudget = JsonEncodedText.Encode("model_max_budget");
    private static readonly JsonEncodedText ModelSpend = JsonEncodedText.Encode("model_spend");
    private static readonly JsonEncodedText UserEmail = JsonEncodedText.Encode("user_email");
    private static readonly JsonEncodedText UserAlias = JsonEncodedText.Encode("user_alias");
    private static readonly JsonEncodedText Models = JsonEncodedText.Encode("models");
    private static readonly JsonEncodedText TpmLimit = JsonEncodedText.Encode("tpm_limit");
    private static readonly JsonEncodedText RpmLimit = JsonEncodedText.Encode("rpm_limit");
    private static readonly JsonEncodedText UserRole = JsonEncodedText.Encode("user_role");
    private static readonly JsonEncodedText OrganizationMemberships = JsonEncodedText.Encode("organization_memberships");
    private static readonly JsonEncodedText Teams = JsonEncodedText.Encode("teams");
    private static readonly JsonEncodedText SsoUserId = JsonEncodedText.Encode("sso_user_id");
    private static readonly JsonEncodedText BudgetDuration = JsonEncodedText.Encode("budget_duration");
    private static readonly JsonEncodedText BudgetResetAt = JsonEncodedText.Encode("budget_reset_at");
    private static readonly JsonEncodedText Metadata = JsonEncodedText.Encode("metadata");
    private static readonly JsonEncodedText CreatedAt = JsonEncodedText.Encode("created_at");
    private static readonly JsonEncodedText UpdatedAt = JsonEncodedText.Encode("updated_at");
    private static readonly JsonEncodedText ObjectPermission = JsonEncodedText.Encode("object_permission");
    private static readonly JsonEncodedText KeyCount = JsonEncodedText.Encode("key_count");
    private static readonly JsonEncodedText Users = JsonEncodedText.Encode("users");
    private static readonly JsonEncodedText Total = JsonEncodedText.Encode("total");
    private static readonly JsonEncodedText PageNumber = JsonEncodedText.Encode("page");
    private static readonly JsonEncodedText PageSize = JsonEncodedText.Encode("page_size");
    private static readonly JsonEncodedText TotalPages = JsonEncodedText.Encode("total_pages");

    [ThreadStatic]
    private static ArrayBufferWriter<byte>? _buffer;

    [ThreadStatic]
    private static Utf8JsonWriter? _writer;

    /// <summary><c>LiteLLM_UserTableWithKeyCount</c>: the fields of <see cref="Shapes.ListUser"/>, in its order.</summary>
    public static byte[] Row(SandboxUser u, int keyCount)
    {
        var buffer = _buffer ??= new ArrayBufferWriter<byte>(1024);
        buffer.ResetWrittenCount();
        var writer = _writer ??= new Utf8JsonWriter(buffer, SandboxJson.WriterOptions);
        writer.Reset(buffer);

        writer.WriteStartObject();
        writer.WriteString(UserId, u.UserId);
        WriteDouble(writer, MaxBudget, u.MaxBudget);
        WriteDouble(writer, Spend, u.Spend);
        WriteElement(writer, ModelMaxBudget, u.ModelMaxBudget);
        WriteElement(writer, ModelSpend, u.ModelSpend);
        WriteString(writer, UserEmail, u.UserEmail);
        WriteString(writer, UserAlias, u.UserAlias);
        WriteStrings(writer, Models, u.Models);
        WriteLong(writer, TpmLimit, u.TpmLimit);
        WriteLong(writer, RpmLimit, u.RpmLimit);
        WriteString(writer, UserRole, u.UserRole);
        writer.WriteNull(OrganizationMemberships);
        WriteStrings(writer, Teams, u.Teams);
        WriteString(writer, SsoUserId, u.SsoUserId);
        WriteString(writer, BudgetDuration, u.BudgetDuration);
        WriteString(writer, BudgetResetAt, u.BudgetResetAt is { } reset ? SandboxJson.Timestamp(reset) : null);
        WriteElement(writer, Metadata, u.Metadata);
        writer.WriteString(CreatedAt, SandboxJson.Timestamp(u.CreatedAt));
        writer.WriteString(UpdatedAt, SandboxJson.Timestamp(u.UpdatedAt));
        writer.WriteNull(ObjectPermission);
        writer.WriteNumber(KeyCount, keyCount);
        writer.WriteEndObject();
        writer.Flush();
        return buffer.WrittenSpan.ToArray();
    }

    /// <summary>The <c>/user/list</c> answer around already written rows.</summary>
    public static byte[] Page(IReadOnlyList<byte[]> rows, int total, int page, int pageSize)
    {
        var size = 128;
        foreach (var row in rows)
        {
            size += row.Length + 1;
        }

        var buffer = new ArrayBufferWriter<byte>(size);
        using (var writer = new Utf8JsonWriter(buffer, SandboxJson.WriterOptions))
        {
            writer.WriteStartObject();
            writer.WriteStartArray(Users);
            foreach (var row in rows)
            {
                writer.WriteRawValue(row, skipInputValidation: true);
            }

            writer.WriteEndArray();
            writer.WriteNumber(Total, total);
            writer.WriteNumber(PageNumber, page);
            writer.WriteNumber(PageSize, pageSize);
            writer.WriteNumber(TotalPages, (total + pageSize - 1) / pageSize);
            writer.WriteEndObject();
        }

        return buffer.WrittenSpan.ToArray();
    }

    private static void WriteString(Utf8JsonWriter writer, JsonEncodedText name, string? value)
    {
        if (value is null)
        {
            writer.WriteNull(name);
        }
        else
        {
            writer.WriteString(name, value);
        }
    }

    private static void WriteDouble(Utf8JsonWriter writer, JsonEncodedText name, double? value)
    {
        writer.WritePropertyName(name);
        if (value is { } number)
        {
            writer.WriteRawValue(SandboxJson.PythonFloat(number), skipInputValidation: true);
        }
        else
        {
            writer.WriteNullValue();
        }
    }

    private static void WriteLong(Utf8JsonWriter writer, JsonEncodedText name, long? value)
    {
        if (value is { } number)
        {
            writer.WriteNumber(name, number);
        }
        else
        {
            writer.WriteNull(name);
        }
    }

    private static void WriteElement(Utf8JsonWriter writer, JsonEncodedText name, JsonElement value)
    {
        writer.WritePropertyName(name);
        SandboxJson.WriteElement(writer, value);
    }

    private static void WriteStrings(Utf8JsonWriter writer, JsonEncodedText name, IReadOnlyList<string>? values)
    {
        if (values is null)
        {
            writer.WriteNull(name);
            return;
        }

        writer.WriteStartArray(name);
        foreach (var value in values)
        {
            if (value is null)
            {
                writer.WriteNullValue();
            }
            else
            {
                writer.WriteStringValue(value);
            }
        }

        writer.WriteEndArray();
    }
}
