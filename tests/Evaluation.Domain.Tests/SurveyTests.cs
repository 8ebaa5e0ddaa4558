using System.Text.Json;
using Evaluation.Domain.Catalogues;
using Evaluation.Domain.Survey;
using Evaluation.Infrastructure.Seed;
using Xunit;

namespace Evaluation.Domain.Tests;

/// <summary>The survey's rules: the questionnaire's checks, a ballot's validity and the conversion to section V points.</summary>
public class SurveyTests
{
    private static readonly Catalogue Catalogue = TestCatalogues.ReadValid(TestCatalogues.Minimal());
    private static readonly DateTimeOffset At = new(2025, 12, 10, 9, 0, 0, TimeSpan.FromHours(7));

    private static readonly AnswerOption[] Scale = [new("A", "Rất tốt", 100m), new("B", "Tốt", 60m), new("C", "Trung bình", 20m), new("D", "Kém", 0m)];

    /// <summary>Two questions on V.1 for the delegates, one on V.2 for businesses and citizens; small quotas.</summary>
    private static readonly Questionnaire Questionnaire = new(
        Catalogue.Year,
        Catalogue.IndexSet,
        [new RespondentGroup("HDND", "Đại biểu HĐND tỉnh", 3), new RespondentGroup("DN", "Doanh nghiệp, người dân", 4)],
        [
            new SurveyQuestion("Q1", "V.1", "HDND", "Năng lực lãnh đạo?", Scale),
            new SurveyQuestion("Q2", "V.1", "HDND", "Công khai, minh bạch?", Scale),
            new SurveyQuestion("Q3", "V.2", "DN", "Mức độ hài lòng?", Scale),
        ]);

    private static SurveyBallot Ballot(string code, string group, params (string Question, string Option)[] answers) =>
        new(code, "so-y-te", group, answers.ToDictionary(a => a.Question, a => a.Option), BallotSource.Import, At, "admin@localhost", []);

    private static List<SurveyBallot> Ballots() =>
    [
        Ballot("h1", "HDND", ("Q1", "A"), ("Q2", "B")),
        Ballot("h2", "HDND", ("Q1", "B"), ("Q2", "B")),
        Ballot("h3", "HDND", ("Q1", "C"), ("Q2", "A")),
        Ballot("d1", "DN", ("Q3", "A")),
        Ballot("d2", "DN", ("Q3", "C")),
        Ballot("d3", "DN", ("Q3", "D")),
        Ballot("d4", "DN", ("Q3", "B")),
    ];

    [Fact]
    [Trait("Requirement", "R-4.4")]
    public void Conversion_matches_a_hand_calculation()
    {
        var result = SurveyConversion.Convert("so-y-te", Catalogue, Questionnaire, Ballots());

        // By hand: Q1 = (100 + 60 + 20) / 3 = 60 %; Q2 = (60 + 60 + 100) / 3 = 73.33 %;
        // V.1 = 7 × (60 + 73.333…) / 2 / 100 = 4.6667 → 4.67. Q3 = (100 + 20 + 0 + 60) / 4 = 45 %; V.2 = 7 × 0.45 = 3.15.
        var v1 = result.Criteria.Single(c => c.Code == "V.1");
        Assert.Equal(4.67m, v1.Points);
        Assert.Equal([60m, 73.33m], v1.Questions.Select(q => q.AveragePercent));
        Assert.Equal([2.1m, 2.57m], v1.Questions.Select(q => q.Points));
        Assert.Equal([3, 3], v1.Questions.Select(q => q.ValidBallots));
        Assert.Equal(1, v1.Questions[0].OptionCounts["A"]);
        Assert.Equal(0, v1.Questions[0].OptionCounts["D"]);
        Assert.Equal(3.15m, result.Criteria.Single(c => c.Code == "V.2").Points);
        Assert.Equal(7.82m, result.Total);
        Assert.Equal(14m, result.MaxScore);
        Assert.Equal([(3, 3, 0), (4, 4, 0)], result.Groups.Select(g => (g.Quota, g.Valid, g.Shortfall)));
        Assert.True(result.QuotasMet);
    }

