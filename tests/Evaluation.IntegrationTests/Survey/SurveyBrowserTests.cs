using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using Evaluation.Domain.Calendar;
using Evaluation.Domain.Survey;
using Evaluation.Infrastructure.Storage;
using Evaluation.Infrastructure.Survey;
using Evaluation.IntegrationTests.Browser;
using Evaluation.IntegrationTests.Infrastructure;
using Evaluation.IntegrationTests.Leaders;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Evaluation.IntegrationTests.Survey;

/// <summary>
/// The survey's two pages in a real browser on the local host, in Vietnamese (R-4.2–R-4.4, journey 6). A respondent
/// opens the personal link on a phone-sized screen: an unanswered question is marked before anything is sent, a lost
/// connection keeps the answers, the ballot is recorded once and the link then shows it read-only. A link that has
/// expired or belongs to another year shows only why. The working group records a failed phone re-verification on a
/// unit's page and sees the ballot excluded and the figures follow the API; imports a spreadsheet with an invalid
/// row, sees the row's error, confirms the valid rows and finds them counted. Without a sign-in the page asks for
/// one; another role is refused. Each test surveys units and respondents of its own on the class's year.
/// </summary>
public sealed class SurveyBrowserTests(LocalHostFixture host, BrowserFixture browser)
    : IClassFixture<LocalHostFixture>, IClassFixture<BrowserFixture>
{
    private const string IndexSet = "01";
    private const float LoadTimeout = 20_000;

    private readonly BrowserSession _session = new(browser, host);

    private static int Year => SurveyYear.Year;

    private static string SurveyPagePath => $"/app/years/{Year}/survey";

    private SurveyStore Store => host.Services.GetRequiredService<SurveyStore>();

    [Fact]
    [Trait("Requirement", "R-4.2")]
    public async Task A_respondent_answers_on_a_phone_once_and_the_link_then_shows_the_recorded_answers()
    {
        const string unitId = "so-khao-sat-dien-thoai";
        var questionnaire = await SurveyYear.SetUpAsync(host, IndexSet, (unitId, "Sở Khảo Sát Điện Thoại"));
        var respondent = (await SurveyYear.RegisterAsync(host, unitId, SurveyDefaults.Citizens, 1, "DTD"))[0];
        var questions = questionnaire.QuestionsFor(SurveyDefaults.Citizens);
        var token = await host.Services.GetRequiredService<SurveyLinks>().CreateTokenAsync(Year, respondent.Code, DateTimeOffset.UtcNow.AddDays(2));

        await using var phone = await _session.NewContextAsync();
        var page = await _session.OpenAsync(phone, SurveyLinks.PagePath(Year, token));
        await page.SetViewportSizeAsync(375, 740);

        // Who asks, about which unit, who answers and until when.
        await Expect(page.Locator("#survey-form")).ToBeVisibleAsync(new() { Timeout = LoadTimeout });
        await Expect(page.Locator("#survey-head .asker")).ToContainTextAsync("Sở Nội vụ tỉnh Phú Thọ");
        await Expect(page.Locator("#unit-name")).ToHaveTextAsync("Sở Khảo Sát Điện Thoại");
        await Expect(page.Locator("#respondent-name")).ToHaveTextAsync(respondent.Name);
        await Expect(page.Locator("#respondent-group")).ToHaveTextAsync(SurveyDefaults.CitizensGroup.Title);
        await Expect(page.Locator("#deadline")).ToContainTextAsync("Hạn trả lời:");
        await Expect(page.Locator("fieldset.question")).ToHaveCountAsync(questions.Count);

        // Phone first: nothing wider than the screen, each option a large touch target.
        Assert.True(await page.EvaluateAsync<int>("document.documentElement.scrollWidth") <= 375, "The questionnaire is wider than a 375 px phone.");
        var firstOption = await page.Locator("label.option").First.BoundingBoxAsync();
        Assert.True(firstOption is { Height: >= 44 }, $"An option is {firstOption?.Height} px high; a touch target needs 44 px or more.");

        // The second question left out: marked before anything is sent.
        var chosen = questions.Select((question, index) => (question.Code, Option: index == 0 ? "B" : "A")).ToDictionary(pair => pair.Code, pair => pair.Option);
        foreach (var (code, option) in chosen.Where(pair => pair.Key != questions[1].Code))
        {
            await Choose(page, code, option);
        }

        await page.Locator("#send").ClickAsync();
        var skipped = page.Locator($"fieldset.question[data-question='{questions[1].Code}']");
        await Expect(skipped).ToHaveClassAsync(new System.Text.RegularExpressions.Regex("missing"));
        await Expect(skipped.Locator(".question-error")).ToHaveTextAsync("Chưa chọn câu trả lời cho câu này.");
        await Expect(page.Locator("#send-message")).ToContainTextAsync("Còn 1 câu chưa trả lời (câu 2)");
        Assert.Null(await Store.BallotAsync(Year, respondent.Code));

        // Answered, but the connection drops on sending: the answers stay on screen and sending again works.
        await Choose(page, questions[1].Code, chosen[questions[1].Code]);
        await Expect(skipped).Not.ToHaveClassAsync(new System.Text.RegularExpressions.Regex("missing"));
        var dropped = false;
        await page.RouteAsync("**/api/years/*/survey/ballots/*", async route =>
        {
            if (route.Request.Method == "PUT" && !dropped)
            {
                dropped = true;
                await route.AbortAsync();
                return;
            }

            await route.ContinueAsync();
        });
        await page.Locator("#send").ClickAsync();
        await Expect(page.Locator("#send-message")).ToContainTextAsync("Không kết nối được máy chủ", new() { Timeout = LoadTimeout });
        await Expect(page.Locator("#send-message")).ToContainTextAsync("vẫn còn trên trang");
        await Expect(page.Locator($"fieldset[data-question='{questions[0].Code}'] input[value='B']")).ToBeCheckedAsync();
        Assert.Null(await Store.BallotAsync(Year, respondent.Code));

        await page.Locator("#send").ClickAsync();
        await Expect(page.Locator("#answered-title")).ToHaveTextAsync("Cảm ơn Ông/Bà đã trả lời phiếu khảo sát!", new() { Timeout = LoadTimeout });
        var ballot = await Store.BallotAsync(Year, respondent.Code);
        Assert.NotNull(ballot);
        Assert.Equal(BallotSource.Online, ballot.Source);
        Assert.Equal(chosen.OrderBy(pair => pair.Key), ballot.Answers.OrderBy(pair => pair.Key));
        var answeredAt = ProvinceTime.Format(ballot.At);
        await Expect(page.Locator("#answered-note")).ToContainTextAsync($"Phiếu đã được ghi nhận lúc {answeredAt}");
        await Expect(page.Locator("#survey-form")).ToBeHiddenAsync();

        // The link again: answered, when, and the answers read-only.
        await page.ReloadAsync();
        await Expect(page.Locator("#answered-title")).ToHaveTextAsync($"Phiếu đã được trả lời lúc {answeredAt}", new() { Timeout = LoadTimeout });
        await Expect(page.Locator("#survey-form")).ToBeHiddenAsync();
        await Expect(page.Locator("input[type=radio]")).ToHaveCountAsync(0);
        await Expect(page.Locator("#send")).ToBeHiddenAsync();
        var firstAnswer = questions[0].Options.Single(option => option.Code == "B");
        await Expect(page.Locator($"#answered-list li[data-question='{questions[0].Code}'] .answered-option")).ToHaveTextAsync($"Trả lời: B. {firstAnswer.Text}");

        // The one-time rule is the API's: a second answer through the link is refused, the first kept.
        using (var again = host.Client(email: null))
        {
            again.DefaultRequestHeaders.Add("X-Survey-Token", token);
            using var refused = await again.PutAsJsonAsync($"/api/years/{Year}/survey/ballots/{respondent.Code}", new { answers = SurveyYear.AllAnswered(questionnaire, SurveyDefaults.Citizens, "D") });
            Assert.Equal(HttpStatusCode.Conflict, refused.StatusCode);
            Assert.Contains("đã được trả lời lúc", (await refused.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("detail").GetString());
        }

        Assert.Equal(chosen.OrderBy(pair => pair.Key), (await Store.BallotAsync(Year, respondent.Code))!.Answers.OrderBy(pair => pair.Key));
        Assert.Empty(_session.ScriptErrors);
    }

    [Fact]
    [Trait("Requirement", "R-4.2")]
    public async Task An_expired_link_or_another_years_link_shows_only_why_it_cannot_be_opened()
    {
        const string unitId = "so-lien-ket-cu";
        await SurveyYear.SetUpAsync(host, IndexSet, (unitId, "Sở Liên Kết Cũ"));
        var respondent = (await SurveyYear.RegisterAsync(host, unitId, SurveyDefaults.Delegates, 1, "LKC"))[0];
        var links = host.Services.GetRequiredService<SurveyLinks>();
        var expired = await links.CreateTokenAsync(Year, respondent.Code, DateTimeOffset.UtcNow.AddMinutes(-5));
        var nextYears = await links.CreateTokenAsync(Year + 1, respondent.Code, DateTimeOffset.UtcNow.AddDays(2));

        await using var phone = await _session.NewContextAsync();
        var page = await _session.OpenAsync(phone, SurveyLinks.PagePath(Year, expired));
        await Expect(page.Locator("#link-refused h1")).ToHaveTextAsync("Không mở được phiếu khảo sát");
        await Expect(page.Locator("#refusal")).ToContainTextAsync("Cuộc khảo sát đã kết thúc lúc");
        await Expect(page.Locator("#survey-form")).ToHaveCountAsync(0);
        await Expect(page.Locator("body")).Not.ToContainTextAsync(respondent.Name);
        await Expect(page.Locator("body")).Not.ToContainTextAsync("Sở Liên Kết Cũ");

        await page.GotoAsync($"/app/years/{Year}/survey-ballot?token={Uri.EscapeDataString(nextYears)}");
        await Expect(page.Locator("#refusal")).ToContainTextAsync($"phiếu khảo sát năm {Year + 1}, không dùng được cho năm {Year}");
        await Expect(page.Locator("#survey-form")).ToHaveCountAsync(0);
        Assert.Empty(_session.ScriptErrors);
    }

    [Fact]
    [Trait("Requirement", "R-4.3")]
    [Trait("Requirement", "R-4.4")]
    public async Task The_working_group_records_a_failed_phone_re_verification_and_the_ballot_no_longer_counts()
    {
        const string unitId = "so-phuc-tra";
        const string note = "Gọi điện: người được khảo sát cho biết không trực tiếp trả lời phiếu.";
        var questionnaire = await SurveyYear.SetUpAsync(host, IndexSet, (unitId, "Sở Phúc Tra"));
        var delegates = await SurveyYear.RegisterAsync(host, unitId, SurveyDefaults.Delegates, 3, "PTH");
        await SurveyYear.TypeInAsync(host, unitId, delegates.Zip(["A", "A", "D"]).Select(pair => (pair.First.Code, SurveyYear.AllAnswered(questionnaire, SurveyDefaults.Delegates, pair.Second))));
        var checkedCode = delegates[0].Code;
        var firstQuestion = questionnaire.QuestionsFor(SurveyDefaults.Delegates)[0].Code;
        var before = await UnitSurveyAsync(unitId);

        await using var desk = await _session.NewContextAsync(LocalHostFixture.Admin);
        var page = await _session.OpenAsync(desk, $"{SurveyPagePath}?tab=unit&unit={unitId}");
        await Expect(page.Locator("#unit-name")).ToHaveTextAsync("Sở Phúc Tra", new() { Timeout = LoadTimeout });
        await ExpectFiguresAsync(page, before, firstQuestion);
        await Expect(page.Locator("#unit-ballots tr.ballot")).ToHaveCountAsync(3);
        await Expect(page.Locator("#unit-ballots .excluded-badge")).ToHaveCountAsync(0);

        // The phone call: the respondent did not answer the ballot themselves.
        var ballotRow = page.Locator($"#unit-ballots tr.ballot[data-respondent='{checkedCode}']");
        var verifyRow = page.Locator($"#unit-ballots tr.verify-row[data-respondent='{checkedCode}']");
        await ballotRow.Locator("button.verify-open").ClickAsync();
        await Expect(verifyRow.Locator(".history-empty")).ToHaveTextAsync("Chưa phúc tra.");
        await verifyRow.Locator("select.verify-method").SelectOptionAsync("phone");
        await verifyRow.Locator("input.verify-refuted").CheckAsync();
        await verifyRow.Locator("input.verify-note").FillAsync(note);
        await verifyRow.Locator("button.verify-save").ClickAsync();

        await Expect(ballotRow.Locator(".excluded-badge")).ToHaveTextAsync("Bị loại (phúc tra không đạt)", new() { Timeout = LoadTimeout });
        var after = await UnitSurveyAsync(unitId);
        var delegatesBefore = Group(before, SurveyDefaults.Delegates);
        var delegatesAfter = Group(after, SurveyDefaults.Delegates);
        Assert.Equal(delegatesBefore.GetProperty("valid").GetInt32() - 1, delegatesAfter.GetProperty("valid").GetInt32());
        Assert.NotEqual(before.GetProperty("total").GetDecimal(), after.GetProperty("total").GetDecimal());
        await ExpectFiguresAsync(page, after, firstQuestion);

        // The check is kept with the ballot: how, the outcome and the note.
        await ballotRow.Locator("button.verify-open").ClickAsync();
        var history = verifyRow.Locator(".check-history tbody tr");
        await Expect(history).ToHaveCountAsync(1);
        await Expect(history).ToContainTextAsync("Qua điện thoại");
        await Expect(history).ToContainTextAsync("Không xác nhận");
        await Expect(history).ToContainTextAsync(note);

        // The unit and tab are in the address: a reload opens the same view.
        await page.ReloadAsync();
        await Expect(page.Locator("#unit-name")).ToHaveTextAsync("Sở Phúc Tra", new() { Timeout = LoadTimeout });
        await Expect(ballotRow.Locator(".excluded-badge")).ToBeVisibleAsync();

        // The overview follows: valid/quota with the shortfall, the exclusion and the points.
        await page.Locator("#tab-overview").ClickAsync();
        var line = page.Locator($"#overview-{IndexSet} tr[data-unit-id='{unitId}']");
        var valid = delegatesAfter.GetProperty("valid").GetInt32();
        var quota = delegatesAfter.GetProperty("quota").GetInt32();
        await Expect(line.Locator($"td[data-group='{SurveyDefaults.Delegates}'] .count")).ToHaveTextAsync($"{valid}/{quota}", new() { Timeout = LoadTimeout });
        await Expect(line.Locator($"td[data-group='{SurveyDefaults.Delegates}'] .shortfall")).ToHaveTextAsync($"thiếu {quota - valid}");
        await Expect(line.Locator("td.excluded")).ToHaveTextAsync("1");
        await Expect(line.Locator("td.points")).ToHaveTextAsync(Num(after.GetProperty("total").GetDecimal()));
        Assert.Empty(_session.ScriptErrors);
    }

    [Fact]
    [Trait("Requirement", "R-4.2")]
    public async Task The_working_group_imports_a_spreadsheet_with_an_invalid_row_confirms_the_valid_rows_and_sees_them_counted()
    {
        const string unitId = "so-nhap-excel";
        var questionnaire = await SurveyYear.SetUpAsync(host, IndexSet, (unitId, "Sở Nhập Excel"));
        var citizens = await SurveyYear.RegisterAsync(host, unitId, SurveyDefaults.Citizens, 3, "NXD");
        var lastQuestion = questionnaire.QuestionsFor(SurveyDefaults.Citizens)[^1].Code;

        // From the start page to the survey page, then the import tab.
        await using var desk = await _session.NewContextAsync(LocalHostFixture.Admin);
        var page = await _session.OpenAsync(desk, $"/app?year={Year}");
        await page.Locator("#survey-link").ClickAsync();
        await Expect(page.Locator("#survey-title")).ToContainTextAsync($"Điều tra xã hội học năm {Year}");
        await page.Locator("#tab-import").ClickAsync();
        await page.Locator("#import-set").SelectOptionAsync(IndexSet);

        // The template through the page's link, filled in as from the paper ballots: the third misses a question.
        var download = await page.RunAndWaitForDownloadAsync(() => page.Locator("#template-link").ClickAsync());
        var template = await File.ReadAllBytesAsync(await download.PathAsync());
        var invalidRow = 0;
        var file = SurveyImportSheet.Fill(template, sheet =>
        {
            sheet.Answer(sheet.RowOf(citizens[0].Code), SurveyYear.AllAnswered(questionnaire, SurveyDefaults.Citizens, "A"));
            sheet.Answer(sheet.RowOf(citizens[1].Code), SurveyYear.AllAnswered(questionnaire, SurveyDefaults.Citizens, "B"));
            invalidRow = sheet.RowOf(citizens[2].Code);
            sheet.Answer(invalidRow, SurveyYear.AllAnswered(questionnaire, SurveyDefaults.Citizens, "C"));
            sheet.Set(invalidRow, lastQuestion, null);
        });

        await page.Locator("#import-file").SetInputFilesAsync(new FilePayload { Name = "phieu-da-dien.xlsx", MimeType = SurveyWorkbook.ContentType, Buffer = file });
        await page.Locator("#import-submit").ClickAsync();
        var errorRow = page.Locator($"#import-errors tr[data-row='{invalidRow}']");
        await Expect(errorRow).ToContainTextAsync(citizens[2].Code, new() { Timeout = LoadTimeout });
        await Expect(errorRow).ToContainTextAsync($"thiếu câu {lastQuestion}");
        await Expect(page.Locator("#import-errors tbody tr")).ToHaveCountAsync(1);
        await Expect(page.Locator("#import-message")).ToContainTextAsync("chưa phiếu nào được lưu");
        await Expect(page.Locator("#import-confirm")).ToHaveTextAsync("Chỉ nhập 2 phiếu hợp lệ");
        Assert.DoesNotContain(await Store.BallotsAsync(Year), ballot => ballot.UnitId == unitId);

        await page.Locator("#import-confirm").ClickAsync();
        await Expect(page.Locator("#import-message")).ToContainTextAsync($"Đã nhập 2 phiếu khảo sát của bộ chỉ số {IndexSet}", new() { Timeout = LoadTimeout });
        await Expect(page.Locator("#import-confirm")).ToHaveCountAsync(0);
        Assert.Equal(
            [citizens[0].Code, citizens[1].Code],
            (await Store.BallotsAsync(Year)).Where(ballot => ballot.UnitId == unitId).Select(ballot => ballot.RespondentCode).Order(StringComparer.Ordinal));

        // The overview counts them, as the API does.
        await page.Locator("#tab-overview").ClickAsync();
        var tally = Group(await UnitSurveyAsync(unitId), SurveyDefaults.Citizens);
        Assert.Equal(2, tally.GetProperty("valid").GetInt32());
        var cell = page.Locator($"#overview-{IndexSet} tr[data-unit-id='{unitId}'] td[data-group='{SurveyDefaults.Citizens}']");
        await Expect(cell.Locator(".count")).ToHaveTextAsync($"2/{tally.GetProperty("quota").GetInt32()}", new() { Timeout = LoadTimeout });
        Assert.Empty(_session.ScriptErrors);
    }

    [Fact]
    [Trait("Requirement", "R-4.2")]
    public async Task The_working_group_registers_a_respondent_hands_over_a_personal_link_and_invites_once()
    {
        const string unitId = "so-moi-khao-sat";
        await SurveyYear.SetUpAsync(host, IndexSet, (unitId, "Sở Mời Khảo Sát"));

        await using var desk = await _session.NewContextAsync(LocalHostFixture.Admin);
        var page = await _session.OpenAsync(desk, $"{SurveyPagePath}?tab=unit&unit={unitId}");
        await Expect(page.Locator("#unit-respondents h2")).ToHaveTextAsync("Người được khảo sát (0)", new() { Timeout = LoadTimeout });

        // A wrong e-mail address: the API's reason next to the field, nobody registered.
        var form = page.Locator("#respondent-form");
        await form.Locator("input[name=code]").FillAsync("MKS01");
        await form.Locator("select[name=group]").SelectOptionAsync(SurveyDefaults.Citizens);
        await form.Locator("input[name=name]").FillAsync("Trần Thị Mời");
        await form.Locator("input[name=phone]").FillAsync("0912 345 678");
        await form.Locator("input[name=email]").FillAsync("khong-phai-thu");
        await form.Locator("input[name=organisation]").FillAsync("Công ty Cổ phần Chè Phú Thọ");
        await page.Locator("#respondent-save").ClickAsync();
        await Expect(form.Locator(".field-error[data-field=email]")).ToContainTextAsync("không phải địa chỉ thư điện tử", new() { Timeout = LoadTimeout });
        await Expect(page.Locator("#respondent-message")).ToContainTextAsync("chưa lưu người nào");
        Assert.Null(await Store.RespondentAsync(Year, "MKS01"));

        await form.Locator("input[name=email]").FillAsync("moi.khaosat@chephutho.vn");
        await page.Locator("#respondent-save").ClickAsync();
        await Expect(page.Locator("#respondent-message")).ToContainTextAsync("Đã đăng ký Trần Thị Mời (MKS01)", new() { Timeout = LoadTimeout });
        var row = page.Locator("#respondents tr[data-code='MKS01']");
        await Expect(row).ToContainTextAsync("Chưa trả lời");
        Assert.Equal(SurveyDefaults.Citizens, (await Store.RespondentAsync(Year, "MKS01"))!.Group);

        // The personal link to copy, for a respondent reached by phone or chat: it opens their questionnaire.
        await row.Locator("button.create-link").ClickAsync();
        var url = await row.Locator("input.link-url").InputValueAsync();
        Assert.Contains($"/app/years/{Year}/survey-ballot?token=", url, StringComparison.Ordinal);
        await using (var phone = await _session.NewContextAsync())
        {
            var ballot = await _session.OpenAsync(phone, new Uri(url).PathAndQuery);
            await Expect(ballot.Locator("#respondent-name")).ToHaveTextAsync("Trần Thị Mời", new() { Timeout = LoadTimeout });
            await Expect(ballot.Locator("#unit-name")).ToHaveTextAsync("Sở Mời Khảo Sát");
        }

        // Invitations by e-mail: sent once, a second press sends nothing again.
        await page.Locator("#send-invitations").ClickAsync();
        await Expect(page.Locator("#invitations-message")).ToContainTextAsync("Đã gửi 1 thư mời mới; 0 người đã được gửi trước đó", new() { Timeout = LoadTimeout });
        await page.Locator("#send-invitations").ClickAsync();
        await Expect(page.Locator("#invitations-message")).ToContainTextAsync("Đã gửi 0 thư mời mới; 1 người đã được gửi trước đó", new() { Timeout = LoadTimeout });
        Assert.Empty(_session.ScriptErrors);
    }

    [Fact]
    [Trait("Requirement", "R-4.4")]
    [Trait("Requirement", "R-4.1")]
    public async Task An_index_set_without_a_questionnaire_is_flagged_and_its_draft_is_saved_after_a_refused_edit()
    {
        const string draftSet = "02";
        const string unitId = "ubnd-huyen-bang-hoi";
        await LeaderBallotYear.SetStageAsync(host, AppraisalCalendar.Round1);
        await LeaderBallotYear.LoadCatalogueAsync(host, draftSet);
        await LeaderBallotYear.AddUnitAsync(host, unitId, "UBND huyện Bảng Hỏi", draftSet);
        Assert.Null(await Store.GetQuestionnaireAsync(Year, draftSet));

        await using var desk = await _session.NewContextAsync(LocalHostFixture.Admin);
        var page = await _session.OpenAsync(desk, SurveyPagePath);
        var flag = page.Locator($"#missing-questionnaires p[data-index-set='{draftSet}']");
        await Expect(flag).ToContainTextAsync($"Bộ chỉ số {draftSet} chưa có bảng câu hỏi", new() { Timeout = LoadTimeout });
        await Expect(page.Locator($"#overview-{draftSet} tr[data-unit-id='{unitId}']")).ToContainTextAsync("Chưa có bảng câu hỏi");
        await flag.Locator("button.open-questionnaire").ClickAsync();

        // The draft, read-only: groups with their quotas, a question per section V leaf with its options' percentages.
        await Expect(page.Locator("#questionnaire-status")).ToContainTextAsync("Bản nháp", new() { Timeout = LoadTimeout });
        Assert.Contains($"set={draftSet}", page.Url, StringComparison.Ordinal);
        await Expect(page.Locator("#questionnaire-set")).ToHaveValueAsync(draftSet);
        await Expect(page.Locator($"#questionnaire-groups tr[data-group='{SurveyDefaults.Delegates}'] td.num")).ToHaveTextAsync("20");
        await Expect(page.Locator($"#questionnaire-groups tr[data-group='{SurveyDefaults.Citizens}'] td.num")).ToHaveTextAsync("40");
        var catalogue = (await host.Services.GetRequiredService<CatalogueStore>().GetAsync(Year, draftSet))!;
        var draft = SurveyDefaults.Draft(catalogue);
        await Expect(page.Locator("#questionnaire-questions tbody tr")).ToHaveCountAsync(draft.Questions.Count);
        await Expect(page.Locator($"#questionnaire-questions tr[data-question='{draft.Questions[0].Code}']")).ToContainTextAsync("A. Rất tốt / Rất hài lòng (100 %)");
        await Expect(page.Locator("#questionnaire-body")).Not.ToContainTextAsync("null");

        // An advanced edit with a percentage above 100: refused, the error named by its field, nothing saved.
        await page.Locator("#questionnaire-advanced summary").ClickAsync();
        var json = JsonNode.Parse(await page.Locator("#questionnaire-json").InputValueAsync())!;
        json["questions"]![0]!["options"]![0]!["percent"] = 150;
        await page.Locator("#questionnaire-json").FillAsync(json.ToJsonString());
        await page.Locator("#save-questionnaire-json").ClickAsync();
        await Expect(page.Locator("#questionnaire-message li[data-field='questions[0].options[0].percent']")).ToContainTextAsync("từ 0 đến 100", new() { Timeout = LoadTimeout });
        await Expect(page.Locator("#questionnaire-status")).ToContainTextAsync("Bản nháp");
        Assert.Null(await Store.GetQuestionnaireAsync(Year, draftSet));

        // The draft as it is: saved, and the overview no longer flags the index set.
        await page.Locator("#save-questionnaire").ClickAsync();
        await Expect(page.Locator("#questionnaire-message")).ToContainTextAsync($"Đã lưu bảng câu hỏi của bộ chỉ số {draftSet}: {draft.Questions.Count} câu hỏi", new() { Timeout = LoadTimeout });
        await Expect(page.Locator("#questionnaire-status")).ToContainTextAsync($"Đã lưu bởi {LocalHostFixture.Admin}");
        await Expect(page.Locator("#save-questionnaire")).ToHaveCountAsync(0);
        var saved = await Store.GetQuestionnaireAsync(Year, draftSet);
        Assert.NotNull(saved);
        Assert.Equal(draft.Questions.Select(question => question.Code), saved.Questionnaire.Questions.Select(question => question.Code));

        await page.ReloadAsync();
        await Expect(page.Locator("#questionnaire-status")).ToContainTextAsync($"Đã lưu bởi {LocalHostFixture.Admin}", new() { Timeout = LoadTimeout });
        await page.Locator("#tab-overview").ClickAsync();
        await Expect(page.Locator($"#overview-{draftSet} tr[data-unit-id='{unitId}'] td[data-group='{SurveyDefaults.Citizens}'] .count")).ToHaveTextAsync("0/40", new() { Timeout = LoadTimeout });
        await Expect(flag).ToHaveCountAsync(0);
        Assert.Empty(_session.ScriptErrors);
    }

    [Fact]
    [Trait("Requirement", "R-4.3")]
    public async Task The_survey_page_asks_an_anonymous_visitor_to_sign_in_and_refuses_other_roles()
    {
        const string unitId = "so-khong-dang-nhap";
        await SurveyYear.SetUpAsync(host, IndexSet, (unitId, "Sở Không Đăng Nhập"));
        var leader = await LeaderBallotYear.AddLeaderAsync(host, "lanhdao.khaosat@trinhduyet.phutho.vn", "Lê Khảo Sát");

        await using var anonymous = await _session.NewContextAsync();
        var page = await _session.OpenAsync(anonymous, SurveyPagePath);
        await Expect(page.Locator("#sign-in")).ToBeVisibleAsync();
        await Expect(page.Locator("body")).ToContainTextAsync("Bạn chưa đăng nhập");
        await Expect(page.Locator("#view-overview")).ToHaveCountAsync(0);
        await Expect(page.Locator("body")).Not.ToContainTextAsync("Sở Không Đăng Nhập");
        Assert.Contains(Uri.EscapeDataString(SurveyPagePath), await page.Locator("#sign-in").GetAttributeAsync("href"));

        using var leaderClient = host.Client(leader);
        using var refused = await leaderClient.GetAsync(SurveyPagePath);
        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        Assert.Contains("Trang khảo sát dành cho Tổ công tác", WebUtility.HtmlDecode(await refused.Content.ReadAsStringAsync()));
        Assert.Empty(_session.ScriptErrors);
    }

    private static Task Choose(IPage page, string question, string option) =>
        page.Locator($"fieldset.question[data-question='{question}'] label.option:has(input[value='{option}'])").ClickAsync();

    /// <summary>The unit page shows the API's figures: points, the delegates' tally and one question's inputs.</summary>
    private static async Task ExpectFiguresAsync(IPage page, JsonElement survey, string question)
    {
        var delegates = Group(survey, SurveyDefaults.Delegates);
        await Expect(page.Locator("#unit-total")).ToHaveTextAsync(Num(survey.GetProperty("total").GetDecimal()), new() { Timeout = LoadTimeout });
        var row = page.Locator($"#unit-groups tr[data-group='{SurveyDefaults.Delegates}']");
        await Expect(row.Locator("td.valid")).ToHaveTextAsync(delegates.GetProperty("valid").GetInt32().ToString(CultureInfo.InvariantCulture));
        await Expect(row.Locator("td.excluded")).ToHaveTextAsync(delegates.GetProperty("excluded").GetInt32().ToString(CultureInfo.InvariantCulture));
        var conversion = survey.GetProperty("criteria").EnumerateArray().SelectMany(c => c.GetProperty("questions").EnumerateArray())
            .Single(q => q.GetProperty("code").GetString() == question);
        var line = page.Locator($"#unit-conversion tr[data-question='{question}']");
        await Expect(line.Locator("td.valid-ballots")).ToHaveTextAsync(conversion.GetProperty("validBallots").GetInt32().ToString(CultureInfo.InvariantCulture));
        await Expect(line.Locator("td.average")).ToHaveTextAsync(Num(conversion.GetProperty("averagePercent").GetDecimal()) + " %");
        await Expect(line.Locator("td[data-option='A']")).ToHaveTextAsync(conversion.GetProperty("optionCounts").GetProperty("A").GetInt32().ToString(CultureInfo.InvariantCulture));
    }

    private async Task<JsonElement> UnitSurveyAsync(string unitId)
    {
        using var admin = host.Client();
        return await admin.GetFromJsonAsync<JsonElement>($"/api/years/{Year}/units/{unitId}/survey");
    }

    private static JsonElement Group(JsonElement survey, string code) =>
        survey.GetProperty("groups").EnumerateArray().Single(group => group.GetProperty("code").GetString() == code);

    /// <summary>A number as the pages write it (page-kit.js num): decimal comma, no trailing zeros.</summary>
    private static string Num(decimal value) => value.ToString("0.###", CultureInfo.InvariantCulture).Replace('.', ',');
}
