using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using Evaluation.IntegrationTests.Infrastructure;
using Evaluation.TestSupport;

namespace Evaluation.IntegrationTests.Dashboard;

/// <summary>
/// The working group's dashboard over real HTTP on the local host: who may see it (R-9), and its figures for a year
/// as the units and the council work and the calendar moves on (R-7.1): % of criteria scored, files, submission, the
/// council's decisions, and what is overdue once a deadline has passed.
/// </summary>
public sealed class DashboardApiTests(LocalHostFixture host) : IClassFixture<LocalHostFixture>
{
    [Fact]
    [Trait("Requirement", "R-9")]
    public async Task Only_the_working_group_sees_the_dashboard_and_everyone_else_is_told_why()
    {
        // A year of its own (next year, the regulation's dates), so the figures test's year keeps only its two units.
        var unit = await AssessmentScenario.CreateAsync(host, "dash-quyen");
        var api = $"/api/years/{unit.Year}/dashboard";
        var page = $"/app/years/{unit.Year}/dashboard";
        var appraiser = await AppraisalCalendar.AddAppraiserAsync(host, "SNV");
        const string member = "tocongtac.dash@thu.phutho.vn";
        using (var admin = host.Client())
        using (var added = await admin.PutAsync($"/api/people/{Uri.EscapeDataString(member)}", LocalHostFixture.Json(
                   new JsonObject { ["name"] = "Hoàng Thị Tổ", ["role"] = "workingGroup" }.ToJsonString())))
        {
            Assert.Equal(HttpStatusCode.Created, added.StatusCode);
        }

        using (var anonymous = host.Client(email: null))
        {
            using var refused = await anonymous.GetAsync(api);
            Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
            Assert.Equal("application/problem+json", refused.Content.Headers.ContentType?.MediaType);
            var signIn = await anonymous.GetStringAsync(page);
            Assert.Contains("id=\"sign-in\"", signIn);
            Assert.Contains("Bạn chưa đăng nhập", signIn);
        }

        foreach (var email in new[] { unit.StaffEmail, unit.HeadEmail, appraiser })
        {
            using var client = host.Client(email);
            using var refused = await client.GetAsync(api);
            Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
            var detail = (await refused.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("detail").GetString();
            Assert.Contains("Chỉ Tổ công tác (Sở Nội vụ) mới được xem bảng theo dõi", detail);
            Assert.Contains(email, detail);

            using var pageRefused = await client.GetAsync(page);
            Assert.Equal(HttpStatusCode.Forbidden, pageRefused.StatusCode);
            Assert.Contains("Bảng theo dõi tiến độ dành cho Tổ công tác", WebUtility.HtmlDecode(await pageRefused.Content.ReadAsStringAsync()));
        }

        foreach (var email in new[] { LocalHostFixture.Admin, member })
        {
            using var client = host.Client(email);
            var board = await client.GetFromJsonAsync<JsonElement>(api);
            Assert.Equal(unit.Year, board.GetProperty("year").GetInt32());
            Assert.Contains(board.GetProperty("units").EnumerateArray(), row => row.GetProperty("unitId").GetString() == unit.UnitId);
            var html = await client.GetStringAsync(page);
            Assert.Contains($"Bảng theo dõi tiến độ năm {unit.Year}", html);
        }

        using var working = host.Client();
        using (var missing = await working.GetAsync("/api/years/2099/dashboard"))
        {
            Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
            Assert.Contains("Chưa có năm đánh giá 2099", (await missing.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("detail").GetString());
        }

        using (var malformed = await working.GetAsync("/api/years/hai-nghin/dashboard"))
        {
            Assert.Equal(HttpStatusCode.NotFound, malformed.StatusCode);
        }
    }

    [Fact]
    [Trait("Requirement", "R-7.1")]
    public async Task Figures_follow_the_units_and_the_council_and_passed_deadlines_show_what_is_overdue()
    {
        var year = AppraisalCalendar.Year;
        var drafting = await AssessmentScenario.CreateAsync(host, "dash-nhap", year: year, calendar: AppraisalCalendar.For(AppraisalCalendar.SelfAssessment));
        using (var staff = host.Client(drafting.StaffEmail))
        {
            foreach (var (code, score) in new[] { ("I.1.1", 2m), ("I.1.2", 3m) })
            {
                using var saved = await staff.PutAsJsonAsync(drafting.CriterionPath(code), new { selfScore = score, explanation = $"Đã thực hiện {code}." });
                Assert.Equal(HttpStatusCode.OK, saved.StatusCode);
            }

            using var pdf = new ByteArrayContent(SignedPdfBuilder.BuildUnsigned());
            pdf.Headers.ContentType = new MediaTypeHeaderValue("application/pdf");
            using var form = new MultipartFormDataContent { { pdf, "file", "minh-chung.pdf" } };
            using var uploaded = await staff.PostAsync($"{drafting.CriterionPath("I.1.1")}/evidence", form);
            Assert.Equal(HttpStatusCode.Created, uploaded.StatusCode);
        }

        var submitted = await SubmittedAssessment.CreateAsync(host, "dash-nop", [("I.1.1", 2m)], _ => SignedPdfBuilder.BuildUnsigned());
        using var admin = host.Client();
        var leafCount = (await admin.GetFromJsonAsync<JsonElement>(drafting.AssessmentPath)).GetProperty("totals").GetProperty("leafCount").GetInt32();
        Assert.True(leafCount > 2);

        // Self-assessment open: the year header names the next deadline and the time left; nothing is overdue yet.
        var board = await DashboardAsync(admin, year);
        Assert.Equal("selfAssessment", board.GetProperty("phase").GetString());
        var calendar = board.GetProperty("calendar").EnumerateArray().ToList();
        Assert.Equal(
            ["selfAssessmentDue", "appraisalRound1Due", "explanationDue", "appraisalRound2Due", "leaderScoringDue", "publicationDue"],
            calendar.Select(deadline => deadline.GetProperty("field").GetString()));
        Assert.Equal("Hạn tự đánh giá", calendar[0].GetProperty("label").GetString());
        var next = board.GetProperty("nextDeadline");
        Assert.Equal("selfAssessmentDue", next.GetProperty("field").GetString());
        Assert.InRange(next.GetProperty("secondsLeft").GetInt64(), 1, 2 * 86400);

        var draft = UnitRow(board, drafting.UnitId);
        Assert.Equal("selfAssessment", draft.GetProperty("phase").GetString());
        Assert.Equal(leafCount, draft.GetProperty("leafCount").GetInt32());
        Assert.Equal(2, draft.GetProperty("filledCount").GetInt32());
        Assert.Equal(Math.Round(200m / leafCount, 1, MidpointRounding.AwayFromZero), draft.GetProperty("filledPercent").GetDecimal());
        Assert.Equal(1, draft.GetProperty("evidenceCount").GetInt32());
        Assert.False(draft.TryGetProperty("submittedAt", out _));
        Assert.Empty(draft.GetProperty("overdue").EnumerateArray());
        Assert.Equal(leafCount, draft.GetProperty("round1").GetProperty("items").GetInt32());
        Assert.Equal(0, draft.GetProperty("round1").GetProperty("decided").GetInt32());

        var done = UnitRow(board, submitted.UnitId);
        Assert.Equal(1, done.GetProperty("filledCount").GetInt32());
        Assert.Equal(1, done.GetProperty("evidenceCount").GetInt32());
        Assert.True(done.TryGetProperty("submittedAt", out var submittedAt) && submittedAt.ValueKind == JsonValueKind.String);

        var totals = board.GetProperty("totals");
        Assert.Equal(2, totals.GetProperty("unitCount").GetInt32());
        Assert.Equal(1, totals.GetProperty("submittedCount").GetInt32());
        Assert.Equal(3, totals.GetProperty("filledCount").GetInt32());
        Assert.Equal(2, totals.GetProperty("evidenceCount").GetInt32());
        Assert.Equal(0, totals.GetProperty("unitsWithOverdue").GetInt32());

        // Self-assessment due has passed: the unit that did not submit is overdue, the one that did is not.
        await AppraisalCalendar.MoveToAsync(host, year, AppraisalCalendar.Round1, drafting.UnitId, submitted.UnitId);
        using (var appraiser = host.Client(await AppraisalCalendar.AddAppraiserAsync(host, "SKHDT")))
        using (var agreed = await appraiser.PutAsJsonAsync($"/api/years/{year}/units/{submitted.UnitId}/appraisal/1/criteria/I.1.1", new { decision = "agree" }))
        {
            Assert.Equal(HttpStatusCode.OK, agreed.StatusCode);
        }

        board = await DashboardAsync(admin, year);
        Assert.True(board.GetProperty("calendar")[0].GetProperty("passed").GetBoolean());
        Assert.Equal("appraisalRound1Due", board.GetProperty("nextDeadline").GetProperty("field").GetString());
        draft = UnitRow(board, drafting.UnitId);
        Assert.Equal("appraisalRound1", draft.GetProperty("phase").GetString());
        var late = Assert.Single(draft.GetProperty("overdue").EnumerateArray());
        Assert.Equal("selfAssessment", late.GetProperty("step").GetString());
        Assert.StartsWith("Chưa nộp bản tự đánh giá (hạn", late.GetProperty("text").GetString());
        done = UnitRow(board, submitted.UnitId);
        Assert.Empty(done.GetProperty("overdue").EnumerateArray());
        Assert.Equal(1, done.GetProperty("round1").GetProperty("decided").GetInt32());
        Assert.Equal(1, board.GetProperty("totals").GetProperty("unitsWithOverdue").GetInt32());

        // Round 1 due has passed too: every criterion still without a round-1 decision is overdue, by agency.
        await AppraisalCalendar.MoveToAsync(host, year, AppraisalCalendar.Explanation, drafting.UnitId, submitted.UnitId);
        board = await DashboardAsync(admin, year);
        done = UnitRow(board, submitted.UnitId);
        var round1Late = done.GetProperty("overdue").EnumerateArray().Where(item => item.GetProperty("step").GetString() == "appraisalRound1").ToList();
        Assert.Equal(leafCount - 1, round1Late.Sum(item => item.GetProperty("count").GetInt32()));
        Assert.Equal(leafCount - 1, done.GetProperty("overdueCount").GetInt32());
        var planning = round1Late.Single(item => item.TryGetProperty("agencyId", out var agency) && agency.GetString() == "SKHDT");
        Assert.StartsWith("Sở Kế hoạch và Đầu tư: ", planning.GetProperty("text").GetString());
        var planningTotals = board.GetProperty("agencies").EnumerateArray().Single(agency => agency.GetProperty("agencyId").GetString() == "SKHDT");
        Assert.Equal(1, planningTotals.GetProperty("round1").GetProperty("decided").GetInt32());
        Assert.Equal(2 * planning.GetProperty("count").GetInt32() + 1, planningTotals.GetProperty("round1Overdue").GetInt32());
    }

    private static async Task<JsonElement> DashboardAsync(HttpClient client, int year) =>
        await client.GetFromJsonAsync<JsonElement>($"/api/years/{year}/dashboard");

    private static JsonElement UnitRow(JsonElement board, string unitId) =>
        board.GetProperty("units").EnumerateArray().Single(row => row.GetProperty("unitId").GetString() == unitId);
}
