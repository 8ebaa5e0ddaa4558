using System.Globalization;
using System.Text;
using Evaluation.Domain.Calendar;
using Evaluation.Domain.Common;
using Evaluation.Domain.Units;
using Evaluation.Domain.Years;
using Evaluation.Infrastructure.Storage;
using Evaluation.Web.Http;
using Evaluation.Web.Identity;
using Microsoft.AspNetCore.Http;
using static Evaluation.Web.Pages.PageLayout;

namespace Evaluation.Web.Pages;

/// <summary>
/// The start page (<c>GET /app</c>): after sign-in, the years, their units by type and each unit's phase; for the
/// working group, forms to create a year (or move its dates), load a catalogue and start the year.
/// The forms call the same public API as any other client; phases refresh without reloading.
/// </summary>
public sealed class StartPage(EndpointRunner runner, Access access, YearStore years, UnitStore units, CatalogueStore catalogues, TimeProvider clock)
{
    public const string LoginPath = "/.auth/login/aad";
    public const string LogoutPath = "/.auth/logout";

    public Task<IResult> Get(HttpContext http) => runner.RunPageAsync(http, async () =>
    {
        var viewer = await access.IdentifyAsync(http);
        if (viewer is null)
        {
            var returnTo = Uri.EscapeDataString("/" + Routes.StartPage);
            // Published results are everyone's: their pages are linked without signing in.
            var publishedLinks = string.Concat((await years.ListAsync(http.RequestAborted)).Where(year => year.IsPublished).Select(year =>
                $"<li><a class=\"results-link\" href=\"{E(Routes.Path(Routes.ResultsPage, ("year", year.Year.ToString(CultureInfo.InvariantCulture))))}\">Kết quả xếp loại năm {year.Year}</a></li>"));
            var body = $"""
                <section class="card"><h1>Đăng nhập</h1>
                <p>Bạn chưa đăng nhập. Vui lòng đăng nhập bằng tài khoản công vụ để tự đánh giá, thẩm định hoặc quản lý năm đánh giá.</p>
                <p><a id="sign-in" href="{LoginPath}?post_login_redirect_uri={returnTo}"><button type="button">Đăng nhập</button></a></p></section>
                {(publishedLinks.Length == 0 ? string.Empty : $"<section class=\"card\" id=\"published-results\"><h2>Kết quả đã công bố</h2><ul>{publishedLinks}</ul></section>")}
                """;
            return ApiResults.Html(Render("Đăng nhập", body));
        }

        var allYears = await years.ListAsync(http.RequestAborted);
        var selected = SelectYear(http, allYears);
        var html = new StringBuilder();
        html.Append("<h1>Trang chủ</h1>");
        html.Append("<section class=\"card\"><h2>Năm đánh giá</h2>");
        if (allYears.Count == 0)
        {
            html.Append("<p class=\"muted\">Chưa có năm đánh giá nào.</p>");
        }
        else
        {
            html.Append("<nav class=\"years\">");
            foreach (var year in allYears)
            {
                var current = year.Year == selected?.Year ? " class=\"current\"" : string.Empty;
                html.Append(CultureInfo.InvariantCulture, $"<a{current} href=\"/{Routes.StartPage}?year={year.Year}\">Năm {year.Year} · {E(EvaluationPhaseNames.Vietnamese(year.Phase))}</a>");
            }

            html.Append("</nav>");
        }

        html.Append("</section>");

        if (selected is not null)
        {
            await AppendYearAsync(html, selected, viewer, http);
        }

        if (viewer.IsWorkingGroup)
        {
            AppendWorkingGroupForms(html, selected, allYears, ProvinceTime.ToProvince(clock.GetUtcNow()).Year);
        }

        var userBar = UserBar(viewer, homeLink: null);
        var script = Script.Replace("__YEAR__", selected?.Year.ToString(CultureInfo.InvariantCulture) ?? "null", StringComparison.Ordinal)
            .Replace("__LIVE__", selected is { IsStarted: true } ? "true" : "false", StringComparison.Ordinal);
        return ApiResults.Html(Render("Trang chủ", html.ToString(), userBar, script));
    });

