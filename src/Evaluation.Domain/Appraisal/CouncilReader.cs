using System.Text.Json;
using Evaluation.Domain.Catalogues;
using Evaluation.Domain.Common;
using Evaluation.Domain.Units;

namespace Evaluation.Domain.Appraisal;

/// <summary>
/// Reads the working group's council for a year (<c>PUT /api/years/{year}/council</c>):
/// <c>{ "members": [ { "agencyId", "name" } ], "assignments": { "01": { "II.6": "SNV" } }, "substitutes": { "so-tai-chinh": "SNV" } }</c>.
/// Assignments name criteria of the year's index sets and member agencies; a substitute is a member other than
/// the unit's own agency (conflict of interest). Every problem is reported at once.
/// </summary>
public static class CouncilReader
{
    public const int MaxAssignments = 2000;

    private static readonly string[] Fields = ["members", "assignments", "substitutes"];

    public static (Council? Council, ValidationErrors Errors) Read(
        JsonElement root, Func<string, Catalogue?> catalogueOf, IReadOnlyDictionary<string, Unit> units)
    {
        var errors = new ValidationErrors();
        if (root.ValueKind != JsonValueKind.Object)
        {
            errors.Add("$", "Nội dung yêu cầu phải là một đối tượng JSON { … }.");
            return (null, errors);
        }

        foreach (var property in root.EnumerateObject().Where(p => !Fields.Contains(p.Name, StringComparer.Ordinal)))
        {
            errors.Add(property.Name, $"Trường \"{property.Name}\" không được hỗ trợ; chỉ có members, assignments, substitutes.");
        }

        var members = ReadMembers(root, errors);
        var memberIds = members.Select(member => member.AgencyId).ToHashSet(StringComparer.Ordinal);
        var assignments = ReadAssignments(root, catalogueOf, memberIds, errors);
        var substitutes = ReadSubstitutes(root, units, memberIds, errors);
        return errors.IsEmpty ? (new Council(members, assignments, substitutes), errors) : (null, errors);
    }

    private static List<CouncilAgency> ReadMembers(JsonElement root, ValidationErrors errors)
    {
        var members = new List<CouncilAgency>();
        if (!root.TryGetProperty("members", out var list) || list.ValueKind == JsonValueKind.Null)
        {
            return [.. Council.Default.Members];
        }

        if (list.ValueKind != JsonValueKind.Array || list.GetArrayLength() is 0 or > Council.MaxMembers)
        {
            errors.Add("members", $"Danh sách cơ quan thành viên phải có từ 1 đến {Council.MaxMembers} cơ quan.");
            return members;
        }

        var index = 0;
        foreach (var item in list.EnumerateArray())
        {
            var path = $"members[{index++}]";
            var id = item.ValueKind == JsonValueKind.Object && item.TryGetProperty("agencyId", out var idValue) && idValue.ValueKind == JsonValueKind.String ? idValue.GetString() : null;
            var name = item.ValueKind == JsonValueKind.Object && item.TryGetProperty("name", out var nameValue) && nameValue.ValueKind == JsonValueKind.String
                ? VietnameseText.Clean(nameValue.GetString())
                : null;
            if (!Codes.IsAgencyCode(id))
            {
                errors.Add($"{path}.agencyId", "Mã cơ quan gồm chữ, số, \"-\" hoặc \"_\", tối đa 32 ký tự (ví dụ \"SNV\").");
                continue;
            }

            if (string.IsNullOrWhiteSpace(name) || name.Length > 200)
            {
                errors.Add($"{path}.name", $"Tên cơ quan {id} không được để trống và tối đa 200 ký tự.");
                continue;
            }

            if (members.Any(member => member.AgencyId == id))
            {
                errors.Add($"{path}.agencyId", $"Cơ quan {id} bị lặp trong danh sách thành viên.");
                continue;
            }

            members.Add(new CouncilAgency(id!, name));
        }

        return members;
    }