    [Fact]
    [Trait("Requirement", "R-4.3")]
    public void A_failed_re_verification_excludes_the_ballot_and_changes_the_points()
    {
        var ballots = Ballots();
        ballots[2] = ballots[2] with { Checks = [new Reverification(ReverificationMethod.Phone, false, "Không trực tiếp trả lời", At, "snv@phutho.gov.vn")] };

        var result = SurveyConversion.Convert("so-y-te", Catalogue, Questionnaire, ballots);

        // Without h3: Q1 = (100 + 60) / 2 = 80 %, Q2 = 60 %, V.1 = 7 × 70 % = 4.9.
        Assert.Equal(4.9m, result.Criteria.Single(c => c.Code == "V.1").Points);
        Assert.Equal(8.05m, result.Total);
        var delegates = result.Groups.Single(g => g.Code == "HDND");
        Assert.Equal((3, 1, 2, 1), (delegates.Received, delegates.Excluded, delegates.Valid, delegates.Shortfall));
        Assert.False(result.QuotasMet);

        // A later check that confirms the ballot brings it back: the latest check decides.
        ballots[2] = ballots[2] with { Checks = [.. ballots[2].Checks, new Reverification(ReverificationMethod.Direct, true, null, At.AddDays(1), "snv@phutho.gov.vn")] };
        Assert.Equal(7.82m, SurveyConversion.Convert("so-y-te", Catalogue, Questionnaire, ballots).Total);
    }

    [Fact]
    [Trait("Requirement", "R-4.4")]
    public void Without_ballots_or_questionnaire_section_V_is_zero_and_other_units_ballots_do_not_count()
    {
        var otherUnit = Ballots().Select(b => b with { UnitId = "so-tai-chinh" });
        var result = SurveyConversion.Convert("so-y-te", Catalogue, Questionnaire, otherUnit);
        Assert.Equal(0m, result.Total);
        Assert.All(result.Criteria.SelectMany(c => c.Questions), q => Assert.Equal(0, q.ValidBallots));
        Assert.Equal(0m, SurveyConversion.Convert("so-y-te", Catalogue, null, Ballots()).Total);
    }

    [Fact]
    [Trait("Requirement", "R-4.2")]
    public void A_ballot_counts_only_from_a_registered_respondent_of_that_unit_and_group_with_every_question_answered_once()
    {
        var respondent = new SurveyRespondent("h1", "so-y-te", "HDND", "Nguyễn Văn Hòa", "0912000001", null, null);
        Dictionary<string, string?> complete = new() { ["q1"] = "a", ["Q2"] = "B" };

        var valid = BallotRules.Check(Questionnaire, "h1", respondent, "so-y-te", "HDND", complete, answeredAt: null);
        Assert.True(valid.IsValid);
        Assert.Equal(new Dictionary<string, string> { ["Q1"] = "A", ["Q2"] = "B" }, valid.Answers);

        Assert.Contains("không có trong danh sách", Assert.Single(BallotRules.Check(Questionnaire, "x9", null, "so-y-te", null, complete, null).Problems));
        Assert.Contains("không phải \"so-tai-chinh\"", Assert.Single(BallotRules.Check(Questionnaire, "h1", respondent, "so-tai-chinh", null, complete, null).Problems));
        Assert.Contains("thuộc nhóm HDND", Assert.Single(BallotRules.Check(Questionnaire, "h1", respondent, null, "DN", complete, null).Problems));
        Assert.Contains("thiếu câu Q2", Assert.Single(BallotRules.Check(Questionnaire, "h1", respondent, null, null, new Dictionary<string, string?> { ["Q1"] = "A", ["Q2"] = " " }, null).Problems));
        Assert.Contains("\"E\" không có", Assert.Single(BallotRules.Check(Questionnaire, "h1", respondent, null, null, new Dictionary<string, string?> { ["Q1"] = "E", ["Q2"] = "A" }, null).Problems));
        Assert.Contains("dành cho nhóm DN", Assert.Single(BallotRules.Check(Questionnaire, "h1", respondent, null, null, new Dictionary<string, string?>(complete) { ["Q3"] = "A" }, null).Problems));
        Assert.Contains("đã trả lời phiếu lúc 09:00 ngày 10/12/2025", Assert.Single(BallotRules.Check(Questionnaire, "h1", respondent, null, null, complete, At).Problems));
    }