    private EvaluationYear? SelectYear(HttpContext http, IReadOnlyList<EvaluationYear> allYears)
    {
        if (int.TryParse(http.Request.Query["year"], NumberStyles.None, CultureInfo.InvariantCulture, out var asked)
            && allYears.FirstOrDefault(year => year.Year == asked) is { } chosen)
        {
            return chosen;
        }

        // By default the year whose cycle is under way now, else the newest.
        var thisYear = ProvinceTime.ToProvince(clock.GetUtcNow()).Year;
        return allYears.FirstOrDefault(year => year.Year == thisYear) ?? (allYears.Count > 0 ? allYears[0] : null);
    }

    private async Task AppendYearAsync(StringBuilder html, EvaluationYear year, Viewer viewer, HttpContext http)
    {
        var unitList = await units.ListAsync(year.Year, http.RequestAborted);
        var yearText = year.Year.ToString(CultureInfo.InvariantCulture);
        string AssessmentLink(string unitId) => Routes.Path(Routes.AssessmentPage, ("year", yearText), ("unitId", unitId));

        // Unit staff and heads: straight to their unit's form (journey 2).
        if (viewer.Person?.UnitId is { } ownUnit && unitList.FirstOrDefault(record => record.Unit.UnitId == ownUnit) is { } own)
        {
            html.Append(CultureInfo.InvariantCulture, $"<section class=\"card\" id=\"my-unit\"><h2>{E(own.Unit.Name)}</h2>");
            html.Append(CultureInfo.InvariantCulture, $"<p><a id=\"my-assessment\" href=\"{E(AssessmentLink(ownUnit))}\"><button type=\"button\">Tự đánh giá của đơn vị</button></a> <span class=\"muted\">năm {yearText}</span></p></section>");
        }

        // The working group: the year's dashboard (every unit's progress and what is overdue).
        if (viewer.IsWorkingGroup)
        {
            var dashboardLink = Routes.Path(Routes.DashboardPage, ("year", yearText));
            html.Append(CultureInfo.InvariantCulture, $"<section class=\"card\" id=\"my-dashboard\"><h2>Bảng theo dõi</h2>");
            html.Append(CultureInfo.InvariantCulture, $"<p><a class=\"dashboard-link\" href=\"{E(dashboardLink)}\"><button type=\"button\">Bảng theo dõi tiến độ năm {yearText}</button></a> <span class=\"muted\">giai đoạn, tiến độ tự đánh giá và thẩm định, việc quá hạn của từng đơn vị</span></p></section>");

            // The survey (R-4, section V): questionnaires, ballots, re-verification, links to respondents.
            var surveyLink = Routes.Path(Routes.SurveyPage, ("year", yearText));
            html.Append(CultureInfo.InvariantCulture, $"<section class=\"card\" id=\"my-survey\"><h2>Điều tra xã hội học</h2>");
            html.Append(CultureInfo.InvariantCulture, $"<p><a id=\"survey-link\" href=\"{E(surveyLink)}\"><button type=\"button\">Khảo sát năm {yearText}</button></a> <span class=\"muted\">bảng câu hỏi, nhập phiếu, phúc tra, điểm nội dung V của từng đơn vị</span></p></section>");

            // Other indices: each unit's value of the indices the catalogues score leaves from.
            var otherIndicesLink = Routes.Path(Routes.OtherIndicesPage, ("year", yearText));
            html.Append(CultureInfo.InvariantCulture, $"<section class=\"card\" id=\"my-other-indices\"><h2>Các chỉ số khác</h2>");
            html.Append(CultureInfo.InvariantCulture, $"<p><a id=\"other-indices-link\" href=\"{E(otherIndicesLink)}\"><button type=\"button\">Kết quả các chỉ số khác năm {yearText}</button></a> <span class=\"muted\">nhập giá trị của từng đơn vị (xếp hạng chính quyền điện tử, DDCI…), điểm quy đổi của các tiêu chí</span></p></section>");
        }

        // Appraisers and the working group: the council's work page (journey 4).
        if (viewer.IsWorkingGroup || viewer.Person?.Role == Role.Appraiser)
        {
            var appraisalLink = Routes.Path(Routes.AppraisalPage, ("year", yearText));
            html.Append(CultureInfo.InvariantCulture, $"<section class=\"card\" id=\"my-appraisal\"><h2>Thẩm định</h2>");
            html.Append(CultureInfo.InvariantCulture, $"<p><a class=\"appraisal-link\" href=\"{E(appraisalLink)}\"><button type=\"button\">Trang thẩm định năm {yearText}</button></a> <span class=\"muted\">hàng đợi, tiến độ{(viewer.IsWorkingGroup ? ", Hội đồng thẩm định" : string.Empty)}</span></p></section>");
        }

        // Leaders: their ballot (Annex 2, R-5), the same page the personal link opens.
        if (viewer.Person?.Role == Role.Leader)
        {
            var ballotLink = Routes.Path(Routes.LeaderBallotPage, ("year", yearText));
            html.Append(CultureInfo.InvariantCulture, $"<section class=\"card\" id=\"my-ballot\"><h2>Phiếu chấm điểm của Lãnh đạo UBND tỉnh</h2>");
            html.Append(CultureInfo.InvariantCulture, $"<p><a id=\"leader-ballot-link\" href=\"{E(ballotLink)}\"><button type=\"button\">Chấm điểm năm {yearText}</button></a> <span class=\"muted\">từ {E(ProvinceTime.Format(year.LeaderScoringOpens))} đến {E(ProvinceTime.FormatDeadline(year.LeaderScoringCloses))}</span></p></section>");
        }

        // Results: everyone's once published, the unit's own result for its people; the working group also
        // sees the draft from the ranking on, with the workbook and the printable table for the PC's decision.
        if (year.IsPublished || (viewer.IsWorkingGroup && year.Phase >= EvaluationPhase.Ranking))
        {
            html.Append(CultureInfo.InvariantCulture, $"<section class=\"card\" id=\"my-results\"><h2>Kết quả xếp loại</h2><p><a class=\"results-link\" href=\"{E(Routes.Path(Routes.ResultsPage, ("year", yearText)))}\"><button type=\"button\">Kết quả xếp loại năm {yearText}</button></a>");
            if (year.IsPublished && viewer.Person?.UnitId is { } resultUnit)
            {
                html.Append(CultureInfo.InvariantCulture, $" <a id=\"my-result\" href=\"{E(Routes.Path(Routes.UnitResultPage, ("year", yearText), ("unitId", resultUnit)))}\">Kết quả của đơn vị</a>");
            }

            if (viewer.IsWorkingGroup)
            {
                html.Append(CultureInfo.InvariantCulture, $" <a id=\"results-workbook\" href=\"{E(Routes.Path(Routes.ResultsWorkbook, ("year", yearText)))}\">Tải tệp .xlsx</a> · <a id=\"results-print\" href=\"{E(Routes.Path(Routes.PrintableResultsPage, ("year", yearText)))}\">Bản in</a>");
            }

            html.Append(year.IsPublished ? string.Empty : " <span class=\"muted\">chưa công bố</span>").Append("</p></section>");
        }

        var loaded = await catalogues.ListAsync(year.Year, http.RequestAborted);
        var calendar = year.Setup.Calendar;

        html.Append(CultureInfo.InvariantCulture, $"<section class=\"card\" id=\"year-{year.Year}\"><h2>Năm {year.Year}</h2>");
        html.Append(CultureInfo.InvariantCulture, $"<p>Giai đoạn: <span class=\"phase {EvaluationPhaseNames.ApiName(year.Phase)}\" id=\"year-phase\">{E(EvaluationPhaseNames.Vietnamese(year.Phase))}</span>");
        html.Append(year.StartedAt is { } started ? $" · bắt đầu lúc {E(ProvinceTime.Format(started))}" : " · Tổ công tác chưa bắt đầu năm này").Append("</p>");

        html.Append("<div class=\"grid\"><div><h3>Lịch (giờ Việt Nam)</h3><table><tbody>");
        var dues = calendar.InOrder();
        for (var i = 0; i < dues.Count; i++)
        {
            html.Append(CultureInfo.InvariantCulture, $"<tr><th>{E(YearCalendar.Fields[i].Label)}</th><td data-due=\"{YearCalendar.Fields[i].Field}\">{E(ProvinceTime.FormatDeadline(dues[i]))}</td></tr>");
        }

        html.Append("</tbody></table></div><div><h3>Bộ chỉ số</h3><table><tbody>");
        foreach (var type in year.Setup.UnitTypes)
        {
            var catalogue = loaded.FirstOrDefault(summary => summary.IndexSet == type.Code);
            var state = catalogue is null
                ? "<span class=\"muted\">chưa nạp</span>"
                : $"{E(catalogue.Title)}<br><span class=\"muted\">{catalogue.LeafCount} tiêu chí chấm điểm · nạp lúc {E(ProvinceTime.Format(catalogue.UploadedAt))}</span>";
            html.Append(CultureInfo.InvariantCulture, $"<tr id=\"catalogue-{E(type.Code)}\"><th>Chỉ số {E(type.Code)}</th><td>{state}</td></tr>");
        }

        html.Append("</tbody></table></div></div></section>");

        html.Append(CultureInfo.InvariantCulture, $"<section class=\"card\"><h2>Cơ quan, đơn vị ({unitList.Count})</h2>");
        foreach (var type in year.Setup.UnitTypes)
        {
            var ofType = unitList.Where(record => record.Unit.Type == type.Code).OrderBy(record => record.Unit.Name, Codes.VietnameseNameOrder).ToList();
            html.Append(CultureInfo.InvariantCulture, $"<h3>{E(type.Code)} · {E(type.Name)} ({ofType.Count})</h3>");
            if (ofType.Count == 0)
            {
                html.Append("<p class=\"muted\">Chưa có đơn vị.</p>");
                continue;
            }

            html.Append("<table><thead><tr><th>Cơ quan, đơn vị</th><th>Giai đoạn</th><th>Từ lúc</th></tr></thead><tbody>");
            foreach (var record in ofType)
            {
                var phase = EvaluationPhaseNames.ApiName(record.Phase);
                var since = record.PhaseSince is { } at ? ProvinceTime.Format(at) : string.Empty;
                var name = viewer.IsWorkingGroup
                    ? $"<a class=\"assessment-link\" href=\"{E(AssessmentLink(record.Unit.UnitId))}\">{E(record.Unit.Name)}</a>"
                    : E(record.Unit.Name);
                html.Append(CultureInfo.InvariantCulture,
                    $"<tr data-unit-id=\"{E(record.Unit.UnitId)}\"><td>{name}</td><td><span class=\"phase {phase}\">{E(EvaluationPhaseNames.Vietnamese(record.Phase))}</span></td><td class=\"since\">{E(since)}</td></tr>");
            }

            html.Append("</tbody></table>");
        }

        html.Append("</section>");
    }

