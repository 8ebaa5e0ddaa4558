using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using Evaluation.IntegrationTests.Infrastructure;
using Evaluation.TestSupport;

namespace Evaluation.IntegrationTests.Appraisal;

/// <summary>
/// The appraisal council over real HTTP on the local host: bounds, conflict of interest, the trail of
/// decisions, decisions flagged when the unit changes what they were made on, the explanation window
/// the calendar, visibility, penalties (section VII). Each test owns a unit of the shared
/// current year and moves the year's dates itself; tests of one class run one after another.
/// </summary>
public sealed class AppraisalApiTests(LocalHostFixture host) : IClassFixture<LocalHostFixture>
{
    // Sample index set 01: I.1.1 (max 2, allowed 0/1/2), I.1.2 (max 3), I.1.3 (max 3, any score): all SKHDT. VII.3 (max 2): TTT.
    private const string Graded = "I.1.1";
    private const string Second = "I.1.2";
    private const string Free = "I.1.3";

    private static int Year => AppraisalCalendar.Year;

    [Fact]
    [Trait("Requirement", "R-3.2")]
    public async Task Scores_above_the_self_score_or_the_maximum_are_refused_and_nothing_is_recorded()
    {
        var unit = await SubmittedUnitAsync("vuot-diem");
        var appraiser = host.Client(await AppraisalCalendar.AddAppraiserAsync(host, "SKHDT"));

        var refusals = new (string Code, object Body, string Field, string Words)[]
        {
            (Free, new { decision = "disagree", score = 2.5m, reason = "Cao hơn tự chấm" }, "score", "không được cao hơn điểm tự chấm"),
            (Free, new { decision = "disagree", score = 2m, reason = "Bằng tự chấm" }, "score", "phải thấp hơn điểm tự chấm"),
            (Free, new { decision = "requestEvidence", score = 4m, reason = "Thiếu quyết định" }, "score", "vượt quá điểm tối đa"),
            (Free, new { decision = "disagree", score = 1m }, "reason", "lý do"),
            (Free, new { decision = "agree", score = 1m }, "score", "bằng điểm tự chấm"),
            (Graded, new { decision = "disagree", score = 0.5m, reason = "Không theo thang điểm" }, "score", "chỉ nhận các mức điểm"),
            (Free, new { decision = "approve" }, "decision", "Cần chọn quyết định"),
            (Free, new { decision = "agree", extra = 1 }, "extra", "không được hỗ trợ"),
        };
        foreach (var (code, body, field, words) in refusals)
        {
            using var response = await appraiser.PutAsJsonAsync(DecisionPath(unit, 1, code), body);
            Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
            var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
            var messages = string.Join(" ", problem.GetProperty("errors").GetProperty(field).EnumerateArray().Select(m => m.GetString()));
            Assert.Contains(words, messages, StringComparison.OrdinalIgnoreCase);
        }

        var untouched = await QueueItemAsync(appraiser, unit, Free);
        Assert.Equal("pending", untouched.GetProperty("appraisal").GetProperty("status").GetString());
        Assert.Empty(await DecisionTrailAsync(host.Client(), unit, Free));

        // Lower than the self-score, or zero, with a reason: accepted; agreeing takes the self-score itself.
        using var lower = await appraiser.PutAsJsonAsync(DecisionPath(unit, 1, Free), new { decision = "disagree", score = 1.5m, reason = "Chỉ đạt một phần chỉ tiêu" });
        Assert.Equal(HttpStatusCode.OK, lower.StatusCode);
        using var agree = await appraiser.PutAsJsonAsync(DecisionPath(unit, 1, Graded), new { decision = "agree" });
        var agreed = await agree.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(1m, agreed.GetProperty("appraisal").GetProperty("round1").GetProperty("score").GetDecimal());
        Assert.Equal("agreed", agreed.GetProperty("appraisal").GetProperty("status").GetString());
    }