    [Fact]
    [Trait("Requirement", "R-4.4")]
    public void The_questionnaire_is_read_against_its_catalogue_with_every_problem_named()
    {
        var good = JsonSerializer.SerializeToElement(new
        {
            groups = new object[] { new { code = "HDND", title = "Đại biểu HĐND tỉnh", quota = 20 }, new { code = "DN", title = "Doanh nghiệp", quota = 40 } },
            questions = new object[]
            {
                new { code = "C1", criterion = "V.1", group = "HDND", text = "Câu hỏi một", options = new object[] { new { code = "A", text = "Tốt", percent = 100 }, new { code = "B", text = "Kém", percent = 0 } } },
                new { code = "C2", criterion = "V.2", group = "DN", text = "Câu hỏi hai", options = new object[] { new { code = "A", text = "Hài lòng", percent = 100 }, new { code = "B", text = "Không", percent = 0 } } },
            },
        });
        var (read, errors) = QuestionnaireReader.Read(good, Catalogue);
        Assert.True(errors.IsEmpty, string.Join("; ", errors.AllMessages()));
        Assert.Equal(["C1", "C2"], read!.Questions.Select(q => q.Code));

        var bad = JsonSerializer.SerializeToElement(new
        {
            groups = new object[] { new { code = "HDND", title = "Đại biểu", quota = 0 } },
            questions = new object[]
            {
                new { code = "C1", criterion = "I.1", group = "XX", text = "Câu", options = new object[] { new { code = "A", text = "Tốt", percent = 120 } } },
            },
        });
        var (none, problems) = QuestionnaireReader.Read(bad, Catalogue);
        Assert.Null(none);
        var messages = problems.AllMessages().ToList();
        Assert.Contains(messages, m => m.Contains("từ 1 đến 1000", StringComparison.Ordinal));
        Assert.Contains(messages, m => m.Contains("nội dung V: V.1, V.2", StringComparison.Ordinal));
        Assert.Contains(messages, m => m.Contains("phải là một trong: HDND", StringComparison.Ordinal));
        Assert.Contains(messages, m => m.Contains("từ 2 đến 10 phương án", StringComparison.Ordinal));
        Assert.Contains(messages, m => m.Contains("Tiêu chí V.1", StringComparison.Ordinal) && m.Contains("chưa có câu hỏi", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("01")]
    [InlineData("02")]
    [InlineData("03")]
    [InlineData("04")]
    [Trait("Requirement", "R-4.4")]
    public void The_draft_of_each_sample_catalogue_asks_every_section_V_leaf_and_reads_back(string indexSet)
    {
        var catalogue = CatalogueReader.Read(SeedData.ReadBytes($"catalogues/2025/{indexSet}.json")).Catalogue!;
        var draft = SurveyDefaults.Draft(catalogue);
        var (read, errors) = QuestionnaireReader.Read(JsonSerializer.SerializeToElement(new { draft.Groups, draft.Questions }, Common.EvaluationJson.Options), catalogue);
        Assert.True(errors.IsEmpty, string.Join("; ", errors.AllMessages()));
        Assert.Equal(draft.Questions.Select(q => (q.Code, q.Criterion, q.Group)), read!.Questions.Select(q => (q.Code, q.Criterion, q.Group)));
        Assert.Equal([20, 40], read.Groups.Select(g => g.Quota));
        Assert.Contains(read.Questions, q => q.Group == SurveyDefaults.Delegates);
        Assert.Contains(read.Questions, q => q.Group == SurveyDefaults.Citizens);
    }
}