    private static void AppendWorkingGroupForms(StringBuilder html, EvaluationYear? selected, IReadOnlyList<EvaluationYear> allYears, int currentYear)
    {
        var nextYear = (allYears.Count == 0 ? currentYear : allYears.Max(year => year.Year) + 1).ToString(CultureInfo.InvariantCulture);
        var formYear = selected?.Year.ToString(CultureInfo.InvariantCulture) ?? nextYear;
        html.Append("<section class=\"card\" id=\"working-group\"><h2>Tổ công tác</h2>");

        html.Append("<h3>Tạo năm đánh giá hoặc điều chỉnh lịch</h3>");
        html.Append("<p class=\"muted\">Để trống một mốc để dùng ngày mặc định theo Quy định (Điều 7). Giờ theo giờ Việt Nam.</p>");
        html.Append(CultureInfo.InvariantCulture, $"<form id=\"year-form\" class=\"inline\"><label>Năm<input id=\"year-number\" name=\"year\" type=\"number\" min=\"{EvaluationYear.MinYear}\" max=\"{EvaluationYear.MaxYear}\" value=\"{formYear}\" required></label>");
        var defaults = selected?.Setup.Calendar;
        for (var i = 0; i < YearCalendar.Fields.Count; i++)
        {
            var value = defaults is null ? string.Empty : ProvinceTime.ToProvince(defaults.InOrder()[i]).ToString("yyyy-MM-dd'T'HH:mm", CultureInfo.InvariantCulture);
            html.Append(CultureInfo.InvariantCulture, $"<label>{E(YearCalendar.Fields[i].Label)}<input type=\"datetime-local\" name=\"{YearCalendar.Fields[i].Field}\" value=\"{value}\"></label>");
        }

        html.Append("<button type=\"submit\">Lưu năm đánh giá</button></form><div class=\"message\" id=\"year-message\"></div>");

        if (selected is not null)
        {
            html.Append(CultureInfo.InvariantCulture, $"<h3>Nạp bộ chỉ số năm {selected.Year}</h3>");
            html.Append("<form id=\"catalogue-form\" class=\"inline\"><label>Bộ chỉ số<select id=\"catalogue-index-set\" name=\"indexSet\">");
            foreach (var type in selected.Setup.UnitTypes)
            {
                html.Append(CultureInfo.InvariantCulture, $"<option value=\"{E(type.Code)}\">Chỉ số {E(type.Code)} – {E(type.Name)}</option>");
            }

            html.Append("</select></label><label>Tệp bộ chỉ số (.json)<input id=\"catalogue-file\" name=\"file\" type=\"file\" accept=\".json,application/json\" required></label>");
            html.Append("<button type=\"submit\">Nạp bộ chỉ số</button></form><div class=\"message\" id=\"catalogue-message\"></div>");

            html.Append(CultureInfo.InvariantCulture, $"<h3>Bắt đầu năm {selected.Year}</h3>");
            html.Append("<p class=\"muted\">Khởi động quy trình của tỉnh và của từng cơ quan, đơn vị theo lịch. Bấm lại không tạo trùng.</p>");
            html.Append(CultureInfo.InvariantCulture, $"<button id=\"start-year\" class=\"danger\" type=\"button\">Bắt đầu năm đánh giá {selected.Year}</button><div class=\"message\" id=\"start-message\"></div>");
        }

        html.Append("</section>");
    }

