using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using Evaluation.Domain.Common;
using Evaluation.Domain.OtherIndices;

namespace Evaluation.Domain.Catalogues;

/// <summary>The outcome of reading a catalogue file: the catalogue, or every problem found in it.</summary>
public sealed record CatalogueReadResult(Catalogue? Catalogue, ValidationErrors Errors)
{
    public bool IsValid => Catalogue is not null && Errors.IsEmpty;
}

/// <summary>
/// Reads the catalogue format of API.md and checks it against the regulation's structure.
/// It walks the whole document and reports every problem at once — wrong types, unknown fields, codes, sums —
/// with the section and criterion named in Vietnamese, instead of stopping at the first.
/// </summary>
public static partial class CatalogueReader
{
    /// <summary>Deepest level of criteria below a section (criterion → sub-criterion → one more).</summary>
    public const int MaxDepth = 3;

    public const int MaxCriteria = 2000;
    public const int MaxTitleLength = 1000;
    public const int MaxDescriptionLength = 4000;
    public const int MaxAllowedScores = 50;

    private static readonly string[] RootFields = ["indexSet", "year", "title", "note", "sections"];
    private static readonly string[] SectionFields = ["code", "kind", "title", "maxScore", "criteria"];
    private static readonly string[] CriterionFields = ["code", "title", "maxScore", "appraiserAgency", "allowedScores", "description", "otherIndex", "children"];

    public static CatalogueReadResult Read(ReadOnlyMemory<byte> utf8Json, string? expectedIndexSet = null, int? expectedYear = null)
    {
        var errors = new ValidationErrors();
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(utf8Json, new JsonDocumentOptions { MaxDepth = 32 });
        }
        catch (JsonException ex)
        {
            errors.Add("$", $"Tệp không phải JSON hợp lệ (dòng {ex.LineNumber + 1}, vị trí {ex.BytePositionInLine + 1}).");
            return new CatalogueReadResult(null, errors);
        }

