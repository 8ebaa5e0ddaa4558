using System.Text.Json;
using Evaluation.Web.Http;
using Microsoft.AspNetCore.Http;
using static Evaluation.Web.Pages.PageLayout;

namespace Evaluation.Web.Pages;

/// <summary>
/// The working group's survey page (<c>GET /app/years/{year}/survey</c>, R-4.1–, journey 6): every unit's
/// ballots per group against the quota and its section V points; each index set's questionnaire (saving the draft);
/// the spreadsheet import with its row errors; and a unit's detail: the conversion with its inputs, the ballots with
/// their re-verification, the respondents with their personal links and invitations. The server renders the frame;
/// the script (survey.js) works against the survey API, which decides every right and every rule. The chosen tab,
/// index set and unit live in the address, so a reload keeps them.
/// </summary>
public sealed class SurveyPage(EndpointRunner runner, WorkingGroupPageGate gate)
{
    public Task<IResult> Get(HttpContext http, string year) => runner.RunPageAsync(http, async () =>
    {
        var (page, signIn) = await gate.OpenAsync(http, Routes.SurveyPage, year, "trang khảo sát");
        if (page is null)
        {
            return signIn!;
        }

        var (_, evaluationYear, yearText, login, startLink, userBar) = page;
        var number = evaluationYear.Year;
        string Api(string route) => Routes.Path(route, ("year", yearText));

        // Templates keep their other {placeholders}; the script fills them (encoded) from the chosen index set, unit, respondent.
        var config = JsonSerializer.Serialize(new
        {
            year = number,
            types = evaluationYear.Setup.UnitTypes.Select(type => new { code = type.Code, name = type.Name }),
            overviewApi = Api(Routes.SurveyOverview),
            questionnaireApi = Api(Routes.Questionnaire),
            respondentsApi = Api(Routes.SurveyRespondents),
            linkApi = Api(Routes.SurveyLink),
            invitationsApi = Api(Routes.SurveyInvitations),
            templateApi = Api(Routes.SurveyTemplate),
            importApi = Api(Routes.SurveyImport),
            verificationApi = Api(Routes.SurveyVerification),
            unitSurveyApi = Api(Routes.UnitSurvey),
            login,
        });
        var html = $"""
            <style>{PageResources.Read("survey.css")}</style>
            <nav class="crumbs"><a href="{startLink}">Trang chủ</a> › Năm {yearText} › Khảo sát</nav>
            <h1 id="survey-title">Điều tra xã hội học năm {yearText} (nội dung V)</h1>
            <noscript><section class="card"><p>Trang khảo sát cần bật JavaScript trong trình duyệt.</p></section></noscript>
            <nav class="tabs" role="tablist">
              <button type="button" class="tab" role="tab" data-tab="overview" id="tab-overview">Tổng hợp</button>
              <button type="button" class="tab" role="tab" data-tab="questionnaire" id="tab-questionnaire">Bảng câu hỏi</button>
              <button type="button" class="tab" role="tab" data-tab="import" id="tab-import">Nhập phiếu từ Excel</button>
              <button type="button" class="tab" role="tab" data-tab="unit" id="tab-unit">Đơn vị</button>
            </nav>
            <div id="load-state" class="message ok" role="status">Đang tải số liệu khảo sát…</div>
            <div id="view-overview" class="view" hidden></div>
            <div id="view-questionnaire" class="view" hidden></div>
            <div id="view-import" class="view" hidden></div>
            <div id="view-unit" class="view" hidden></div>
            """;
        var script = PageResources.Script(config, "survey.js");
        return ApiResults.Html(Render($"Khảo sát năm {yearText}", html, userBar, script));
    });
}