    // The page's behaviour: API calls with the same problem+json errors every client sees, shown in Vietnamese.
    private const string Script = """
        const year = __YEAR__;
        const live = __LIVE__;
        function show(id, ok, text, errors) {
          const box = document.getElementById(id);
          box.className = 'message ' + (ok ? 'ok' : 'error');
          box.textContent = text;
          if (errors) {
            const list = document.createElement('ul');
            for (const [field, messages] of Object.entries(errors)) {
              for (const m of messages) { const li = document.createElement('li'); li.textContent = m; li.dataset.field = field; list.appendChild(li); }
            }
            box.appendChild(list);
          }
        }
        async function call(method, url, body) {
          const options = { method, headers: {} };
          if (body !== undefined) { options.headers['Content-Type'] = 'application/json'; options.body = typeof body === 'string' ? body : JSON.stringify(body); }
          let response;
          try { response = await fetch(url, options); } catch { return { ok: false, problem: { title: 'Không kết nối được máy chủ. Kiểm tra mạng rồi thử lại.' } }; }
          const text = await response.text();
          let data = null; try { data = text ? JSON.parse(text) : null; } catch { data = null; }
          return response.ok ? { ok: true, data } : { ok: false, problem: data || { title: 'Lỗi ' + response.status } };
        }
        function problemText(p) { return (p.title || 'Có lỗi') + (p.detail ? ': ' + p.detail : ''); }
        async function busy(button, work) { button.disabled = true; try { await work(); } finally { button.disabled = false; } }

        const yearForm = document.getElementById('year-form');
        // The dates shown belong to the year on screen; another year number starts from the regulation's defaults.
        if (yearForm) document.getElementById('year-number').addEventListener('input', e => {
          for (const input of yearForm.querySelectorAll('input[type=datetime-local]')) {
            input.value = (String(year) === e.target.value) ? input.defaultValue : '';
          }
        });
        if (yearForm) yearForm.addEventListener('submit', e => {
          e.preventDefault();
          busy(yearForm.querySelector('button'), async () => {
            const number = document.getElementById('year-number').value;
            const calendar = {};
            for (const input of yearForm.querySelectorAll('input[type=datetime-local]')) {
              if (input.value) calendar[input.name] = input.value + ':00+07:00';
            }
            const r = await call('PUT', '/api/years/' + encodeURIComponent(number), { calendar });
            if (r.ok) { show('year-message', true, 'Đã lưu năm đánh giá ' + r.data.year + '.'); setTimeout(() => location.href = '/app?year=' + r.data.year, 800); }
            else show('year-message', false, problemText(r.problem), r.problem.errors);
          });
        });

        const catalogueForm = document.getElementById('catalogue-form');
        if (catalogueForm) catalogueForm.addEventListener('submit', e => {
          e.preventDefault();
          busy(catalogueForm.querySelector('button'), async () => {
            const file = document.getElementById('catalogue-file').files[0];
            const indexSet = document.getElementById('catalogue-index-set').value;
            if (!file) { show('catalogue-message', false, 'Chưa chọn tệp bộ chỉ số.'); return; }
            if (file.size > 2 * 1024 * 1024) { show('catalogue-message', false, 'Tệp lớn hơn 2 MB, không phải tệp bộ chỉ số.'); return; }
            show('catalogue-message', true, 'Đang nạp ' + file.name + '…');
            const r = await call('PUT', '/api/years/' + year + '/catalogues/' + encodeURIComponent(indexSet), await file.text());
            if (r.ok) { show('catalogue-message', true, 'Đã nạp bộ chỉ số ' + r.data.indexSet + ': ' + r.data.leafCount + ' tiêu chí chấm điểm.'); setTimeout(() => location.reload(), 1200); }
            else show('catalogue-message', false, problemText(r.problem), r.problem.errors);
          });
        });

        const startButton = document.getElementById('start-year');
        if (startButton) startButton.addEventListener('click', () => {
          if (!confirm('Bắt đầu năm đánh giá ' + year + '? Các cơ quan, đơn vị sẽ bước vào giai đoạn theo lịch.')) return;
          busy(startButton, async () => {
            show('start-message', true, 'Đang khởi động quy trình cho các cơ quan, đơn vị…');
            const r = await call('POST', '/api/years/' + year + '/start');
            if (r.ok) { show('start-message', true, 'Đã bắt đầu năm ' + r.data.year + ': ' + r.data.unitCount + ' cơ quan, đơn vị (' + r.data.scheduled + ' quy trình mới khởi động). Giai đoạn: ' + r.data.phaseName + '.'); refreshUnits(); setInterval(refreshUnits, 5000); }
            else show('start-message', false, problemText(r.problem), r.problem.errors);
          });
        });

        async function refreshUnits() {
          if (year === null) return;
          const r = await call('GET', '/api/years/' + year + '/units?progress=false');
          if (!r.ok) return;
          for (const unit of r.data.units) {
            const row = document.querySelector('tr[data-unit-id="' + CSS.escape(unit.unitId) + '"]');
            if (!row) continue;
            const badge = row.querySelector('.phase');
            badge.className = 'phase ' + unit.phase;
            badge.textContent = unit.phaseName;
            row.querySelector('.since').textContent = unit.phaseSince ? new Date(unit.phaseSince).toLocaleString('vi-VN', { timeZone: 'Asia/Ho_Chi_Minh' }) : '';
          }
          const y = await call('GET', '/api/years/' + year);
          if (y.ok) { const b = document.getElementById('year-phase'); b.className = 'phase ' + y.data.phase; b.textContent = y.data.phaseName; }
        }
        if (live) setInterval(refreshUnits, 5000);
        """;
}
