using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using Evaluation.Domain.Catalogues;
using Evaluation.Domain.Survey;
using Evaluation.Infrastructure.Scoring;
using Evaluation.Infrastructure.Storage;
using Evaluation.Infrastructure.Survey;
using Evaluation.IntegrationTests.Infrastructure;
using Evaluation.IntegrationTests.Notifications;
using Evaluation.Workflow.Ranking;
using Microsoft.Extensions.DependencyInjection;

namespace Evaluation.IntegrationTests.Survey;

/// <summary>
/// The survey over real HTTP on the local host: the questionnaire per index set, respondents, the
/// one-time online ballot, paper ballots typed in, re-verification, section V with its inputs and in the ranking's
/// score sheet. Each test surveys units of its own on the class's year.
/// </summary>
public sealed class SurveyApiTests(LocalHostFixture host) : IClassFixture<LocalHostFixture>
{
    private static int Year => SurveyYear.Year;

    [Fact]
    [Trait("Requirement", "R-4.2")]
    public async Task An_online_ballot_is_answered_once_and_a_second_answer_is_refused()
    {
        var questionnaire = await SurveyYear.SetUpAsync(host, "01", ("so-xay-dung", "Sở Xây dựng"));
        var respondent = (await SurveyYear.RegisterAsync(host, "so-xay-dung", SurveyDefaults.Citizens, 1, "XD-DN"))[0];
        var token = await host.Services.GetRequiredService<SurveyLinks>().CreateTokenAsync(Year, respondent.Code, DateTimeOffset.UtcNow.AddDays(3));
        using var phone = LinkClient(token);
        var path = $"/api/years/{Year}/survey/ballots/{respondent.Code}";

        var ballot = await phone.GetFromJsonAsync<JsonElement>(path);
        Assert.Equal("Sở Xây dựng", ballot.GetProperty("unitName").GetString());
        Assert.False(ballot.GetProperty("answered").GetBoolean());
        var questions = questionnaire.QuestionsFor(SurveyDefaults.Citizens).Select(q => q.Code).ToList();
        Assert.Equal(questions, ballot.GetProperty("questions").EnumerateArray().Select(q => q.GetProperty("code").GetString()));
        // The respondent sees the options, not what each is worth.
        Assert.False(ballot.GetProperty("questions")[0].GetProperty("options")[0].TryGetProperty("percent", out _));

        // Incomplete: refused with the missing questions named, nothing recorded.
        var partial = SurveyYear.AllAnswered(questionnaire, SurveyDefaults.Citizens);
        partial.Remove(questions[^1]);
        using (var refused = await phone.PutAsJsonAsync(path, new { answers = partial }))
        {
            await ProblemAssert.HasStatusAsync(refused, HttpStatusCode.UnprocessableEntity, $"thiếu câu {questions[^1]}");
        }

        Assert.Null(await Store.BallotAsync(Year, respondent.Code));

        using (var answered = await phone.PutAsJsonAsync(path, new { answers = SurveyYear.AllAnswered(questionnaire, SurveyDefaults.Citizens, "b") }))
        {
            Assert.Equal(HttpStatusCode.Created, answered.StatusCode);
        }

        using (var again = await phone.PutAsJsonAsync(path, new { answers = SurveyYear.AllAnswered(questionnaire, SurveyDefaults.Citizens, "D") }))
        {
            await ProblemAssert.HasStatusAsync(again, HttpStatusCode.Conflict, "đã được trả lời lúc");
        }

        var stored = await Store.BallotAsync(Year, respondent.Code);
        Assert.Equal(BallotSource.Online, stored!.Source);
        using (var admin = host.Client())
        using (var noNewLink = await admin.PostAsync($"/api/years/{Year}/survey/respondents/{respondent.Code}/link", null))
        {
            await ProblemAssert.HasStatusAsync(noNewLink, HttpStatusCode.Conflict, "đã trả lời phiếu lúc");
        }

        Assert.All(stored.Answers.Values, option => Assert.Equal("B", option));
        var reopened = await phone.GetFromJsonAsync<JsonElement>(path);
        Assert.True(reopened.GetProperty("answered").GetBoolean());

        // The link names one respondent: it opens no one else's ballot, and without it nobody answers for them.
        var other = (await SurveyYear.RegisterAsync(host, "so-xay-dung", SurveyDefaults.Citizens, 1, "XD-KHAC"))[0];
        using (var foreign = await phone.GetAsync($"/api/years/{Year}/survey/ballots/{other.Code}"))
        {
            await ProblemAssert.HasStatusAsync(foreign, HttpStatusCode.Forbidden, "của một người khác");
        }

        using var anonymous = host.Client(email: null);
        using (var noLink = await anonymous.PutAsJsonAsync($"/api/years/{Year}/survey/ballots/{other.Code}", new { answers = partial }))
        {
            Assert.Equal(HttpStatusCode.Forbidden, noLink.StatusCode);
        }

        var expired = await host.Services.GetRequiredService<SurveyLinks>().CreateTokenAsync(Year, other.Code, DateTimeOffset.UtcNow.AddMinutes(-1));
        using var late = LinkClient(expired);
        using (var refusedLate = await late.GetAsync($"/api/years/{Year}/survey/ballots/{other.Code}"))
        {
            await ProblemAssert.HasStatusAsync(refusedLate, HttpStatusCode.Forbidden, "đã kết thúc");
        }
    }