    [Fact]
    [Trait("Requirement", "R-3.1")]
    [Trait("Requirement", "R-9")]
    public async Task An_agency_never_appraises_its_own_unit_until_the_working_group_names_a_substitute()
    {
        var unit = await SubmittedUnitAsync("so-ke-hoach-thu", agencyId: "SKHDT");
        using var own = host.Client(await AppraisalCalendar.AddAppraiserAsync(host, "SKHDT"));
        using var substitute = host.Client(await AppraisalCalendar.AddAppraiserAsync(host, "SNV", "Trần Thị Thay"));
        using var admin = host.Client();

        using (var refused = await own.PutAsJsonAsync(DecisionPath(unit, 1, Graded), new { decision = "agree" }))
        {
            Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
            Assert.Contains("Xung đột lợi ích", (await refused.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("detail").GetString());
        }

        // The item is unassigned: no agency's queue has it, the working group sees why.
        var ownQueue = await own.GetFromJsonAsync<JsonElement>($"/api/years/{Year}/appraisal/queue?unitId={unit.UnitId}");
        Assert.Empty(ownQueue.GetProperty("items").EnumerateArray());
        var overview = await admin.GetFromJsonAsync<JsonElement>($"/api/years/{Year}/appraisal/queue?unitId={unit.UnitId}");
        var unassigned = overview.GetProperty("unassigned").EnumerateArray().Single(item => item.GetProperty("code").GetString() == Graded);
        Assert.Contains("Xung đột lợi ích", unassigned.GetProperty("problem").GetString());
        var council = await admin.GetFromJsonAsync<JsonElement>($"/api/years/{Year}/council");
        var conflict = council.GetProperty("conflicts").EnumerateArray().Single(item => item.GetProperty("unitId").GetString() == unit.UnitId);
        Assert.False(conflict.TryGetProperty("substituteAgencyId", out var none) && none.ValueKind == JsonValueKind.String);

        // Naming the unit's own agency as its substitute is refused and changes nothing.
        using (var self = await admin.PutAsync($"/api/years/{Year}/council", LocalHostFixture.Json(new JsonObject { ["substitutes"] = new JsonObject { [unit.UnitId] = "SKHDT" } }.ToJsonString())))
        {
            Assert.Equal(HttpStatusCode.UnprocessableEntity, self.StatusCode);
            Assert.Contains("Xung đột lợi ích", (await self.Content.ReadAsStringAsync()));
        }

        using (var named = await admin.PutAsync($"/api/years/{Year}/council", LocalHostFixture.Json(new JsonObject { ["substitutes"] = new JsonObject { [unit.UnitId] = "SNV" } }.ToJsonString())))
        {
            Assert.Equal(HttpStatusCode.OK, named.StatusCode);
        }

        using (var stillRefused = await own.PutAsJsonAsync(DecisionPath(unit, 1, Graded), new { decision = "agree" }))
        {
            Assert.Equal(HttpStatusCode.Forbidden, stillRefused.StatusCode);
        }

        using var decided = await substitute.PutAsJsonAsync(DecisionPath(unit, 1, Graded), new { decision = "agree" });
        Assert.Equal(HttpStatusCode.OK, decided.StatusCode);
        var item = await decided.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("SNV", item.GetProperty("appraisal").GetProperty("round1").GetProperty("agencyId").GetString());

        // Two working-group members saving the council from the same reading: the second is told, nothing is lost.
        using var read = await admin.GetAsync($"/api/years/{Year}/council");
        var version = read.Headers.ETag!.Tag;
        async Task<HttpStatusCode> SaveAsync(string substituteAgency)
        {
            var request = new HttpRequestMessage(HttpMethod.Put, $"/api/years/{Year}/council")
            {
                Content = LocalHostFixture.Json(new JsonObject { ["substitutes"] = new JsonObject { [unit.UnitId] = substituteAgency } }.ToJsonString()),
            };
            request.Headers.IfMatch.Add(new EntityTagHeaderValue(version));
            using var response = await admin.SendAsync(request);
            return response.StatusCode;
        }

        Assert.Equal(HttpStatusCode.OK, await SaveAsync("TTT"));
        Assert.Equal(HttpStatusCode.PreconditionFailed, await SaveAsync("STP"));
        var after = await admin.GetFromJsonAsync<JsonElement>($"/api/years/{Year}/council");
        Assert.Equal("TTT", after.GetProperty("conflicts").EnumerateArray().Single(item => item.GetProperty("unitId").GetString() == unit.UnitId).GetProperty("substituteAgencyId").GetString());

        // Other units' criteria stay with the agency named in the catalogue.
        using (var reset = await admin.PutAsync($"/api/years/{Year}/council", LocalHostFixture.Json("{}")))
        {
            Assert.Equal(HttpStatusCode.OK, reset.StatusCode);
        }
    }

    [Fact]
    [Trait("Requirement", "R-3.5")]
    public async Task History_after_three_decisions_shows_three_rows_and_the_latest_is_current()
    {
        var unit = await SubmittedUnitAsync("ba-lan-sua");
        var email = await AppraisalCalendar.AddAppraiserAsync(host, "SKHDT");
        using var appraiser = host.Client(email);

        using (await appraiser.PutAsJsonAsync(DecisionPath(unit, 1, Second), new { decision = "agree" })) { }
        using (await appraiser.PutAsJsonAsync(DecisionPath(unit, 1, Second), new { decision = "disagree", score = 1m, reason = "Chưa đủ chỉ tiêu" })) { }
        using var third = await appraiser.PutAsJsonAsync(DecisionPath(unit, 1, Second), new { decision = "requestEvidence", score = 0m, reason = "Bổ sung báo cáo tổng kết năm" });
        Assert.Equal(HttpStatusCode.OK, third.StatusCode);

        var rows = await DecisionTrailAsync(host.Client(), unit, Second);
        Assert.Equal(3, rows.Count);
        Assert.Equal(["agree", "disagree", "requestEvidence"], rows.Select(row => row.GetProperty("decision").GetString()));
        Assert.Equal([2m, 1m, 0m], rows.Select(row => row.GetProperty("score").GetDecimal()));
        Assert.All(rows, row =>
        {
            Assert.Equal(email, row.GetProperty("by").GetString());
            Assert.Equal("SKHDT", row.GetProperty("agencyId").GetString());
            Assert.Equal(1, row.GetProperty("round").GetInt32());
            Assert.Equal(TimeSpan.FromHours(7), row.GetProperty("at").GetDateTimeOffset().Offset);
        });
        Assert.Equal([1, 2, 3], rows.Select(row => row.GetProperty("revision").GetInt32()));

        // Each row keeps what it was made on: the self-score and the SHA-256 of the one file.
        using var reader = host.Client();
        var form = await reader.GetFromJsonAsync<JsonElement>(unit.AssessmentPath);
        var sha = Leaf(form, Second).GetProperty("evidence")[0].GetProperty("sha256").GetString();
        Assert.All(rows, row =>
        {
            Assert.Equal(2m, row.GetProperty("basisSelfScore").GetDecimal());
            Assert.Equal([sha], row.GetProperty("basisEvidence").EnumerateArray().Select(hash => hash.GetString()));
        });

        var current = await QueueItemAsync(appraiser, unit, Second);
        Assert.Equal("requestEvidence", current.GetProperty("appraisal").GetProperty("round1").GetProperty("decision").GetString());

        // A stale If-Match loses; the trail keeps exactly the accepted decisions.
        var request = new HttpRequestMessage(HttpMethod.Put, DecisionPath(unit, 1, Second)) { Content = JsonContent.Create(new { decision = "agree" }) };
        request.Headers.IfMatch.Add(new EntityTagHeaderValue("\"stale\""));
        using var stale = await appraiser.SendAsync(request);
        Assert.Equal(HttpStatusCode.PreconditionFailed, stale.StatusCode);
        Assert.Equal(3, (await DecisionTrailAsync(host.Client(), unit, Second)).Count);
    }

    [Fact]
    [Trait("Requirement", "R-2.6")]
    [Trait("Requirement", "R-3.5")]
    [Trait("Requirement", "R-9")]
    public async Task In_the_window_the_head_answers_questioned_criteria_only_and_the_decision_is_flagged_for_a_new_look()
    {
        var unit = await SubmittedUnitAsync("giai-trinh");
        using var appraiser = host.Client(await AppraisalCalendar.AddAppraiserAsync(host, "SKHDT"));
        using var head = host.Client(unit.HeadEmail);
        using var staff = host.Client(unit.StaffEmail);
        using (await appraiser.PutAsJsonAsync(DecisionPath(unit, 1, Free), new { decision = "requestEvidence", score = 0m, reason = "Bổ sung quyết định giao chỉ tiêu" })) { }
        using (await appraiser.PutAsJsonAsync(DecisionPath(unit, 1, Graded), new { decision = "agree" })) { }

        // Round 1 still open: the unit sees no draft decisions.
        var during = await head.GetFromJsonAsync<JsonElement>(unit.AssessmentPath);
        Assert.False(Leaf(during, Free).GetProperty("appraisal").TryGetProperty("round1", out _));
        Assert.False(during.GetProperty("appraisal").GetProperty("round1Visible").GetBoolean());

        await AppraisalCalendar.MoveToAsync(host, Year, AppraisalCalendar.Explanation, unit.UnitId);
        var window = await head.GetFromJsonAsync<JsonElement>(unit.AssessmentPath);
        var questioned = Leaf(window, Free).GetProperty("appraisal");
        Assert.Equal("Bổ sung quyết định giao chỉ tiêu", questioned.GetProperty("round1").GetProperty("reason").GetString());
        Assert.True(questioned.GetProperty("editableInWindow").GetBoolean());
        Assert.False(Leaf(window, Graded).GetProperty("appraisal").GetProperty("editableInWindow").GetBoolean());
        Assert.True(window.GetProperty("viewer").GetProperty("canExplain").GetBoolean());

        // Staff may not, unquestioned criteria may not, and the self-score may not go up.
        using (var byStaff = await UploadAsync(staff, unit, Free, "bo-sung.pdf"))
        {
            Assert.Equal(HttpStatusCode.Forbidden, byStaff.StatusCode);
        }

        using (var unquestioned = await head.PutAsJsonAsync(unit.CriterionPath(Graded), new { selfScore = 1m, explanation = "Giải trình thêm" }))
        {
            Assert.Equal(HttpStatusCode.Conflict, unquestioned.StatusCode);
            Assert.Contains("không bị Hội đồng thẩm định đề nghị", (await unquestioned.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("detail").GetString());
        }

        using (var raised = await head.PutAsJsonAsync(unit.CriterionPath(Free), new { selfScore = 3m, explanation = "Giải trình" }))
        {
            Assert.Equal(HttpStatusCode.UnprocessableEntity, raised.StatusCode);
        }

        Assert.False((await QueueItemAsync(appraiser, unit, Free)).GetProperty("appraisal").GetProperty("needsReview").GetBoolean());
        using (var added = await UploadAsync(head, unit, Free, "quyet-dinh-giao-chi-tieu.pdf", "Quyet dinh giao chi tieu bo sung"))
        {
            Assert.Equal(HttpStatusCode.Created, added.StatusCode);
        }

        // The decision was made on other evidence: it is flagged, and the filter finds it.
        var flagged = await QueueItemAsync(appraiser, unit, Free);
        Assert.True(flagged.GetProperty("appraisal").GetProperty("round1").GetProperty("needsReview").GetBoolean());
        var needsReview = await appraiser.GetFromJsonAsync<JsonElement>($"/api/years/{Year}/appraisal/queue?unitId={unit.UnitId}&status=needsReview");
        Assert.Equal([Free], needsReview.GetProperty("items").EnumerateArray().Select(item => item.GetProperty("code").GetString()));
        Assert.False((await QueueItemAsync(appraiser, unit, Graded)).GetProperty("appraisal").GetProperty("needsReview").GetBoolean());

        // Files the council judged in round 1 stay; the one added in the window may be taken back.
        var files = Leaf(await head.GetFromJsonAsync<JsonElement>(unit.AssessmentPath), Free).GetProperty("evidence").EnumerateArray().ToList();
        using (var original = await head.DeleteAsync(files[0].GetProperty("downloadUrl").GetString()))
        {
            Assert.Equal(HttpStatusCode.Conflict, original.StatusCode);
        }

        using (var addedLater = await head.DeleteAsync(files[^1].GetProperty("downloadUrl").GetString()))
        {
            Assert.Equal(HttpStatusCode.OK, addedLater.StatusCode);
        }
    }

    [Fact]
    [Trait("Requirement", "R-3.3")]
    [Trait("Requirement", "R-3.4")]
    [Trait("Requirement", "R-7.3")]
    public async Task Each_round_keeps_its_dates_and_round_two_finalises_questioned_criteria_only()
    {
        var unit = await SubmittedUnitAsync("hai-vong");
        using var appraiser = host.Client(await AppraisalCalendar.AddAppraiserAsync(host, "SKHDT"));
        using var head = host.Client(unit.HeadEmail);
        using var admin = host.Client();
        using (await appraiser.PutAsJsonAsync(DecisionPath(unit, 1, Free), new { decision = "disagree", score = 1m, reason = "Chưa hoàn thành chỉ tiêu" })) { }
        using (await appraiser.PutAsJsonAsync(DecisionPath(unit, 1, Graded), new { decision = "agree" })) { }
        using (await appraiser.PutAsJsonAsync(DecisionPath(unit, 1, Second), new { decision = "requestEvidence", score = 0m, reason = "Thiếu báo cáo" })) { }

        using (var early = await appraiser.PutAsJsonAsync(DecisionPath(unit, 2, Free), new { decision = "agree" }))
        {
            Assert.Equal(HttpStatusCode.Conflict, early.StatusCode);
            Assert.Contains("hết thời hạn giải trình", (await early.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("detail").GetString());
        }

        await AppraisalCalendar.MoveToAsync(host, Year, AppraisalCalendar.Explanation, unit.UnitId);
        using (var late = await appraiser.PutAsJsonAsync(DecisionPath(unit, 1, Free), new { decision = "agree" }))
        {
            Assert.Equal(HttpStatusCode.Conflict, late.StatusCode);
            Assert.Contains("Đã hết hạn thẩm định lần 1 (", (await late.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("detail").GetString());
        }

        await AppraisalCalendar.MoveToAsync(host, Year, AppraisalCalendar.Round2, unit.UnitId);
        using (var unquestioned = await appraiser.PutAsJsonAsync(DecisionPath(unit, 2, Graded), new { decision = "disagree", score = 0m, reason = "Xem lại" }))
        {
            Assert.Equal(HttpStatusCode.Conflict, unquestioned.StatusCode);
        }

        using (var noMoreRequests = await appraiser.PutAsJsonAsync(DecisionPath(unit, 2, Second), new { decision = "requestEvidence", score = 0m, reason = "Lại thiếu" }))
        {
            Assert.Equal(HttpStatusCode.UnprocessableEntity, noMoreRequests.StatusCode);
        }

        using (var final = await appraiser.PutAsJsonAsync(DecisionPath(unit, 2, Free), new { decision = "agree", reason = "Đơn vị đã giải trình đầy đủ" }))
        {
            Assert.Equal(HttpStatusCode.OK, final.StatusCode);
            var item = await final.Content.ReadFromJsonAsync<JsonElement>();
            Assert.Equal(2m, item.GetProperty("appraisal").GetProperty("appraisedScore").GetDecimal());
            Assert.Equal("final", item.GetProperty("appraisal").GetProperty("status").GetString());
        }

        using (await appraiser.PutAsJsonAsync(DecisionPath(unit, 2, Second), new { decision = "disagree", score = 1m, reason = "Báo cáo bổ sung chưa đủ" })) { }

        // Final result is not the unit's until the working group releases it, which it may only after round 2.
        using (var tooEarly = await admin.PostAsync($"/api/years/{Year}/appraisal/release", null))
        {
            Assert.Equal(HttpStatusCode.Conflict, tooEarly.StatusCode);
        }

        await AppraisalCalendar.MoveToAsync(host, Year, AppraisalCalendar.Closed, unit.UnitId);
        using (var closed = await appraiser.PutAsJsonAsync(DecisionPath(unit, 2, Second), new { decision = "agree" }))
        {
            Assert.Equal(HttpStatusCode.Conflict, closed.StatusCode);
            Assert.Contains("Đã hết hạn thẩm định lần 2 (", (await closed.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("detail").GetString());
        }

        var beforeRelease = await head.GetFromJsonAsync<JsonElement>(unit.AssessmentPath);
        Assert.False(Leaf(beforeRelease, Free).GetProperty("appraisal").TryGetProperty("round2", out _));
        Assert.Equal(1m + 1m + 0m, Section(beforeRelease, "I").GetProperty("appraisedTotal").GetDecimal());

        using (var released = await admin.PostAsync($"/api/years/{Year}/appraisal/release", null))
        {
            Assert.True(released.StatusCode is HttpStatusCode.Created or HttpStatusCode.OK);
        }

        var afterRelease = await head.GetFromJsonAsync<JsonElement>(unit.AssessmentPath);
        Assert.True(afterRelease.GetProperty("appraisal").GetProperty("finalVisible").GetBoolean());
        Assert.Equal("Đơn vị đã giải trình đầy đủ", Leaf(afterRelease, Free).GetProperty("appraisal").GetProperty("round2").GetProperty("reason").GetString());

        // I.1.1 keeps round 1 (1), I.1.2 final 1, I.1.3 final 2.
        Assert.Equal(1m + 1m + 2m, Section(afterRelease, "I").GetProperty("appraisedTotal").GetDecimal());
    }

    [Fact]
    [Trait("Requirement", "R-6.1")]
    [Trait("Requirement", "R-9")]
    public async Task Penalties_come_from_the_assigned_agency_within_the_maximum_and_reach_the_unit_with_round_one()
    {
        var unit = await SubmittedUnitAsync("diem-tru");
        using var inspectorate = host.Client(await AppraisalCalendar.AddAppraiserAsync(host, "TTT", "Tạ Quang Thanh"));
        using var office = host.Client(await AppraisalCalendar.AddAppraiserAsync(host, "VPUBND", "Trịnh Văn Phòng"));
        using var head = host.Client(unit.HeadEmail);
        var path = $"/api/years/{Year}/units/{unit.UnitId}/penalties";

        using (var tooMuch = await inspectorate.PutAsJsonAsync(path, Penalty("VII.3", 3m)))
        {
            Assert.Equal(HttpStatusCode.UnprocessableEntity, tooMuch.StatusCode);
            Assert.Contains("tối đa 2", await tooMuch.Content.ReadAsStringAsync());
        }

        using (var noSource = await inspectorate.PutAsJsonAsync(path, new { criteria = new Dictionary<string, object> { ["VII.3"] = new { points = 1m, reason = "Vi phạm" } } }))
        {
            Assert.Equal(HttpStatusCode.UnprocessableEntity, noSource.StatusCode);
        }

        using (var notTheirs = await office.PutAsJsonAsync(path, Penalty("VII.3", 1m)))
        {
            Assert.Equal(HttpStatusCode.Forbidden, notTheirs.StatusCode);
            Assert.Contains("Thanh tra tỉnh", (await notTheirs.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("detail").GetString());
        }

        using (var recorded = await inspectorate.PutAsJsonAsync(path, Penalty("VII.3", 1.5m)))
        {
            Assert.Equal(HttpStatusCode.OK, recorded.StatusCode);
            Assert.Equal(1.5m, (await recorded.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("total").GetDecimal());
        }

        // Hidden from the unit until round 1 closes, then shown with its source and reason.
        var hidden = await head.GetFromJsonAsync<JsonElement>(path);
        Assert.Equal(0m, hidden.GetProperty("total").GetDecimal());
        await AppraisalCalendar.MoveToAsync(host, Year, AppraisalCalendar.Explanation, unit.UnitId);
        var shown = await head.GetFromJsonAsync<JsonElement>(path);
        var item = shown.GetProperty("items").EnumerateArray().Single(entry => entry.GetProperty("code").GetString() == "VII.3");
        Assert.Equal(1.5m, item.GetProperty("points").GetDecimal());
        Assert.Equal("inspection", item.GetProperty("source").GetString());
        Assert.Equal("Kết luận thanh tra số 12/KL-TTr", item.GetProperty("evidence").GetString());
        var form = await head.GetFromJsonAsync<JsonElement>(unit.AssessmentPath);
        Assert.Equal(1.5m, form.GetProperty("appraisal").GetProperty("penaltyTotal").GetDecimal());

        using (var byUnit = await head.PutAsJsonAsync(path, Penalty("VII.3", 0m)))
        {
            Assert.Equal(HttpStatusCode.Forbidden, byUnit.StatusCode);
        }

        // The working group may correct it; both changes stay in the history with who made them.
        using var workingGroup = host.Client();
        using (var corrected = await workingGroup.PutAsJsonAsync(path, Penalty("VII.3", 1m)))
        {
            Assert.Equal(HttpStatusCode.OK, corrected.StatusCode);
        }

        var after = await head.GetFromJsonAsync<JsonElement>(path);
        Assert.Equal(1m, after.GetProperty("total").GetDecimal());
        var history = after.GetProperty("history").EnumerateArray().ToList();
        Assert.Equal([1.5m, 1m], history.Select(change => change.GetProperty("points").GetDecimal()));
        Assert.Equal("TTT", history[0].GetProperty("agencyId").GetString());
        Assert.Equal(LocalHostFixture.Admin, history[1].GetProperty("by").GetString());
    }

    [Fact]
    [Trait("Requirement", "R-3.5")]
    [Trait("Requirement", "R-9")]
    public async Task Only_the_assigned_agency_decides_and_parallel_decisions_on_one_version_record_exactly_one()
    {
        var unit = await SubmittedUnitAsync("song-song");
        using var appraiser = host.Client(await AppraisalCalendar.AddAppraiserAsync(host, "SKHDT"));
        using var finance = host.Client(await AppraisalCalendar.AddAppraiserAsync(host, "STC", "Lương Văn Tài"));
        using var anonymous = host.Client(null);
        using var staff = host.Client(unit.StaffEmail);
        using var admin = host.Client();

        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.PutAsJsonAsync(DecisionPath(unit, 1, Free), new { decision = "agree" })).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await staff.PutAsJsonAsync(DecisionPath(unit, 1, Free), new { decision = "agree" })).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await admin.PutAsJsonAsync(DecisionPath(unit, 1, Free), new { decision = "agree" })).StatusCode);
        using (var other = await finance.PutAsJsonAsync(DecisionPath(unit, 1, Free), new { decision = "agree" }))
        {
            Assert.Equal(HttpStatusCode.Forbidden, other.StatusCode);
            Assert.Contains("do Sở Kế hoạch và Đầu tư thẩm định", (await other.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("detail").GetString());
        }

        Assert.Equal(HttpStatusCode.Forbidden, (await staff.GetAsync($"/api/years/{Year}/appraisal/queue")).StatusCode);
        Assert.Empty(await DecisionTrailAsync(host.Client(), unit, Free));

        using var first = await appraiser.PutAsJsonAsync(DecisionPath(unit, 1, Free), new { decision = "agree" });
        var etag = first.Headers.ETag!.Tag;
        var answers = await Task.WhenAll(Enumerable.Range(0, 20).Select(async i =>
        {
            var request = new HttpRequestMessage(HttpMethod.Put, DecisionPath(unit, 1, Free))
            {
                Content = JsonContent.Create(new { decision = "disagree", score = 1m, reason = $"Lần sửa {i}" }),
            };
            request.Headers.IfMatch.Add(new EntityTagHeaderValue(etag));
            using var response = await appraiser.SendAsync(request);
            return response.StatusCode;
        }));

        Assert.Equal(1, answers.Count(status => status == HttpStatusCode.OK));
        Assert.Equal(19, answers.Count(status => status == HttpStatusCode.PreconditionFailed));
        Assert.Equal(2, (await DecisionTrailAsync(host.Client(), unit, Free)).Count);
    }

    private static object Penalty(string code, decimal points) => new
    {
        criteria = new Dictionary<string, object>
        {
            [code] = new { points, reason = "Chậm thực hiện kết luận thanh tra", source = "inspection", evidence = "Kết luận thanh tra số 12/KL-TTr" },
        },
    };

    /// <summary>
    /// A unit of the current year in round 1: I.1.1 self-scored 1, I.1.2 2 and I.1.3 2, each explained with one file,
    /// submitted by the head; the year's dates then moved so round 1 is open.
    /// </summary>
    private async Task<AssessmentScenario> SubmittedUnitAsync(string unitId, string? agencyId = null)
    {
        var unit = await SubmittedAssessment.CreateAsync(host, unitId, [(Graded, 1m), (Second, 2m), (Free, 2m)],
            code => PdfWithText($"Minh chung {code}"));
        if (agencyId is not null)
        {
            using var admin = host.Client();
            using var tagged = await admin.PutAsync($"/api/years/{Year}/units/{unitId}", LocalHostFixture.Json(
                new JsonObject { ["name"] = "Đơn vị thử " + unitId, ["type"] = "01", ["agencyId"] = agencyId }.ToJsonString()));
            Assert.Equal(HttpStatusCode.OK, tagged.StatusCode);
        }

        await AppraisalCalendar.MoveToAsync(host, Year, AppraisalCalendar.Round1, unitId);
        return unit;
    }

    private static byte[] PdfWithText(string text)
    {
        using var pdf = new MemoryStream();
        SignedPdfBuilder.Create(pdf, text: text);
        return pdf.ToArray();
    }

    private static async Task<HttpResponseMessage> UploadAsync(HttpClient client, AssessmentScenario unit, string code, string fileName, string text = "Tai lieu bo sung")
    {
        var file = new ByteArrayContent(PdfWithText(text));
        file.Headers.ContentType = new MediaTypeHeaderValue("application/pdf");
        using var form = new MultipartFormDataContent { { file, "file", fileName } };
        return await client.PostAsync($"{unit.CriterionPath(code)}/evidence", form);
    }

    private static string DecisionPath(AssessmentScenario unit, int round, string code) =>
        $"/api/years/{unit.Year}/units/{unit.UnitId}/appraisal/{round}/criteria/{code}";

    private static async Task<JsonElement> QueueItemAsync(HttpClient client, AssessmentScenario unit, string code)
    {
        var queue = await client.GetFromJsonAsync<JsonElement>($"/api/years/{unit.Year}/appraisal/queue?unitId={unit.UnitId}");
        return queue.GetProperty("items").EnumerateArray().Single(item => item.GetProperty("code").GetString() == code);
    }

    private static async Task<List<JsonElement>> DecisionTrailAsync(HttpClient client, AssessmentScenario unit, string code)
    {
        using (client)
        {
            var history = await client.GetFromJsonAsync<JsonElement>($"{unit.CriterionPath(code)}/history");
            return history.TryGetProperty("decisions", out var decisions) ? decisions.EnumerateArray().ToList() : [];
        }
    }

    private static JsonElement Leaf(JsonElement form, string code) =>
        form.GetProperty("sections").EnumerateArray().SelectMany(section => section.GetProperty("criteria").EnumerateArray())
            .Single(item => item.GetProperty("code").GetString() == code);

    private static JsonElement Section(JsonElement form, string code) =>
        form.GetProperty("appraisal").GetProperty("sections").EnumerateArray().Single(section => section.GetProperty("code").GetString() == code);
}
