using System.Text;
using System.Text.Json;
using Evaluation.Domain.Assessments;
using Evaluation.Domain.Calendar;
using Evaluation.Domain.Catalogues;
using Evaluation.Domain.Common;

namespace Evaluation.Domain.Tests;

/// <summary>The self-assessment rules the form, the API and the ranking share .</summary>
public sealed class SelfAssessmentTests
{
    private static readonly Criterion Free = new("I.1.1", "Xây dựng kế hoạch", 10m, null, null, null, []);
    private static readonly Criterion Graded = new("I.1.2", "Tiến độ", 10m, null, [0m, 5m, 10m], null, []);

    [Theory]
    [Trait("Requirement", "R-2.2")]
    [Trait("Requirement", "R-2.4")]
    [InlineData(5, "Đã ban hành kế hoạch", 1, false, true)]
    [InlineData(5, "", 1, false, false)]
    [InlineData(5, "   ", 1, false, false)]
    [InlineData(5, "Đã ban hành kế hoạch", 0, false, false)]
    [InlineData(5, "Tài liệu mật, giải trình trực tiếp", 0, true, true)]
    [InlineData(5, "", 0, true, false)]
    [InlineData(null, "Đã ban hành kế hoạch", 1, false, false)]
    public void A_criterion_counts_only_with_a_score_an_explanation_and_evidence_or_the_classified_mark(
        int? score, string explanation, int evidence, bool classified, bool counts)
    {
        var answer = new CriterionAnswer(score, explanation, classified);

        Assert.Equal(counts, SelfAssessmentRules.ZeroReasons(answer, evidence).Count == 0);
        Assert.Equal(counts ? score!.Value : 0m, SelfAssessmentRules.CountedScore(answer, evidence));
    }

    [Fact]
    [Trait("Requirement", "R-2.2")]
    public void The_reasons_name_every_missing_part()
    {
        var reasons = SelfAssessmentRules.ZeroReasons(CriterionAnswer.Empty, 0);

        Assert.Equal([SelfAssessmentRules.MissingScore, SelfAssessmentRules.MissingExplanation, SelfAssessmentRules.MissingEvidence], reasons);
    }

    [Theory]
    [Trait("Requirement", "R-2.1")]
    [InlineData("""{ "selfScore": 7.5, "explanation": "Hoàn thành", "classified": false }""", true, null)]
    [InlineData("""{ "selfScore": null, "explanation": "Bản nháp" }""", true, null)]
    [InlineData("""{ "selfScore": 10.5 }""", false, "selfScore")]
    [InlineData("""{ "selfScore": -0.5 }""", false, "selfScore")]
    [InlineData("""{ "selfScore": 1.255 }""", false, "selfScore")]
    [InlineData("""{ "selfScore": "7" }""", false, "selfScore")]
    [InlineData("""{ "explanation": ["a"] }""", false, "explanation")]
    [InlineData("""{ "classified": "yes" }""", false, "classified")]
    [InlineData("""{ "score": 1 }""", false, "score")]
    [InlineData("""[1]""", false, "$")]
    public void The_reader_accepts_a_well_formed_answer_and_names_the_bad_field(string json, bool accepted, string? field)
    {
        using var document = JsonDocument.Parse(json);

        var (answer, errors) = CriterionAnswerReader.Read(document.RootElement, Free);

        Assert.Equal(accepted, answer is not null);
        if (field is not null)
        {
            Assert.True(errors.Has(field), field);
        }
    }

    [Theory]
    [Trait("Requirement", "R-2.1")]
    [InlineData(5, true)]
    [InlineData(10, true)]
    [InlineData(7, false)]
    [InlineData(2.5, false)]
    public void A_graded_criterion_takes_only_its_allowed_scores(double score, bool accepted)
    {
        using var document = JsonDocument.Parse($$"""{ "selfScore": {{score.ToString(System.Globalization.CultureInfo.InvariantCulture)}}, "explanation": "x" }""");

        var (answer, errors) = CriterionAnswerReader.Read(document.RootElement, Graded);

        Assert.Equal(accepted, answer is not null);
        if (!accepted)
        {
            Assert.Contains("0; 5; 10", errors.ToDictionary()["selfScore"][0], StringComparison.Ordinal);
        }
    }

