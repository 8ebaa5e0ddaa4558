using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using Evaluation.Domain.Catalogues;
using Evaluation.Domain.Common;

namespace Evaluation.Domain.Survey;

/// <summary>
/// Reads a questionnaire (<c>{ "groups": [ … ], "questions": [ … ] }</c>) and checks it against its catalogue's
/// section V, reporting every problem at once in Vietnamese: each question on a section V leaf, each leaf asked,
/// options with percentages 0–100, known groups with quotas.
/// </summary>
public static partial class QuestionnaireReader
{
    public const int MaxGroups = 10;
    public const int MaxQuestions = 200;
    public const int MaxOptions = 10;
    public const int MaxQuota = 1000;
    public const int MaxTextLength = 1000;

    public static (Questionnaire? Questionnaire, ValidationErrors Errors) Read(JsonElement root, Catalogue catalogue)
    {
        var errors = new ValidationErrors();
        if (root.ValueKind != JsonValueKind.Object)
        {
            errors.Add("$", "Bảng câu hỏi phải là một đối tượng JSON { \"groups\": [ … ], \"questions\": [ … ] }.");
            return (null, errors);
        }

        foreach (var property in root.EnumerateObject().Where(p => p.Name is not ("groups" or "questions" or "year" or "indexSet")))
        {
            errors.Add(property.Name, $"Trường \"{property.Name}\" không có trong định dạng bảng câu hỏi.");
        }

        CheckEcho(root, "year", catalogue.Year.ToString(CultureInfo.InvariantCulture), "năm", errors);
        CheckEcho(root, "indexSet", catalogue.IndexSet, "bộ chỉ số", errors);

        var groups = ReadArray(root, "groups", "nhóm người trả lời", MaxGroups, errors, ReadGroup);
        // Questions are checked against every group named, even one whose own fields are wrong, so each mistake is reported once.
        var groupCodes = root.TryGetProperty("groups", out var groupElements) && groupElements.ValueKind == JsonValueKind.Array
            ? groupElements.EnumerateArray().Where(g => g.ValueKind == JsonValueKind.Object && g.TryGetProperty("code", out var c) && c.ValueKind == JsonValueKind.String)
                .Select(g => g.GetProperty("code").GetString()!).ToList()
            : [];
        foreach (var duplicate in groupCodes.GroupBy(code => code, StringComparer.OrdinalIgnoreCase).Where(g => g.Count() > 1))
        {
            errors.Add("groups", $"Mã nhóm \"{duplicate.Key}\" bị trùng.");
        }

        var leaves = catalogue.Entries().Where(entry => entry.Section.Kind == SectionKind.Survey && entry.Criterion.IsLeaf)
            .ToDictionary(entry => entry.Criterion.Code, entry => entry.Criterion, StringComparer.Ordinal);
        var questions = ReadArray(root, "questions", "câu hỏi", MaxQuestions, errors, (element, path, errs) => ReadQuestion(element, path, errs, leaves, groupCodes));
        foreach (var duplicate in questions.GroupBy(question => question.Code, StringComparer.OrdinalIgnoreCase).Where(g => g.Count() > 1))
        {
            errors.Add("questions", $"Mã câu hỏi \"{duplicate.Key}\" bị trùng.");
        }

        foreach (var leaf in leaves.Values.Where(leaf => questions.All(question => question.Criterion != leaf.Code)))
        {
            errors.Add("questions", $"Tiêu chí {leaf.Code} ({leaf.Title}) chưa có câu hỏi nào; mỗi tiêu chí của nội dung V cần ít nhất một câu hỏi.");
        }

        foreach (var group in groups.Where(group => questions.All(question => question.Group != group.Code)))
        {
            errors.Add("groups", $"Nhóm {group.Code} ({group.Title}) chưa có câu hỏi nào.");
        }

        return errors.IsEmpty ? (new Questionnaire(catalogue.Year, catalogue.IndexSet, groups, questions), errors) : (null, errors);
    }

    private static void CheckEcho(JsonElement root, string name, string expected, string what, ValidationErrors errors)
    {
        if (root.TryGetProperty(name, out var value) && value.ValueKind != JsonValueKind.Null
            && (value.ValueKind is JsonValueKind.String ? value.GetString() : value.GetRawText()) != expected)
        {
            errors.Add(name, $"Bảng câu hỏi ghi {what} {value.GetRawText()}, nhưng đang được lưu cho {what} {expected}.");
        }
    }

    private static List<T> ReadArray<T>(JsonElement root, string name, string what, int max, ValidationErrors errors, Func<JsonElement, string, ValidationErrors, T?> read)
        where T : class
    {
        if (!root.TryGetProperty(name, out var array) || array.ValueKind != JsonValueKind.Array || array.GetArrayLength() == 0)
        {
            errors.Add(name, $"Thiếu danh sách {what} (\"{name}\": [ … ]).");
            return [];
        }

        if (array.GetArrayLength() > max)
        {
            errors.Add(name, $"Danh sách {what} có {array.GetArrayLength()} mục, vượt quá giới hạn {max}.");
            return [];
        }

        return array.EnumerateArray().Select((element, index) => read(element, $"{name}[{index}]", errors)).OfType<T>().ToList();
    }