    private static Dictionary<string, IReadOnlyDictionary<string, string>> ReadAssignments(
        JsonElement root, Func<string, Catalogue?> catalogueOf, HashSet<string> members, ValidationErrors errors)
    {
        var result = new Dictionary<string, IReadOnlyDictionary<string, string>>(StringComparer.Ordinal);
        if (!root.TryGetProperty("assignments", out var sets) || sets.ValueKind == JsonValueKind.Null)
        {
            return result;
        }

        if (sets.ValueKind != JsonValueKind.Object)
        {
            errors.Add("assignments", "assignments phải là đối tượng { \"bộ chỉ số\": { \"mã tiêu chí\": \"mã cơ quan\" } }.");
            return result;
        }

        var count = 0;
        foreach (var set in sets.EnumerateObject())
        {
            var catalogue = Codes.IsTypeCode(set.Name) ? catalogueOf(set.Name) : null;
            if (catalogue is null || set.Value.ValueKind != JsonValueKind.Object)
            {
                errors.Add($"assignments.{set.Name}", $"Năm đánh giá chưa có bộ chỉ số \"{set.Name}\".");
                continue;
            }

            var codes = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var pair in set.Value.EnumerateObject())
            {
                var path = $"assignments.{set.Name}.{pair.Name}";
                if (++count > MaxAssignments)
                {
                    errors.Add("assignments", $"Tối đa {MaxAssignments} thay đổi phân công.");
                    return result;
                }

                var entry = catalogue.Find(pair.Name);
                var agency = pair.Value.ValueKind == JsonValueKind.String ? pair.Value.GetString() : null;
                if (entry is null)
                {
                    errors.Add(path, $"Bộ chỉ số {set.Name} không có tiêu chí \"{pair.Name}\".");
                }
                else if (entry.Section.Kind is SectionKind.Survey or SectionKind.Leaders)
                {
                    errors.Add(path, $"Tiêu chí {pair.Name} thuộc mục {entry.Section.Code}, không do Hội đồng thẩm định chấm.");
                }
                else if (agency is null || !members.Contains(agency))
                {
                    errors.Add(path, $"\"{agency}\" không phải cơ quan thành viên Hội đồng thẩm định.");
                }
                else
                {
                    codes[pair.Name] = agency;
                }
            }

            result[set.Name] = codes;
        }

        return result;
    }

    private static Dictionary<string, string> ReadSubstitutes(
        JsonElement root, IReadOnlyDictionary<string, Unit> units, HashSet<string> members, ValidationErrors errors)
    {
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        if (!root.TryGetProperty("substitutes", out var map) || map.ValueKind == JsonValueKind.Null)
        {
            return result;
        }

        if (map.ValueKind != JsonValueKind.Object)
        {
            errors.Add("substitutes", "substitutes phải là đối tượng { \"mã đơn vị\": \"mã cơ quan thay thế\" }.");
            return result;
        }

        foreach (var pair in map.EnumerateObject())
        {
            var path = $"substitutes.{pair.Name}";
            var agency = pair.Value.ValueKind == JsonValueKind.String ? pair.Value.GetString() : null;
            if (!units.TryGetValue(pair.Name, out var unit))
            {
                errors.Add(path, $"Năm đánh giá không có đơn vị \"{pair.Name}\".");
            }
            else if (unit.AgencyId is null || !members.Contains(unit.AgencyId))
            {
                errors.Add(path, $"{unit.Name} không phải cơ quan thành viên Hội đồng, nên không cần cơ quan thẩm định thay thế.");
            }
            else if (agency == unit.AgencyId)
            {
                errors.Add(path, $"Xung đột lợi ích: {unit.Name} không được tự thẩm định chính mình; hãy chọn cơ quan thành viên khác.");
            }
            else if (agency is null || !members.Contains(agency))
            {
                errors.Add(path, $"\"{agency}\" không phải cơ quan thành viên Hội đồng thẩm định.");
            }
            else
            {
                result[pair.Name] = agency;
            }
        }

        return result;
    }
}