    [Fact]
    [Trait("Requirement", "R-2.1")]
    public void The_explanation_is_stored_in_NFC_and_bounded()
    {
        var decomposed = "Đã hoàn thành kế hoạch".Normalize(NormalizationForm.FormD);
        using var ok = JsonDocument.Parse(JsonSerializer.Serialize(new { explanation = "  " + decomposed + " " }));
        using var tooLong = JsonDocument.Parse(JsonSerializer.Serialize(new { explanation = new string('a', CriterionAnswerReader.MaxExplanationLength + 1) }));

        Assert.Equal("Đã hoàn thành kế hoạch".Normalize(NormalizationForm.FormC), CriterionAnswerReader.Read(ok.RootElement, Free).Answer!.Explanation);
        Assert.True(CriterionAnswerReader.Read(tooLong.RootElement, Free).Errors.Has("explanation"));
    }

    [Fact]
    [Trait("Requirement", "R-2.5")]
    [Trait("Requirement", "R-7.3")]
    public void The_form_locks_at_the_deadline_on_submission_or_when_the_phase_moved_on_and_the_message_names_the_deadline()
    {
        var calendar = YearCalendar.Default(2025);
        var before = calendar.SelfAssessmentDue.AddSeconds(-1);

        Assert.Null(SelfAssessmentRules.LockReason(calendar, EvaluationPhase.SelfAssessment, null, before));
        Assert.Contains("hết ngày 14/12/2025", SelfAssessmentRules.LockReason(calendar, EvaluationPhase.SelfAssessment, null, calendar.SelfAssessmentDue), StringComparison.Ordinal);
        Assert.Contains("hết ngày 14/12/2025", SelfAssessmentRules.LockReason(calendar, EvaluationPhase.AppraisalRound1, null, before), StringComparison.Ordinal);
        Assert.Contains("chưa bắt đầu", SelfAssessmentRules.LockReason(calendar, EvaluationPhase.Setup, null, before), StringComparison.Ordinal);
        Assert.Contains("đã nộp", SelfAssessmentRules.LockReason(calendar, EvaluationPhase.SelfAssessment, new Submission("thutruong@phutho.gov.vn", before.AddDays(-1)), before), StringComparison.Ordinal);
    }

    [Theory]
    [Trait("Requirement", "R-2.3")]
    [InlineData("Báo cáo.pdf", "Báo cáo.pdf")]
    [InlineData("  QĐ: số 12*.pdf ", "QĐ_ số 12_.pdf")]
    [InlineData("Kế hoạch..v2.pdf", "Kế hoạch..v2.pdf")]
    [InlineData("../../etc/passwd", null)]
    [InlineData("..\\bao-cao.pdf", null)]
    [InlineData("C:\\Users\\a\\bao-cao.pdf", null)]
    [InlineData("..", null)]
    [InlineData("", null)]
    public void File_names_are_names_not_paths(string raw, string? expected)
    {
        var (name, error) = FileNames.Clean(raw);

        Assert.Equal(expected, name);
        Assert.Equal(expected is null, error is not null);
    }

    [Fact]
    [Trait("Requirement", "R-2.3")]
    public void File_names_are_NFC_and_bounded_with_their_extension()
    {
        var (decomposed, _) = FileNames.Clean("Quyết định.pdf".Normalize(NormalizationForm.FormD));
        var (longName, _) = FileNames.Clean(new string('x', 400) + ".pdf");

        Assert.Equal("Quyết định.pdf".Normalize(NormalizationForm.FormC), decomposed);
        Assert.Equal(FileNames.MaxLength, longName!.Length);
        Assert.EndsWith(".pdf", longName, StringComparison.Ordinal);
    }
}
