using System.Text.Json;
using Evaluation.Domain.Calendar;
using Evaluation.Domain.Catalogues;
using Evaluation.Domain.Common;
using Evaluation.Domain.Units;
using Evaluation.Domain.Years;
using Evaluation.Infrastructure.Assessments;
using Evaluation.Infrastructure.Storage;
using Evaluation.Web.Http;
using Evaluation.Web.Identity;
using Evaluation.Workflow;
using Microsoft.AspNetCore.Http;
using Microsoft.DurableTask.Client;

namespace Evaluation.Web.Endpoints;

/// <summary>
/// The working group's setup (API.md "Setup"): years, catalogues, units, people, and starting the year.
/// Each handler validates everything at the edge and writes only when all of it is right.
/// </summary>
public sealed class SetupEndpoints(
    EndpointRunner runner,
    Access access,
    YearStore years,
    CatalogueStore catalogues,
    UnitStore units,
    PersonStore people,
    AssessmentStore assessments,
    YearWorkflow workflow,
    TimeProvider clock)
{
    public Task<IResult> ListYears(HttpContext http) => runner.RunAsync(http, async () =>
    {
        await access.RequireSignedInAsync(http);
        var all = await years.ListAsync(http.RequestAborted);
        return ApiResults.Json(new YearsDto(all.Select(year => new YearSummaryDto(
            year.Year,
            EvaluationPhaseNames.ApiName(year.Phase),
            EvaluationPhaseNames.Vietnamese(year.Phase),
            year.StartedAt is { } started ? ProvinceTime.ToProvince(started) : null)).ToList()));
    });

    /// <summary><c>PUT /api/years/{year}</c>: create a year or change its calendar and settings (R-7.1).</summary>
    public Task<IResult> PutYear(HttpContext http, string year, DurableTaskClient durable) => runner.RunAsync(http, async () =>
    {
        var viewer = await access.RequireWorkingGroupAsync(http, "tạo và thiết lập năm đánh giá");
        var number = PathValues.Year(year);
        using var body = await ReadOptionalJsonAsync(http, RequestReader.SmallBody);
        var (setup, errors) = YearSetupReader.Read(body?.RootElement ?? default, number);
        if (setup is null)
        {
            throw ProblemException.Invalid(errors.ToDictionary());
        }

        var previous = await years.GetAsync(number, http.RequestAborted);
        if (previous is not null)
        {
            YearFreeze.Ensure(previous.Value);
        }

        var (saved, created) = await years.SaveSetupAsync(number, setup, RequestReader.IfMatch(http.Request), viewer.Email, clock.GetUtcNow(), http.RequestAborted);

        // A started year's orchestrations follow calendar changes (R-7.1).
        if (previous is { Value.IsStarted: true } && (previous.Value.Setup.Calendar != setup.Calendar || !previous.Value.Setup.Reminders.LeadTimes.SequenceEqual(setup.Reminders.LeadTimes)))
        {
            var unitIds = (await units.ListAsync(number, http.RequestAborted)).Select(record => record.Unit.UnitId).ToList();
            await workflow.NotifyCalendarChangedAsync(durable, number, new YearTimetable(setup.Calendar, setup.Reminders), unitIds, http.RequestAborted);
        }

        var dto = YearDto.From(saved.Value, await catalogues.ListAsync(number, http.RequestAborted));
        return ApiResults.Json(dto, created ? StatusCodes.Status201Created : StatusCodes.Status200OK, saved.ETag, created ? $"/{Routes.Year.Replace("{year}", year, StringComparison.Ordinal)}" : null);
    });

    public Task<IResult> GetYear(HttpContext http, string year) => runner.RunAsync(http, async () =>
    {
        await access.RequireSignedInAsync(http);
        var number = PathValues.Year(year);
        var stored = await RequireYearAsync(number, http);
        var dto = YearDto.From(stored.Value, await catalogues.ListAsync(number, http.RequestAborted));
        return ApiResults.Json(dto, etag: stored.ETag);
    });

    /// <summary><c>PUT /api/years/{year}/catalogues/{indexSet}</c>: load a catalogue; 422 names every problem (R-1.2, R-1.3).</summary>
    public Task<IResult> PutCatalogue(HttpContext http, string year, string indexSet) => runner.RunAsync(http, async () =>
    {
        var viewer = await access.RequireWorkingGroupAsync(http, "nạp bộ chỉ số");
        var number = PathValues.Year(year);
        var code = PathValues.IndexSet(indexSet);
        var stored = await RequireYearAsync(number, http);
        YearFreeze.Ensure(stored.Value);
        if (stored.Value.UnitType(code) is null)
        {
            throw ProblemException.Invalid(new Dictionary<string, string[]>
            {
                ["indexSet"] = [$"Năm {number} không có loại hình {code}; các loại hình là: {string.Join(", ", stored.Value.Setup.UnitTypes.Select(type => type.Code))}."],
            });
        }

        using var body = await RequestReader.ReadJsonAsync(http.Request, RequestReader.CatalogueBody);
        var read = CatalogueReader.Read(body.RootElement, code, number);
        if (!read.IsValid)
        {
            throw ProblemException.Invalid(read.Errors.ToDictionary(), $"Bộ chỉ số chưa được nạp: có {read.Errors.Count} lỗi cần sửa.");
        }

        if (stored.Value.IsStarted && await catalogues.GetAsync(number, code, http.RequestAborted) is { } current)
        {
            var differences = CatalogueComparison.ScoringDifferences(current, read.Catalogue!);
            if (differences.Count > 0)
            {
                throw new ProblemException(409, "Không thể thay bộ chỉ số",
                    $"Năm {number} đã bắt đầu: chỉ được sửa câu chữ, không được đổi tiêu chí hay thang điểm. {string.Join(" ", differences.Take(10))}");
            }
        }

        var summary = await catalogues.SaveAsync(read.Catalogue!, viewer.Email, clock.GetUtcNow(), http.RequestAborted);
        return ApiResults.Json(CatalogueSummaryDto.From(summary), etag: summary.Sha256);
    });

    public Task<IResult> GetCatalogue(HttpContext http, string year, string indexSet) => runner.RunAsync(http, async () =>
    {
        await access.RequireSignedInAsync(http);
        var number = PathValues.Year(year);
        var code = PathValues.IndexSet(indexSet);
        var stored = await catalogues.GetStoredAsync(number, code, http.RequestAborted)
            ?? throw ProblemException.NotFound($"Năm {number} chưa nạp bộ chỉ số {code}.");
        return new RawJson(CatalogueWriter.ToUtf8Json(stored.Catalogue), stored.Summary.Sha256);
    });

    public Task<IResult> ListCatalogues(HttpContext http, string year) => runner.RunAsync(http, async () =>
    {
        await access.RequireSignedInAsync(http);
        var number = PathValues.Year(year);
        await RequireYearAsync(number, http);
        var list = await catalogues.ListAsync(number, http.RequestAborted);
        return ApiResults.Json(list.Select(CatalogueSummaryDto.From).ToList());
    });

    /// <summary><c>PUT /api/years/{year}/units/{unitId}</c>: add or rename a unit of the year (Annex 1 is data, R-1.1).</summary>
    public Task<IResult> PutUnit(HttpContext http, string year, string unitId, DurableTaskClient durable) => runner.RunAsync(http, async () =>
    {
        await access.RequireWorkingGroupAsync(http, "cập nhật danh sách cơ quan, đơn vị");
        var number = PathValues.Year(year);
        var id = PathValues.UnitId(unitId);
        var stored = await RequireYearAsync(number, http);
        YearFreeze.Ensure(stored.Value);
        using var body = await RequestReader.ReadJsonAsync(http.Request, RequestReader.SmallBody);
        var unit = ReadUnit(body.RootElement, id, stored.Value);

        var (saved, created) = await units.SaveAsync(number, unit, RequestReader.IfMatch(http.Request), http.RequestAborted);
        if (stored.Value.IsStarted && created)
        {
            // A unit added after the start joins the running year straight away.
            await workflow.StartAsync(durable, number, new YearTimetable(stored.Value.Setup.Calendar, stored.Value.Setup.Reminders), [id], http.RequestAborted);
        }

        return ApiResults.Json(UnitDto.From(saved.Value, stored.Value), created ? StatusCodes.Status201Created : StatusCodes.Status200OK, saved.ETag);
    });

    /// <summary><c>GET /api/years/{year}/units</c>: every unit with its phase, by type then Vietnamese name order.</summary>
    public Task<IResult> GetUnits(HttpContext http, string year) => runner.RunAsync(http, async () =>
    {
        await access.RequireSignedInAsync(http);
        var number = PathValues.Year(year);
        var stored = await RequireYearAsync(number, http);
        var records = (await units.ListAsync(number, http.RequestAborted))
            .OrderBy(record => record.Unit.Type, StringComparer.Ordinal)
            .ThenBy(record => record.Unit.Name, Codes.VietnameseNameOrder)
            .ToList();

        // Progress reads every unit's form: skipped before the year starts, and on request (?progress=false) by
        // pages that only follow the phases.
        var withProgress = stored.Value.IsStarted && !string.Equals(http.Request.Query["progress"], "false", StringComparison.OrdinalIgnoreCase);
        var progress = withProgress ? await ProgressAsync(number, records, http.RequestAborted) : new Dictionary<string, UnitProgressDto>();
        var list = records.Select(record => UnitDto.From(record, stored.Value) with { Progress = progress.GetValueOrDefault(record.Unit.UnitId) }).ToList();
        return ApiResults.Json(new UnitsDto(number, list.Count, list));
    });

    /// <summary>Each unit's self-assessment progress, a few units at a time (one partition query each).</summary>
    private async Task<IReadOnlyDictionary<string, UnitProgressDto>> ProgressAsync(int year, IReadOnlyList<UnitRecord> records, CancellationToken cancellationToken)
    {
        var loaded = await catalogues.ForUnitsAsync(year, records, cancellationToken);

        var progress = new System.Collections.Concurrent.ConcurrentDictionary<string, UnitProgressDto>(StringComparer.Ordinal);
        await Parallel.ForEachAsync(
            records.Where(record => loaded[record.Unit.Type] is not null),
            new ParallelOptions { MaxDegreeOfParallelism = 8, CancellationToken = cancellationToken },
            async (record, token) =>
            {
                var data = await assessments.GetAsync(year, record.Unit.UnitId, token);
                progress[record.Unit.UnitId] = AssessmentView.Progress(loaded[record.Unit.Type]!, data);
            });
        return progress;
    }

    /// <summary><c>POST /api/years/{year}/start</c>: one orchestration for the province and one per unit; idempotent → 202.</summary>
    public Task<IResult> StartYear(HttpContext http, string year, DurableTaskClient durable) => runner.RunAsync(http, async () =>
    {
        await access.RequireWorkingGroupAsync(http, "bắt đầu năm đánh giá");
        var number = PathValues.Year(year);
        var stored = await RequireYearAsync(number, http);
        var unitList = await units.ListAsync(number, http.RequestAborted);
        if (unitList.Count == 0)
        {
            throw ProblemException.Conflict($"Năm {number} chưa có cơ quan, đơn vị nào; hãy nạp danh sách trước khi bắt đầu.");
        }

        var loaded = (await catalogues.ListAsync(number, http.RequestAborted)).Select(summary => summary.IndexSet).ToHashSet(StringComparer.Ordinal);
        var missing = unitList.Select(record => record.Unit.Type).Distinct(StringComparer.Ordinal).Where(type => !loaded.Contains(type)).Order(StringComparer.Ordinal).ToList();
        if (missing.Count > 0)
        {
            throw ProblemException.Conflict($"Chưa nạp bộ chỉ số cho loại hình {string.Join(", ", missing)}; các đơn vị thuộc loại hình này chưa thể tự đánh giá.");
        }

        var now = clock.GetUtcNow();
        var calendar = stored.Value.Setup.Calendar;
        await years.MarkStartedAsync(number, now, calendar.PhaseAt(now), http.RequestAborted);
        var summary = await workflow.StartAsync(durable, number, new YearTimetable(calendar, stored.Value.Setup.Reminders), unitList.Select(record => record.Unit.UnitId).ToList(), http.RequestAborted);
        var phase = calendar.PhaseAt(now);
        return ApiResults.Json(
            new StartYearDto(number, EvaluationPhaseNames.ApiName(phase), EvaluationPhaseNames.Vietnamese(phase), unitList.Count, summary.Scheduled, summary.AlreadyRunning),
            StatusCodes.Status202Accepted);
    });

    /// <summary><c>PUT /api/people/{email}</c>: a person's right in the directory (R-9).</summary>
    public Task<IResult> PutPerson(HttpContext http, string email) => runner.RunAsync(http, async () =>
    {
        await access.RequireWorkingGroupAsync(http, "phân quyền người dùng");
        var address = PathValues.Email(email);
        using var body = await RequestReader.ReadJsonAsync(http.Request, RequestReader.SmallBody);
        var person = ReadPerson(body.RootElement, address);
        var (saved, created) = await people.SaveAsync(person, RequestReader.IfMatch(http.Request), http.RequestAborted);
        return ApiResults.Json(PersonDto.From(saved.Value), created ? StatusCodes.Status201Created : StatusCodes.Status200OK, saved.ETag);
    });

    public Task<IResult> GetPerson(HttpContext http, string email) => runner.RunAsync(http, async () =>
    {
        var viewer = await access.RequireSignedInAsync(http);
        var address = PathValues.Email(email);
        if (!viewer.IsWorkingGroup && viewer.Email != address)
        {
            throw ProblemException.Forbidden("Chỉ Tổ công tác mới xem được thông tin phân quyền của người khác.");
        }

        var stored = await people.GetAsync(address, http.RequestAborted) ?? throw ProblemException.NotFound($"Chưa có {address} trong danh sách người dùng.");
        return ApiResults.Json(PersonDto.From(stored.Value), etag: stored.ETag);
    });

    public Task<IResult> ListPeople(HttpContext http) => runner.RunAsync(http, async () =>
    {
        await access.RequireWorkingGroupAsync(http, "xem danh sách người dùng");
        var list = (await people.ListAsync(http.RequestAborted)).OrderBy(person => person.Email, StringComparer.Ordinal).Select(PersonDto.From).ToList();
        return ApiResults.Json(new PeopleDto(list.Count, list));
    });

    /// <summary><c>GET /api/me</c>: who the system thinks the caller is, for the pages and for support.</summary>
    public Task<IResult> Me(HttpContext http) => runner.RunAsync(http, async () =>
    {
        var viewer = await access.RequireSignedInAsync(http);
        var role = viewer.IsWorkingGroup ? Role.WorkingGroup : viewer.Person?.Role;
        return ApiResults.Json(new MeDto(
            viewer.Email, viewer.DisplayName, role is { } r ? Roles.ApiName(r) : "none", viewer.RoleName, viewer.IsWorkingGroup, viewer.Person?.UnitId, viewer.Person?.AgencyId));
    });

    private async Task<Versioned<EvaluationYear>> RequireYearAsync(int year, HttpContext http) =>
        await years.GetAsync(year, http.RequestAborted)
        ?? throw ProblemException.NotFound($"Chưa có năm đánh giá {year}. Tổ công tác cần tạo năm trước.");

    /// <summary>A body that may be empty (PUT year with all defaults).</summary>
    private static async Task<JsonDocument?> ReadOptionalJsonAsync(HttpContext http, long maxBytes) =>
        http.Request.ContentLength == 0 && string.IsNullOrEmpty(http.Request.ContentType)
            ? null
            : await RequestReader.ReadJsonAsync(http.Request, maxBytes);

    private static Unit ReadUnit(JsonElement root, string unitId, EvaluationYear year)
    {
        var errors = new ValidationErrors();
        var fields = new BodyFields(root, errors, ["name", "type", "agencyId"]);
        var name = fields.RequiredText("name", "Tên cơ quan, đơn vị", maxLength: 200);
        var type = fields.RequiredText("type", "Loại hình", maxLength: 10);
        if (type is not null && year.UnitType(type) is null)
        {
            errors.Add("type", $"Loại hình \"{type}\" không có trong năm {year.Year}; các loại hình là: {string.Join(", ", year.Setup.UnitTypes.Select(t => $"{t.Code} ({t.Name})"))}.");
        }

        var agency = fields.OptionalText("agencyId", "Mã cơ quan thẩm định", maxLength: 32);
        if (agency is not null && !Codes.IsAgencyCode(agency))
        {
            errors.Add("agencyId", "Mã cơ quan chỉ gồm chữ, số, \"-\" và \"_\".");
        }

        return errors.IsEmpty ? new Unit(unitId, name!, type!, agency) : throw ProblemException.Invalid(errors.ToDictionary());
    }

    private static Person ReadPerson(JsonElement root, string email)
    {
        var errors = new ValidationErrors();
        var fields = new BodyFields(root, errors, ["name", "role", "unitId", "agencyId"]);
        var name = fields.RequiredText("name", "Họ và tên", maxLength: 200);
        var roleName = fields.RequiredText("role", "Vai trò", maxLength: 32);
        var role = Roles.Parse(roleName);
        if (roleName is not null && role is null)
        {
            errors.Add("role", "Vai trò phải là một trong: unitStaff, unitHead, appraiser, workingGroup, leader.");
        }

        var unitId = fields.OptionalText("unitId", "Mã đơn vị", maxLength: UnitIds.MaxLength);
        var agencyId = fields.OptionalText("agencyId", "Mã cơ quan thẩm định", maxLength: 32);
        var unitRole = role is Role.UnitStaff or Role.UnitHead;
        if (unitRole && unitId is null)
        {
            errors.Add("unitId", "Cán bộ và thủ trưởng đơn vị phải gắn với một đơn vị (unitId).");
        }
        else if (unitId is not null && !unitRole && role is not null)
        {
            errors.Add("unitId", "Chỉ cán bộ và thủ trưởng đơn vị mới gắn với đơn vị (unitId).");
        }
        else if (unitId is not null && !UnitIds.IsValid(unitId))
        {
            errors.Add("unitId", UnitIds.Rule);
        }

        if (role == Role.Appraiser && agencyId is null)
        {
            errors.Add("agencyId", "Người thẩm định phải gắn với một cơ quan thành viên Hội đồng thẩm định (agencyId).");
        }
        else if (agencyId is not null && role is not null && role != Role.Appraiser)
        {
            errors.Add("agencyId", "Chỉ người thẩm định mới gắn với cơ quan thẩm định (agencyId).");
        }
        else if (agencyId is not null && !Codes.IsAgencyCode(agencyId))
        {
            errors.Add("agencyId", "Mã cơ quan chỉ gồm chữ, số, \"-\" và \"_\".");
        }

        return errors.IsEmpty ? new Person(email, name!, role!.Value, unitId, agencyId) : throw ProblemException.Invalid(errors.ToDictionary());
    }

    /// <summary>A stored JSON document returned as it is, with its ETag.</summary>
    private sealed class RawJson(byte[] content, string? etag) : IResult
    {
        public async Task ExecuteAsync(HttpContext httpContext)
        {
            httpContext.Response.StatusCode = StatusCodes.Status200OK;
            httpContext.Response.ContentType = "application/json; charset=utf-8";
            if (etag is not null)
            {
                httpContext.Response.Headers.ETag = ApiResults.Quote(etag);
            }

            await httpContext.Response.Body.WriteAsync(content, httpContext.RequestAborted);
        }
    }
}
