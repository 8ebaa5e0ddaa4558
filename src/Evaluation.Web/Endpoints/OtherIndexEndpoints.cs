using Evaluation.Domain.Calendar;
using Evaluation.Domain.Catalogues;
using Evaluation.Domain.Common;
using Evaluation.Domain.OtherIndices;
using Evaluation.Domain.Units;
using Evaluation.Infrastructure.OtherIndices;
using Evaluation.Web.Http;
using Evaluation.Web.Identity;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Evaluation.Web.Endpoints;

/// <summary>
/// Scores of other indices the province already runs (R-1.4, Art. 3.1, 8.5): the working group imports a file of
/// each unit's value of an index (.xlsx or .csv), and the leaves that the catalogues score from that index take the
/// converted points. A file with any bad row imports nothing; a re-import replaces the index's values and keeps the
/// earlier imports; a published year refuses imports.
/// </summary>
public sealed class OtherIndexEndpoints(
    EndpointRunner runner, Access access, YearFiles yearFiles, OtherIndexStore store, TimeProvider clock, ILogger<OtherIndexEndpoints> logger)
{
    /// <summary><c>GET /api/years/{year}/other-indices</c> (working group): every index the catalogues name, values, points, gaps.</summary>
    public Task<IResult> List(HttpContext http, string year) => runner.RunAsync(http, async () =>
    {
        await access.RequireWorkingGroupAsync(http, "xem kết quả các chỉ số khác");
        var setup = await yearFiles.LoadYearAsync(PathValues.Year(year), http.RequestAborted);
        var currentTask = store.CurrentValuesAsync(setup.Year.Year, http.RequestAborted);
        var importsTask = store.ImportsAsync(setup.Year.Year, http.RequestAborted);
        await Task.WhenAll(currentTask, importsTask);
        var current = await currentTask;
        var imports = await importsTask;
        var indices = Named(setup).Select(index => Index(setup, index, current.GetValueOrDefault(index.Code), imports)).ToList();
        return ApiResults.Json(new OtherIndicesDto(setup.Year.Year, !setup.Year.IsPublished, setup.Year.IsPublished ? YearFreeze.Message(setup.Year) : null, indices));
    });

    /// <summary><c>PUT /api/years/{year}/other-indices/{indexCode}</c> (working group): multipart field <c>file</c>, .xlsx or .csv.</summary>
    public Task<IResult> Import(HttpContext http, string year, string indexCode) => runner.RunAsync(http, async () =>
    {
        var viewer = await access.RequireWorkingGroupAsync(http, "nhập kết quả chỉ số khác");
        var setup = await yearFiles.LoadYearAsync(PathValues.Year(year), http.RequestAborted);
        YearFreeze.Ensure(setup.Year);
        var code = VietnameseText.Clean(indexCode) ?? string.Empty;
        var index = Named(setup).FirstOrDefault(named => string.Equals(named.Code, code, StringComparison.Ordinal))
            ?? throw ProblemException.NotFound($"Không bộ chỉ số nào của năm {setup.Year.Year} có tiêu chí lấy điểm từ chỉ số \"{code}\" (otherIndex.code trong bộ chỉ số).");

        var (fileName, content) = await MultipartUpload.ReadFileAsync(
            http, OtherIndexFile.MaxBytes, "Tệp kết quả chỉ số phải được gửi dạng multipart/form-data, trường \"file\" (.xlsx hoặc .csv).", TooLarge);
        var file = OtherIndexFile.Read(fileName, content);
        if (file.Problem is not null)
        {
            throw ProblemException.BadRequest("file", file.Problem);
        }

        var check = OtherIndexImport.Check(index.Code, file.Rows, setup.Units.Select(unit => unit.Unit).ToList(), setup.Catalogues);
        if (!check.IsValid)
        {
            throw ProblemException.Invalid(check.Errors.ToDictionary(),
                $"Tệp {fileName} có {check.Errors.Count} lỗi; chưa nhập giá trị nào của {index.Title}. Sửa các dòng được nêu rồi nhập lại cả tệp.");
        }

        var import = await store.ImportAsync(setup.Year.Year, index.Code, check.Values, fileName, viewer.Email, clock.GetUtcNow(), http.RequestAborted);
        logger.LogInformation("Other index {IndexCode} of {Year} imported by {Email} from {FileName}: {Count} units", index.Code, setup.Year.Year, viewer.Email, fileName, import.UnitCount);
        var values = await store.ValuesAsync(setup.Year.Year, import, http.RequestAborted);
        var imports = await store.ImportsAsync(setup.Year.Year, http.RequestAborted);
        return ApiResults.Json(Index(setup, index, values.ToDictionary(value => value.UnitId, StringComparer.Ordinal), imports));
    });

    /// <summary>An index the year's catalogues name, with the leaves (per index set) that take their score from it.</summary>
    private sealed record NamedIndex(string Code, string Title, IReadOnlyList<(string IndexSet, Criterion Leaf)> Leaves);

    /// <summary>Every index named by the year's catalogues, in the order of index sets and criteria; the first title wins.</summary>
    private static List<NamedIndex> Named(YearSetupContext setup) =>
        setup.Catalogues.Values.OrderBy(catalogue => catalogue.IndexSet, StringComparer.Ordinal)
            .SelectMany(catalogue => OtherIndexPoints.Leaves(catalogue).Select(entry => (catalogue.IndexSet, Leaf: entry.Criterion)))
            .GroupBy(item => item.Leaf.OtherIndex!.Code, StringComparer.Ordinal)
            .Select(group => new NamedIndex(group.Key, group.First().Leaf.OtherIndex!.Title, group.ToList()))
            .ToList();

    private static OtherIndexDto Index(
        YearSetupContext setup, NamedIndex index, IReadOnlyDictionary<string, OtherIndexValueRecord>? values, IReadOnlyList<OtherIndexImportRecord> imports)
    {
        var criteria = index.Leaves.Select(item => new OtherIndexCriterionDto(
            item.IndexSet, item.Leaf.Code, item.Leaf.Title, item.Leaf.MaxScore, item.Leaf.OtherIndex!.RuleName, item.Leaf.OtherIndex.Describe(item.Leaf.MaxScore))).ToList();
        var units = new List<OtherIndexUnitDto>();
        var missing = new List<OtherIndexMissingDto>();
        foreach (var unit in setup.Units.Select(record => record.Unit).Where(unit => index.Leaves.Any(item => item.IndexSet == unit.Type)))
        {
            if (values?.GetValueOrDefault(unit.UnitId) is not { } value)
            {
                missing.Add(new OtherIndexMissingDto(unit.UnitId, unit.Name, unit.Type));
                continue;
            }

            units.Add(new OtherIndexUnitDto(unit.UnitId, unit.Name, unit.Type, value.Value, Points(index, unit, value.Value)));
        }

        var history = imports.Where(import => import.IndexCode == index.Code).Select(Import).ToList();
        var currentId = values?.Values.FirstOrDefault()?.ImportId;
        return new OtherIndexDto(index.Code, index.Title, criteria, history.FirstOrDefault(import => import.ImportId == currentId), units, missing, history);
    }

    private static List<OtherIndexPointsDto> Points(NamedIndex index, Unit unit, decimal value) =>
        index.Leaves.Where(item => item.IndexSet == unit.Type)
            .Select(item => new OtherIndexPointsDto(
                item.Leaf.Code, item.Leaf.OtherIndex!.Points(value, item.Leaf.MaxScore), item.Leaf.MaxScore, item.Leaf.OtherIndex.Explain(value, item.Leaf.MaxScore)))
            .ToList();

    private static OtherIndexImportDto Import(OtherIndexImportRecord import) =>
        new(import.ImportId, import.FileName, import.ImportedBy, ProvinceTime.ToProvince(import.ImportedAt), import.UnitCount);

    private static ProblemException TooLarge() =>
        new(413, "Tệp quá lớn", $"Tệp kết quả chỉ số vượt quá {OtherIndexFile.MaxBytes / 1024 / 1024} MB (tối đa {OtherIndexFile.MaxRows} dòng).");
}