        using (document)
        {
            return Read(document.RootElement, expectedIndexSet, expectedYear);
        }
    }

    public static CatalogueReadResult Read(JsonElement root, string? expectedIndexSet = null, int? expectedYear = null)
    {
        var errors = new ValidationErrors();
        if (root.ValueKind != JsonValueKind.Object)
        {
            errors.Add("$", "Bộ chỉ số phải là một đối tượng JSON { … }.");
            return new CatalogueReadResult(null, errors);
        }

        var context = new ReadContext(errors);
        CheckFields(root, "$", RootFields, "bộ chỉ số", errors);

        var indexSet = ReadRequiredString(root, "indexSet", "indexSet", "Mã bộ chỉ số (indexSet)", errors, maxLength: 10);
        if (indexSet is not null && !Codes.IsTypeCode(indexSet))
        {
            errors.Add("indexSet", $"Mã bộ chỉ số \"{indexSet}\" chỉ được gồm chữ và số (ví dụ \"01\").");
        }
        else if (indexSet is not null && expectedIndexSet is not null && indexSet != expectedIndexSet)
        {
            errors.Add("indexSet", $"Tệp là bộ chỉ số {indexSet} nhưng đang được nạp vào bộ chỉ số {expectedIndexSet}.");
        }

        int? year = null;
        if (!root.TryGetProperty("year", out var yearElement))
        {
            errors.Add("year", "Thiếu năm đánh giá (year).");
        }
        else if (yearElement.ValueKind != JsonValueKind.Number || !yearElement.TryGetInt32(out var parsedYear))
        {
            errors.Add("year", "Năm đánh giá (year) phải là số nguyên, ví dụ 2025.");
        }
        else if (expectedYear is not null && parsedYear != expectedYear)
        {
            errors.Add("year", $"Tệp là bộ chỉ số năm {parsedYear} nhưng đang được nạp vào năm {expectedYear}.");
        }
        else
        {
            year = parsedYear;
        }

        var title = ReadRequiredString(root, "title", "title", "Tên bộ chỉ số (title)", errors, MaxTitleLength);
        var note = ReadOptionalString(root, "note", "note", "Ghi chú (note)", errors, MaxDescriptionLength);

        var sections = new List<CatalogueSection>();
        if (!root.TryGetProperty("sections", out var sectionsElement))
        {
            errors.Add("sections", "Thiếu danh sách nội dung (sections).");
        }
        else if (sectionsElement.ValueKind != JsonValueKind.Array)
        {
            errors.Add("sections", "Danh sách nội dung (sections) phải là một mảng [ … ].");
        }
        else
        {
            var seen = new HashSet<string>(StringComparer.Ordinal);
            var index = 0;
            foreach (var sectionElement in sectionsElement.EnumerateArray())
            {
                var section = ReadSection(sectionElement, $"sections[{index}]", context);
                if (section is not null && !seen.Add(section.Code))
                {
                    errors.Add($"sections[{index}].code", $"Nội dung {section.Code} xuất hiện nhiều lần.");
                }
                else if (section is not null)
                {
                    sections.Add(section);
                }

                index++;
            }

            foreach (var rule in Sections.All.Where(rule => !seen.Contains(rule.Code)))
            {
                errors.Add("sections", $"Thiếu nội dung {rule.Code} ({rule.Title}).");
            }
        }

        if (context.CriterionCount > MaxCriteria)
        {
            errors.Add("sections", $"Bộ chỉ số có {context.CriterionCount} tiêu chí, vượt quá giới hạn {MaxCriteria}.");
        }

        if (!errors.IsEmpty || indexSet is null || year is null || title is null)
        {
            return new CatalogueReadResult(null, errors);
        }

        var ordered = sections.OrderBy(section => IndexOfRule(section.Code)).ToList();
        return new CatalogueReadResult(new Catalogue(indexSet, year.Value, title, note, ordered), errors);
    }

    private static int IndexOfRule(string code) => Sections.All.Select((rule, i) => (rule, i)).First(pair => pair.rule.Code == code).i;

    private static CatalogueSection? ReadSection(JsonElement element, string path, ReadContext context)
    {
        var errors = context.Errors;
        if (element.ValueKind != JsonValueKind.Object)
        {
            errors.Add(path, "Mỗi nội dung phải là một đối tượng { … }.");
            return null;
        }

        var code = ReadRequiredString(element, "code", $"{path}.code", "Mã nội dung (code)", errors, maxLength: 8);
        var rule = code is null ? null : Sections.Find(code);
        if (code is not null && rule is null)
        {
            errors.Add($"{path}.code", $"Mã nội dung \"{code}\" không hợp lệ; chỉ có I, II, III, IV, V, VI, VII.");
        }

        var label = rule is null ? "nội dung" : $"nội dung {rule.Code}";
        CheckFields(element, path, SectionFields, label, errors);

        var kindName = ReadRequiredString(element, "kind", $"{path}.kind", $"Loại của {label} (kind)", errors, maxLength: 16);
        if (rule is not null && kindName is not null && Sections.ParseKind(kindName) != rule.Kind)
        {
            errors.Add($"{path}.kind", $"Nội dung {rule.Code} phải có loại \"{rule.KindName}\" (đang là \"{kindName}\").");
        }

        var title = ReadOptionalString(element, "title", $"{path}.title", $"Tên {label}", errors, MaxTitleLength);
        var maxScore = ReadOptionalScore(element, "maxScore", $"{path}.maxScore", $"Điểm tối đa của {label}", errors);
        if (rule is not null && rule.MaxScore is { } weight)
        {
            if (maxScore is null && IsMissing(element, "maxScore"))
            {
                errors.Add($"{path}.maxScore", $"Thiếu điểm tối đa của nội dung {rule.Code} (phải là {ScoreText.Format(weight)}).");
            }
            else if (maxScore is not null && maxScore != weight)
            {
                errors.Add($"{path}.maxScore", $"Điểm tối đa của nội dung {rule.Code} phải là {ScoreText.Format(weight)} theo Quy định (đang là {ScoreText.Format(maxScore.Value)}).");
            }
        }

        var criteria = new List<Criterion>();
        var hasCriteria = element.TryGetProperty("criteria", out var criteriaElement);
        if (rule?.Kind == SectionKind.Leaders)
        {
            if (hasCriteria && (criteriaElement.ValueKind != JsonValueKind.Array || criteriaElement.GetArrayLength() > 0))
            {
                errors.Add($"{path}.criteria", "Nội dung VI là điểm của Chủ tịch, các Phó Chủ tịch UBND tỉnh, không có tiêu chí.");
            }
        }
        else if (!hasCriteria)
        {
            errors.Add($"{path}.criteria", $"Thiếu danh sách tiêu chí của {label}.");
        }
        else if (criteriaElement.ValueKind != JsonValueKind.Array)
        {
            errors.Add($"{path}.criteria", $"Danh sách tiêu chí của {label} phải là một mảng [ … ].");
        }
        else
        {
            context.SectionKind = rule?.Kind;
            criteria = ReadCriteria(criteriaElement, $"{path}.criteria", parentCode: code ?? "?", depth: 1, context);
            if (criteria.Count == 0)
            {
                errors.Add($"{path}.criteria", $"{Capitalize(label)} chưa có tiêu chí nào.");
            }
            else if (rule?.MaxScore is { } sectionMax && criteria.All(c => c.MaxScore > 0))
            {
                var sum = criteria.Sum(c => c.MaxScore);
                if (sum != sectionMax)
                {
                    errors.Add($"{path}.criteria", $"Nội dung {rule.Code}: tổng điểm tối đa của các tiêu chí là {ScoreText.Format(sum)}, phải bằng {ScoreText.Format(sectionMax)}.");
                }
            }
        }

        if (rule is null || code is null)
        {
            return null;
        }

        return new CatalogueSection(code, rule.Kind, title ?? rule.Title, rule.MaxScore ?? maxScore, criteria);
    }

    private static List<Criterion> ReadCriteria(JsonElement array, string path, string parentCode, int depth, ReadContext context)
    {
        var result = new List<Criterion>();
        var index = 0;
        foreach (var element in array.EnumerateArray())
        {
            var criterion = ReadCriterion(element, $"{path}[{index}]", parentCode, depth, context);
            if (criterion is not null)
            {
                result.Add(criterion);
            }

            index++;
        }

        return result;
    }

    private static Criterion? ReadCriterion(JsonElement element, string path, string parentCode, int depth, ReadContext context)
    {
        var errors = context.Errors;
        context.CriterionCount++;
        if (element.ValueKind != JsonValueKind.Object)
        {
            errors.Add(path, $"Mỗi tiêu chí trong {parentCode} phải là một đối tượng {{ … }}.");
            return null;
        }

        var code = ReadRequiredString(element, "code", $"{path}.code", $"Mã tiêu chí trong {parentCode}", errors, maxLength: 32);
        var label = code is null ? $"tiêu chí trong {parentCode}" : $"tiêu chí {code}";
        CheckFields(element, path, CriterionFields, label, errors);

        if (code is not null)
        {
            if (!CriterionCodePattern().IsMatch(code))
            {
                errors.Add($"{path}.code", $"Mã tiêu chí \"{code}\" chỉ được gồm chữ, số và dấu chấm (ví dụ \"I.1.2\").");
            }
            else if (!code.StartsWith(parentCode + ".", StringComparison.Ordinal) || code[(parentCode.Length + 1)..].Contains('.', StringComparison.Ordinal))
            {
                errors.Add($"{path}.code", $"Mã tiêu chí \"{code}\" phải có dạng \"{parentCode}.<số>\" vì thuộc {parentCode}.");
            }

            if (!context.Codes.Add(code))
            {
                errors.Add($"{path}.code", $"Mã tiêu chí \"{code}\" bị trùng.");
            }
        }

        if (depth > MaxDepth)
        {
            errors.Add(path, $"Tiêu chí {code ?? parentCode} nằm quá {MaxDepth} cấp dưới nội dung.");
        }

        var title = ReadRequiredString(element, "title", $"{path}.title", $"Tên {label}", errors, MaxTitleLength);
        var description = ReadOptionalString(element, "description", $"{path}.description", $"Hướng dẫn chấm của {label}", errors, MaxDescriptionLength);
        var agency = ReadOptionalString(element, "appraiserAgency", $"{path}.appraiserAgency", $"Cơ quan thẩm định của {label}", errors, maxLength: 32);
        if (agency is not null && !Codes.IsAgencyCode(agency))
        {
            errors.Add($"{path}.appraiserAgency", $"Mã cơ quan thẩm định \"{agency}\" của {label} chỉ được gồm chữ, số, \"-\" và \"_\".");
        }

        decimal? maxScore = null;
        if (IsMissing(element, "maxScore"))
        {
            errors.Add($"{path}.maxScore", $"Thiếu điểm tối đa của {label}.");
        }
        else
        {
            maxScore = ReadOptionalScore(element, "maxScore", $"{path}.maxScore", $"Điểm tối đa của {label}", errors);
            if (maxScore is <= 0)
            {
                errors.Add($"{path}.maxScore", $"Điểm tối đa của {label} phải lớn hơn 0.");
                maxScore = null;
            }
        }

        var children = new List<Criterion>();
        if (element.TryGetProperty("children", out var childrenElement))
        {
            if (childrenElement.ValueKind != JsonValueKind.Array)
            {
                errors.Add($"{path}.children", $"Danh sách tiêu chí thành phần của {label} phải là một mảng [ … ].");
            }
            else
            {
                children = ReadCriteria(childrenElement, $"{path}.children", code ?? parentCode + ".?", depth + 1, context);
                if (maxScore is not null && children.Count > 0 && children.All(child => child.MaxScore > 0))
                {
                    var sum = children.Sum(child => child.MaxScore);
                    if (sum != maxScore)
                    {
                        errors.Add($"{path}.children", $"Tiêu chí {code}: tổng điểm tối đa của các tiêu chí thành phần là {ScoreText.Format(sum)}, phải bằng {ScoreText.Format(maxScore.Value)}.");
                    }
                }
            }
        }

        var allowed = ReadAllowedScores(element, path, label, maxScore, isLeaf: children.Count == 0, errors);
        var otherIndex = OtherIndexReader.Read(element, path, label, maxScore, isLeaf: children.Count == 0, context.SectionKind, allowed, errors);

        if (code is null || title is null || maxScore is null)
        {
            return null;
        }

        return new Criterion(code, title, maxScore.Value, agency, allowed, description, children, otherIndex);
    }

    private static decimal[]? ReadAllowedScores(JsonElement element, string path, string label, decimal? maxScore, bool isLeaf, ValidationErrors errors)
    {
        if (!element.TryGetProperty("allowedScores", out var allowedElement) || allowedElement.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        var field = $"{path}.allowedScores";
        if (!isLeaf)
        {
            errors.Add(field, $"Chỉ tiêu chí không có tiêu chí thành phần mới được có danh sách điểm (allowedScores); {label} có tiêu chí thành phần.");
            return null;
        }

        if (allowedElement.ValueKind != JsonValueKind.Array || allowedElement.GetArrayLength() == 0)
        {
            errors.Add(field, $"Danh sách điểm được phép của {label} phải là một mảng số không rỗng, ví dụ [0, 0.5, 1].");
            return null;
        }

        if (allowedElement.GetArrayLength() > MaxAllowedScores)
        {
            errors.Add(field, $"Danh sách điểm được phép của {label} có quá {MaxAllowedScores} giá trị.");
            return null;
        }

        var values = new List<decimal>();
        foreach (var item in allowedElement.EnumerateArray())
        {
            if (item.ValueKind != JsonValueKind.Number || !item.TryGetDecimal(out var value))
            {
                errors.Add(field, $"Danh sách điểm được phép của {label} chỉ được chứa số.");
                return null;
            }

            values.Add(value);
        }

        for (var i = 1; i < values.Count; i++)
        {
            if (values[i] <= values[i - 1])
            {
                errors.Add(field, $"Danh sách điểm được phép của {label} phải tăng dần và không trùng.");
                break;
            }
        }

        if (values.Any(value => value < 0 || (maxScore is not null && value > maxScore)))
        {
            errors.Add(field, $"Điểm được phép của {label} phải nằm trong khoảng 0 đến điểm tối đa.");
        }

        if (!values.Contains(0m))
        {
            errors.Add(field, $"Danh sách điểm được phép của {label} phải có 0 (không cho điểm).");
        }

        if (maxScore is not null && !values.Contains(maxScore.Value))
        {
            errors.Add(field, $"Danh sách điểm được phép của {label} phải có điểm tối đa {ScoreText.Format(maxScore.Value)}.");
        }

        return values.Select(ScoreText.Normalize).ToArray();
    }

    private static void CheckFields(JsonElement element, string path, string[] allowed, string label, ValidationErrors errors)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var property in element.EnumerateObject())
        {
            var field = path == "$" ? property.Name : $"{path}.{property.Name}";
            if (!allowed.Contains(property.Name, StringComparer.Ordinal))
            {
                errors.Add(field, $"Trường \"{property.Name}\" của {label} không có trong định dạng bộ chỉ số.");
            }
            else if (!seen.Add(property.Name))
            {
                errors.Add(field, $"Trường \"{property.Name}\" của {label} bị lặp.");
            }
        }
    }

    private static string? ReadRequiredString(JsonElement element, string name, string field, string what, ValidationErrors errors, int maxLength)
    {
        if (!element.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            errors.Add(field, $"Thiếu {LowerFirst(what)}.");
            return null;
        }

        var text = ReadString(value, field, what, errors, maxLength);
        if (text is not null && text.Length == 0)
        {
            errors.Add(field, $"{what} không được để trống.");
            return null;
        }

        return text;
    }

    private static string? ReadOptionalString(JsonElement element, string name, string field, string what, ValidationErrors errors, int maxLength)
    {
        if (!element.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        var text = ReadString(value, field, what, errors, maxLength);
        return string.IsNullOrEmpty(text) ? null : text;
    }

    private static string? ReadString(JsonElement value, string field, string what, ValidationErrors errors, int maxLength)
    {
        if (value.ValueKind != JsonValueKind.String)
        {
            errors.Add(field, $"{what} phải là chuỗi ký tự.");
            return null;
        }

        var text = VietnameseText.Clean(value.GetString()) ?? string.Empty;
        if (text.Length > maxLength)
        {
            errors.Add(field, $"{what} dài quá {maxLength} ký tự.");
            return null;
        }

        return text;
    }

    private static decimal? ReadOptionalScore(JsonElement element, string name, string field, string what, ValidationErrors errors)
    {
        if (!element.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        if (value.ValueKind != JsonValueKind.Number || !value.TryGetDecimal(out var score))
        {
            errors.Add(field, $"{what} phải là số (ví dụ 1.5).");
            return null;
        }

        if (score < 0 || score > Sections.PenaltyCeiling)
        {
            errors.Add(field, $"{what} phải nằm trong khoảng 0 đến 100.");
            return null;
        }

        if (decimal.Round(score, 2) != score)
        {
            errors.Add(field, $"{what} chỉ được có tối đa 2 chữ số thập phân (đang là {score.ToString(CultureInfo.InvariantCulture)}).");
            return null;
        }

        return ScoreText.Normalize(score);
    }

    private static bool IsMissing(JsonElement element, string name) =>
        !element.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null;

    private static string LowerFirst(string text) => text.Length == 0 ? text : char.ToLowerInvariant(text[0]) + text[1..];

    private static string Capitalize(string text) => text.Length == 0 ? text : char.ToUpperInvariant(text[0]) + text[1..];

    [GeneratedRegex("^[0-9A-Za-z]+(\\.[0-9A-Za-z]+)*$")]
    private static partial Regex CriterionCodePattern();

    private sealed class ReadContext(ValidationErrors errors)
    {
        public ValidationErrors Errors { get; } = errors;

        public HashSet<string> Codes { get; } = new(StringComparer.Ordinal);

        public int CriterionCount { get; set; }

        /// <summary>The kind of the section whose criteria are being read (R-1.4: other indices only in I–IV).</summary>
        public SectionKind? SectionKind { get; set; }
    }
}