    private static RespondentGroup? ReadGroup(JsonElement element, string path, ValidationErrors errors)
    {
        var code = Code(element, "code", path, "Mã nhóm", errors);
        var title = Text(element, "title", path, "Tên nhóm", errors);
        int? quota = null;
        if (!element.TryGetProperty("quota", out var quotaElement) || !quotaElement.TryGetInt32(out var parsed) || parsed < 1 || parsed > MaxQuota)
        {
            errors.Add($"{path}.quota", $"Số phiếu cần thu (quota) của nhóm {code} phải là số nguyên từ 1 đến {MaxQuota} (Quy định: 20 phiếu đại biểu HĐND, 40 phiếu doanh nghiệp, người dân).");
        }
        else
        {
            quota = parsed;
        }

        return code is null || title is null || quota is null ? null : new RespondentGroup(code, title, quota.Value);
    }

    private static SurveyQuestion? ReadQuestion(
        JsonElement element, string path, ValidationErrors errors, IReadOnlyDictionary<string, Criterion> leaves, IReadOnlyList<string> groups)
    {
        var code = Code(element, "code", path, "Mã câu hỏi", errors);
        var label = code is null ? "câu hỏi" : $"câu {code}";
        var text = Text(element, "text", path, $"Nội dung {label}", errors);
        var criterion = element.TryGetProperty("criterion", out var c) && c.ValueKind == JsonValueKind.String ? c.GetString() : null;
        if (criterion is null || !leaves.ContainsKey(criterion))
        {
            errors.Add($"{path}.criterion", $"Tiêu chí của {label} (\"{criterion}\") phải là một tiêu chí không có tiêu chí thành phần của nội dung V: {string.Join(", ", leaves.Keys)}.");
            criterion = null;
        }

        var group = element.TryGetProperty("group", out var g) && g.ValueKind == JsonValueKind.String ? g.GetString() : null;
        if (group is null || !groups.Contains(group, StringComparer.Ordinal))
        {
            errors.Add($"{path}.group", $"Nhóm người trả lời của {label} (\"{group}\") phải là một trong: {string.Join(", ", groups)}.");
            group = null;
        }

        var options = new List<AnswerOption>();
        if (!element.TryGetProperty("options", out var optionsElement) || optionsElement.ValueKind != JsonValueKind.Array
            || optionsElement.GetArrayLength() < 2 || optionsElement.GetArrayLength() > MaxOptions)
        {
            errors.Add($"{path}.options", $"{Capitalize(label)} cần từ 2 đến {MaxOptions} phương án trả lời (\"options\").");
        }
        else
        {
            var index = 0;
            foreach (var optionElement in optionsElement.EnumerateArray())
            {
                var optionPath = $"{path}.options[{index++}]";
                var optionCode = Code(optionElement, "code", optionPath, $"Mã phương án của {label}", errors, OptionCode());
                var optionText = Text(optionElement, "text", optionPath, $"Nội dung phương án {optionCode} của {label}", errors);
                decimal? percent = null;
                if (!optionElement.TryGetProperty("percent", out var p) || p.ValueKind != JsonValueKind.Number || !p.TryGetDecimal(out var value)
                    || value < 0 || value > 100 || decimal.Round(value, 2) != value)
                {
                    errors.Add($"{optionPath}.percent", $"Tỷ lệ điểm (percent) của phương án {optionCode} ({label}) phải là số từ 0 đến 100, tối đa 2 chữ số thập phân.");
                }
                else
                {
                    percent = ScoreText.Normalize(value);
                }

                if (optionCode is not null && optionText is not null && percent is not null)
                {
                    if (options.Any(option => string.Equals(option.Code, optionCode, StringComparison.OrdinalIgnoreCase)))
                    {
                        errors.Add($"{optionPath}.code", $"Phương án {optionCode} của {label} bị trùng.");
                    }

                    options.Add(new AnswerOption(optionCode, optionText, percent.Value));
                }
            }
        }

        return code is null || text is null || criterion is null || group is null || options.Count < 2 ? null : new SurveyQuestion(code, criterion, group, text, options);
    }

    private static string? Code(JsonElement element, string name, string path, string what, ValidationErrors errors, Regex? pattern = null)
    {
        var value = element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var e) && e.ValueKind == JsonValueKind.String
            ? VietnameseText.Clean(e.GetString())
            : null;
        if (string.IsNullOrEmpty(value) || !(pattern ?? CodePattern()).IsMatch(value))
        {
            errors.Add($"{path}.{name}", $"{what} phải gồm chữ không dấu, số, \"-\", \"_\" hoặc \".\" (tối đa 16 ký tự).");
            return null;
        }

        return value;
    }

    private static string? Text(JsonElement element, string name, string path, string what, ValidationErrors errors)
    {
        var value = element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var e) && e.ValueKind == JsonValueKind.String
            ? VietnameseText.Clean(e.GetString())
            : null;
        if (string.IsNullOrEmpty(value))
        {
            errors.Add($"{path}.{name}", $"Thiếu {LowerFirst(what)}.");
            return null;
        }

        if (value.Length > MaxTextLength)
        {
            errors.Add($"{path}.{name}", $"{what} dài quá {MaxTextLength} ký tự.");
            return null;
        }

        return value;
    }

    private static string LowerFirst(string text) => text.Length == 0 ? text : char.ToLowerInvariant(text[0]) + text[1..];

    private static string Capitalize(string text) => text.Length == 0 ? text : char.ToUpperInvariant(text[0]) + text[1..];

    [GeneratedRegex("^[0-9A-Za-z._-]{1,16}$")]
    private static partial Regex CodePattern();

    [GeneratedRegex("^[0-9A-Za-z]{1,4}$")]
    private static partial Regex OptionCode();
}
