using System.Text.Json;
using Evaluation.Domain.Common;

namespace Evaluation.Web.Http;

/// <summary>Reads the fields of a small JSON object body, collecting every problem (unknown fields included).</summary>
public sealed class BodyFields
{
    private readonly JsonElement _root;
    private readonly ValidationErrors _errors;

    public BodyFields(JsonElement root, ValidationErrors errors, string[] allowed)
    {
        _root = root;
        _errors = errors;
        if (root.ValueKind != JsonValueKind.Object)
        {
            errors.Add("$", "Nội dung yêu cầu phải là một đối tượng JSON { … }.");
            return;
        }

        foreach (var property in root.EnumerateObject().Where(p => !allowed.Contains(p.Name, StringComparer.Ordinal)))
        {
            errors.Add(property.Name, $"Trường \"{property.Name}\" không được hỗ trợ; các trường là: {string.Join(", ", allowed)}.");
        }
    }

    public string? RequiredText(string name, string label, int maxLength)
    {
        var text = OptionalText(name, label, maxLength);
        if (text is null && !_errors.Has(name))
        {
            _errors.Add(name, $"{label} không được để trống.");
        }

        return text;
    }

    public string? OptionalText(string name, string label, int maxLength)
    {
        if (_root.ValueKind != JsonValueKind.Object || !_root.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        if (value.ValueKind != JsonValueKind.String)
        {
            _errors.Add(name, $"{label} phải là chuỗi ký tự.");
            return null;
        }

        var text = VietnameseText.Clean(value.GetString());
        if (text is { Length: > 0 } && text.Length > maxLength)
        {
            _errors.Add(name, $"{label} dài quá {maxLength} ký tự.");
            return null;
        }

        return string.IsNullOrEmpty(text) ? null : text;
    }
}