    [Fact]
    [Trait("Requirement", "R-4.3")]
    public async Task A_failed_re_verification_excludes_the_ballot_and_changes_the_points()
    {
        const string unitId = "so-cong-thuong";
        var questionnaire = await SurveyYear.SetUpAsync(host, "01", (unitId, "Sở Công Thương"));
        var delegates = await SurveyYear.RegisterAsync(host, unitId, SurveyDefaults.Delegates, 3, "CT-HD");
        using var admin = host.Client();
        await SurveyYear.TypeInAsync(host, unitId, delegates.Zip(["A", "B", "D"]).Select(pair => (pair.First.Code, SurveyYear.AllAnswered(questionnaire, SurveyDefaults.Delegates, pair.Second))));
        var catalogue = (await host.Services.GetRequiredService<CatalogueStore>().GetAsync(Year, "01"))!;
        var v1Leaves = catalogue.Entries().Where(e => e.Criterion.Code.StartsWith("V.1.", StringComparison.Ordinal) && e.Criterion.IsLeaf).Select(e => e.Criterion).ToList();

        var before = await UnitSurveyAsync(admin, unitId);
        // By hand: each delegates' question averages (100 + 75 + 0) / 3 %; each V.1 leaf = its maximum × that, to 2 decimals.
        Assert.Equal(HandPoints(v1Leaves, (100m + 75m + 0m) / 3), V1(before));
        Assert.Equal(3, Group(before, SurveyDefaults.Delegates).GetProperty("valid").GetInt32());

        var path = $"/api/years/{Year}/survey/ballots/{delegates[2].Code}/verification";
        using (var noReason = await admin.PutAsJsonAsync(path, new { method = "phone", confirmed = false }))
        {
            await ProblemAssert.HasStatusAsync(noReason, HttpStatusCode.UnprocessableEntity, "ghi rõ lý do");
        }

        using (var failed = await admin.PutAsJsonAsync(path, new { method = "phone", confirmed = false, note = "Người được khảo sát cho biết không trực tiếp trả lời phiếu." }))
        {
            Assert.Equal(HttpStatusCode.OK, failed.StatusCode);
            Assert.True((await failed.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("excluded").GetBoolean());
        }

        var after = await UnitSurveyAsync(admin, unitId);
        Assert.Equal(HandPoints(v1Leaves, (100m + 75m) / 2), V1(after));
        Assert.NotEqual(V1(before), V1(after));
        var tally = Group(after, SurveyDefaults.Delegates);
        Assert.Equal((3, 1, 2, 18), (tally.GetProperty("received").GetInt32(), tally.GetProperty("excluded").GetInt32(), tally.GetProperty("valid").GetInt32(), tally.GetProperty("shortfall").GetInt32()));
        var excluded = after.GetProperty("ballots").EnumerateArray().Single(b => b.GetProperty("respondent").GetString() == delegates[2].Code);
        Assert.True(excluded.GetProperty("excluded").GetBoolean());
        Assert.Equal("phone", excluded.GetProperty("checks")[0].GetProperty("method").GetString(), ignoreCase: true);

        // The ranking's score sheet takes section V from the same conversion (R-4.4 feeds ).
        var sheet = await host.Services.GetRequiredService<UnitScoreReader>().ReadAsync(Year);
        Assert.Equal(after.GetProperty("total").GetDecimal(), sheet.Units.Single(u => u.UnitId == unitId).Sections[Sections.V]);
    }

    [Fact]
    [Trait("Requirement", "R-4.4")]
    public async Task Section_V_shows_the_points_with_their_inputs_as_a_hand_calculation_gives_them()
    {
        const string unitId = "so-nong-nghiep";
        var questionnaire = await SurveyYear.SetUpAsync(host, "01", (unitId, "Sở Nông nghiệp và Môi trường"));
        var citizens = await SurveyYear.RegisterAsync(host, unitId, SurveyDefaults.Citizens, 4, "NN-DN");
        using var admin = host.Client();
        await SurveyYear.TypeInAsync(host, unitId, citizens.Zip(["A", "A", "C", "B"]).Select(pair => (pair.First.Code, SurveyYear.AllAnswered(questionnaire, SurveyDefaults.Citizens, pair.Second))));

        var result = await UnitSurveyAsync(admin, unitId);
        var catalogue = (await host.Services.GetRequiredService<CatalogueStore>().GetAsync(Year, "01"))!;
        var v2Leaves = catalogue.Entries().Where(e => e.Criterion.Code.StartsWith("V.2.", StringComparison.Ordinal) && e.Criterion.IsLeaf).Select(e => e.Criterion).ToList();
        // By hand: (100 + 100 + 50 + 75) / 4 = 81.25 % on every businesses' question; the delegates gave no ballot, so V.1 is 0.
        var expected = HandPoints(v2Leaves, 81.25m);
        Assert.Equal(expected, result.GetProperty("total").GetDecimal());
        var first = result.GetProperty("criteria").EnumerateArray().Single(c => c.GetProperty("code").GetString() == v2Leaves[0].Code);
        var question = first.GetProperty("questions")[0];
        Assert.Equal(4, question.GetProperty("validBallots").GetInt32());
        Assert.Equal(81.25m, question.GetProperty("averagePercent").GetDecimal());
        Assert.Equal(2, question.GetProperty("optionCounts").GetProperty("A").GetInt32());
        Assert.Equal(decimal.Round(v2Leaves[0].MaxScore * 0.8125m, 2, MidpointRounding.AwayFromZero), first.GetProperty("points").GetDecimal());
        Assert.False(result.GetProperty("quotasMet").GetBoolean());
        Assert.Equal([20, 40], result.GetProperty("groups").EnumerateArray().Select(g => g.GetProperty("quota").GetInt32()));

        // The overview lists the unit with the same total and its ballots against the quotas.
        var overview = await admin.GetFromJsonAsync<JsonElement>($"/api/years/{Year}/survey");
        var line = overview.GetProperty("units").EnumerateArray().Single(u => u.GetProperty("unitId").GetString() == unitId);
        Assert.Equal(expected, line.GetProperty("total").GetDecimal());
        Assert.Equal(4, line.GetProperty("registered").GetInt32());

        // The ranking activity takes the same points and flags the unit whose quotas are not met.
        var ranking = (await host.Services.GetRequiredService<YearRanking>().RankAsync(Year))!;
        var flag = Assert.Single(ranking.Flags, f => f.Kind == YearRanking.SurveyShortfallFlag && f.Type == "01");
        Assert.Contains(unitId, flag.UnitIds);
        Assert.Contains("Sở Nông nghiệp và Môi trường (thiếu 56 phiếu)", flag.Message, StringComparison.Ordinal);
        var sheet = await host.Services.GetRequiredService<ResultStore>().GetSheetAsync(Year);
        Assert.Equal(expected, sheet!.Units.Single(u => u.UnitId == unitId).Sections[Sections.V]);

        // The unit's result shows section V with the same inputs.
        var unitResult = await admin.GetFromJsonAsync<JsonElement>($"/api/years/{Year}/units/{unitId}/result");
        Assert.Equal(expected, unitResult.GetProperty("survey").GetProperty("total").GetDecimal());
        Assert.Equal(81.25m, unitResult.GetProperty("survey").GetProperty("criteria").EnumerateArray()
            .Single(c => c.GetProperty("code").GetString() == v2Leaves[0].Code).GetProperty("questions")[0].GetProperty("averagePercent").GetDecimal());

        // Staff of another unit may not see it; a typed-in ballot with a mistake is refused whole.
        using var outsider = host.Client("chuyenvien@soyte.phutho.gov.vn");
        using (var forbidden = await outsider.GetAsync($"/api/years/{Year}/units/{unitId}/survey"))
        {
            Assert.True(forbidden.StatusCode is HttpStatusCode.Forbidden);
        }

        var more = await SurveyYear.RegisterAsync(host, unitId, SurveyDefaults.Citizens, 2, "NN-THEM");
        var wrong = SurveyYear.AllAnswered(questionnaire, SurveyDefaults.Citizens);
        wrong[wrong.Keys.First()] = "Z";
        using (var refused = await admin.PutAsJsonAsync($"/api/years/{Year}/units/{unitId}/survey", new
        {
            ballots = new object[]
            {
                new { respondent = more[0].Code, answers = SurveyYear.AllAnswered(questionnaire, SurveyDefaults.Citizens) },
                new { respondent = more[1].Code, answers = wrong },
            },
        }))
        {
            await ProblemAssert.HasStatusAsync(refused, HttpStatusCode.UnprocessableEntity, "\"Z\" không có");
        }

        Assert.Null(await Store.BallotAsync(Year, more[0].Code));
    }

    [Fact]
    [Trait("Requirement", "R-4.4")]
    public async Task The_questionnaire_is_kept_with_the_catalogue_and_locked_once_ballots_arrive()
    {
        const string unitId = "trung-tam-kiem-soat-benh-tat";
        await SurveyYear.SetUpAsync(host, "03", (unitId, "Trung tâm Kiểm soát bệnh tật"));
        using var admin = host.Client();
        var path = $"/api/years/{Year}/catalogues/03/questionnaire";
        var current = await admin.GetFromJsonAsync<JsonObject>(path);
        Assert.False(current!["draft"]!.GetValue<bool>());

        var body = new JsonObject { ["groups"] = current["groups"]!.DeepClone(), ["questions"] = current["questions"]!.DeepClone() };
        body["questions"]![0]!["options"]![0]!["percent"] = 150;
        body["questions"]![1]!["criterion"] = "I.1";
        using (var invalid = await admin.PutAsync(path, LocalHostFixture.Json(body.ToJsonString())))
        {
            await ProblemAssert.HasStatusAsync(invalid, HttpStatusCode.UnprocessableEntity, "chưa lưu gì");
        }

        body["questions"]![0]!["options"]![0]!["percent"] = 90;
        body["questions"]![1]!["criterion"] = current["questions"]![1]!["criterion"]!.GetValue<string>();
        body["questions"]![0]!["text"] = "Ông/Bà đánh giá thế nào về năng lực lãnh đạo của đơn vị?";
        using (var saved = await admin.PutAsync(path, LocalHostFixture.Json(body.ToJsonString())))
        {
            Assert.Equal(HttpStatusCode.OK, saved.StatusCode);
        }

        var stored = (await Store.GetQuestionnaireAsync(Year, "03"))!.Questionnaire;
        Assert.Equal(90m, stored.Questions[0].Options[0].Percent);

        using (var staff = host.Client("chuyenvien@soyte.phutho.gov.vn"))
        using (var forbidden = await staff.PutAsync(path, LocalHostFixture.Json(body.ToJsonString())))
        {
            Assert.Equal(HttpStatusCode.Forbidden, forbidden.StatusCode);
        }

        var respondent = (await SurveyYear.RegisterAsync(host, unitId, SurveyDefaults.Delegates, 1, "KSBT-HD"))[0];
        await SurveyYear.TypeInAsync(host, unitId, [(respondent.Code, SurveyYear.AllAnswered(stored, SurveyDefaults.Delegates))]);
        using (var locked = await admin.PutAsync(path, LocalHostFixture.Json(body.ToJsonString())))
        {
            await ProblemAssert.HasStatusAsync(locked, HttpStatusCode.Conflict, "Đã có 1 phiếu khảo sát");
        }
    }

    [Fact]
    [Trait("Requirement", "R-4.2")]
    public async Task Respondents_are_registered_all_or_nothing_and_invited_once_by_e_mail()
    {
        const string unitId = "so-van-hoa";
        await SurveyYear.SetUpAsync(host, "01", (unitId, "Sở Văn hóa, Thể thao và Du lịch"));
        using var admin = host.Client();
        var path = $"/api/years/{Year}/survey/respondents";
        using (var refused = await admin.PostAsJsonAsync(path, new
        {
            respondents = new object[]
            {
                new { code = "VH-01", unitId, group = "HDND", name = "Trần Thị Lan", email = "lan.tran@hdnd.phutho.vn" },
                new { code = "VH-02", unitId = "khong-co", group = "HDND", name = "Lê Văn Nam" },
                new { code = "VH-03", unitId, group = "XYZ", name = "Phạm Minh" },
                new { code = "VH-01", unitId, group = "DN", name = "Trùng mã", email = "khong-phai-email" },
            },
        }))
        {
            var text = await ProblemAssert.HasStatusAsync(refused, HttpStatusCode.UnprocessableEntity, "chưa lưu người nào");
            Assert.Contains("khong-co", text, StringComparison.Ordinal);
            Assert.Contains("Nhóm \"XYZ\" không có", text, StringComparison.Ordinal);
            Assert.Contains("hai lần", text, StringComparison.Ordinal);
            Assert.Contains("không phải địa chỉ thư điện tử", text, StringComparison.Ordinal);
        }

        Assert.DoesNotContain((await Store.RespondentsAsync(Year)), r => r.UnitId == unitId);

        using (var saved = await admin.PostAsJsonAsync(path, new
        {
            respondents = new object[]
            {
                new { code = "VH-01", unitId, group = "HDND", name = "Trần Thị Lan", email = "Lan.Tran@hdnd.phutho.vn" },
                new { code = "VH-02", unitId, group = "DN", name = "Công ty CP Du lịch Đền Hùng", phone = "0210 3846 111" },
            },
        }))
        {
            Assert.Equal(HttpStatusCode.OK, saved.StatusCode);
        }

        var invitations = $"/api/years/{Year}/survey/invitations";
        var first = await (await admin.PostAsJsonAsync(invitations, new { unitId })).Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(1, first.GetProperty("sent").GetInt32());
        Assert.Equal(["VH-02"], first.GetProperty("noEmail").EnumerateArray().Select(code => code.GetString()));
        var second = await (await admin.PostAsJsonAsync(invitations, new { unitId })).Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal((0, 1), (second.GetProperty("sent").GetInt32(), second.GetProperty("alreadySent").GetInt32()));

        var mail = Assert.Single(await RecordingGraph.MessagesAsync(host, "lan.tran@hdnd.phutho.vn"));
        Assert.Contains("Sở Văn hóa, Thể thao và Du lịch", mail.Subject, StringComparison.Ordinal);
        Assert.Contains("/survey-ballot?token=", mail.HtmlBody, StringComparison.Ordinal);

        // The working group can hand over a link in person (no e-mail): it opens that respondent's ballot.
        var link = await (await admin.PostAsync($"/api/years/{Year}/survey/respondents/VH-02/link", null)).Content.ReadFromJsonAsync<JsonElement>();
        var token = Uri.UnescapeDataString(link.GetProperty("url").GetString()!.Split("token=")[1]);
        using var phone = LinkClient(token);
        var ballot = await phone.GetFromJsonAsync<JsonElement>($"/api/years/{Year}/survey/ballots/VH-02");
        Assert.Equal("Công ty CP Du lịch Đền Hùng", ballot.GetProperty("name").GetString());
    }

    private SurveyStore Store => host.Services.GetRequiredService<SurveyStore>();

    private HttpClient LinkClient(string token)
    {
        var client = host.Client(email: null);
        client.DefaultRequestHeaders.Add("X-Survey-Token", token);
        return client;
    }

    private static Task<JsonElement> UnitSurveyAsync(HttpClient admin, string unitId) =>
        admin.GetFromJsonAsync<JsonElement>($"/api/years/{Year}/units/{unitId}/survey");

    private static decimal V1(JsonElement survey) =>
        survey.GetProperty("criteria").EnumerateArray().Where(c => c.GetProperty("code").GetString()!.StartsWith("V.1.", StringComparison.Ordinal)).Sum(c => c.GetProperty("points").GetDecimal());

    private static JsonElement Group(JsonElement survey, string code) =>
        survey.GetProperty("groups").EnumerateArray().Single(g => g.GetProperty("code").GetString() == code);

    /// <summary>The rule written out again: each leaf earns its maximum × the average %, to 2 decimals, half away from zero.</summary>
    private static decimal HandPoints(IEnumerable<Criterion> leaves, decimal averagePercent) =>
        leaves.Sum(leaf => decimal.Round(leaf.MaxScore * averagePercent / 100m, 2, MidpointRounding.AwayFromZero));
}
