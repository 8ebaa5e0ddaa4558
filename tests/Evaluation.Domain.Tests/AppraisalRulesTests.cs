using System.Text.Json;
using Evaluation.Domain.Appraisal;
using Evaluation.Domain.Calendar;
using Evaluation.Domain.Catalogues;
using Evaluation.Domain.Units;

namespace Evaluation.Domain.Tests;

/// <summary>The council's rules: decisions, R-3.1 assignments and conflicts of interest, the rounds' dates, penalties.</summary>
public sealed class AppraisalRulesTests
{
    private static readonly Criterion Free = new("I.1.3", "Hoàn thành chỉ tiêu", 3m, "SKHDT", null, null, []);
    private static readonly Criterion Graded = new("I.1.1", "Kế hoạch", 2m, "SKHDT", [0m, 1m, 2m], null, []);
    private static readonly SelfScoreFacts SelfTwo = new(2m, 2m, false, 1);
    private static readonly string[] PenaltyFields = ["reason", "source", "evidence"];

    private static (DecisionInput? Decision, string Errors) Read(string json, Criterion criterion, SelfScoreFacts facts, int round = 1)
    {
        using var document = JsonDocument.Parse(json);
        var (decision, errors) = DecisionReader.Read(document.RootElement, round, criterion, facts);
        return (decision, string.Join(" | ", errors.ToDictionary().SelectMany(pair => pair.Value.Select(message => $"{pair.Key}: {message}"))));
    }

    [Theory]
    [Trait("Requirement", "R-3.2")]
    [InlineData("""{ "decision": "disagree", "score": 2.5, "reason": "x" }""", "score: Điểm thẩm định 2,5 không được cao hơn điểm tự chấm 2")]
    [InlineData("""{ "decision": "disagree", "score": 2, "reason": "x" }""", "score: Không đồng ý thì điểm thẩm định phải thấp hơn điểm tự chấm (2)")]
    [InlineData("""{ "decision": "requestEvidence", "score": 3.5, "reason": "x" }""", "vượt quá điểm tối đa 3")]
    [InlineData("""{ "decision": "disagree", "score": 1 }""", "reason: Cần nêu rõ lý do")]
    [InlineData("""{ "decision": "requestEvidence", "reason": "Bổ sung quyết định" }""", "score: Cần nhập điểm thẩm định tạm thời")]
    [InlineData("""{ "decision": "agree", "score": 1 }""", "score: Đồng ý với kết quả tự chấm thì điểm thẩm định bằng điểm tự chấm (2)")]
    [InlineData("""{ "decision": "disagree", "score": -1, "reason": "x" }""", "không được âm")]
    [InlineData("""{ "decision": "disagree", "score": 1.234, "reason": "x" }""", "tối đa 2 chữ số thập phân")]
    [InlineData("""{ "decision": "maybe" }""", "decision: Cần chọn quyết định")]
    [InlineData("""{ "decision": "agree", "note": "x" }""", "note: Trường \"note\" không được hỗ trợ")]
    public void A_round_one_decision_never_exceeds_the_self_score_or_the_maximum_and_needs_a_reason_to_lower_it(string json, string expected)
    {
        var (decision, errors) = Read(json, Free, SelfTwo);

        Assert.Null(decision);
        Assert.Contains(expected, errors, StringComparison.Ordinal);
    }

    [Theory]
    [Trait("Requirement", "R-3.2")]
    [InlineData("""{ "decision": "agree" }""", "Agree", 2)]
    [InlineData("""{ "decision": "disagree", "score": 1.5, "reason": "Chỉ đạt một phần" }""", "Disagree", 1.5)]
    [InlineData("""{ "decision": "disagree", "score": 0, "reason": "Không có minh chứng" }""", "Disagree", 0)]
    [InlineData("""{ "decision": "requestEvidence", "score": 0, "reason": "Bổ sung quyết định" }""", "RequestEvidence", 0)]
    public void Accepted_decisions_carry_their_score(string json, string kind, decimal score)
    {
        var (decision, errors) = Read(json, Free, SelfTwo);

        Assert.True(decision is not null, errors);
        Assert.Equal(Enum.Parse<DecisionKind>(kind), decision.Kind);
        Assert.Equal(score, decision.Score);
        Assert.False(string.IsNullOrWhiteSpace(decision.Reason));
    }

    [Fact]
    [Trait("Requirement", "R-3.2")]
    [Trait("Requirement", "R-2.2")]
    public void Agreeing_with_a_criterion_that_counts_zero_gives_zero_and_levels_bind_except_for_zero()
    {
        var (agreed, _) = Read("""{ "decision": "agree" }""", Free, new SelfScoreFacts(2m, 0m, false, 0));
        Assert.Equal(0m, agreed!.Score);

        Assert.Contains("chỉ nhận các mức điểm: 0; 1; 2", Read("""{ "decision": "disagree", "score": 0.5, "reason": "x" }""", Graded, SelfTwo).Errors, StringComparison.Ordinal);
        Assert.NotNull(Read("""{ "decision": "disagree", "score": 1, "reason": "x" }""", Graded, SelfTwo).Decision);
    }

    [Fact]
    [Trait("Requirement", "R-2.4")]
    public void Agreeing_on_classified_evidence_needs_the_direct_explanation_recorded()
    {
        var classified = new SelfScoreFacts(2m, 2m, true, 0);

        Assert.Contains("explainedDirectly", Read("""{ "decision": "agree" }""", Free, classified).Errors, StringComparison.Ordinal);
        Assert.True(Read("""{ "decision": "agree", "explainedDirectly": true }""", Free, classified).Decision!.ExplainedDirectly);
    }

    [Fact]
    [Trait("Requirement", "R-3.3")]
    public void Round_two_has_no_request_for_evidence_and_its_score_is_final_for_questioned_criteria_only()
    {
        Assert.Contains("chỉ áp dụng cho thẩm định lần 1", Read("""{ "decision": "requestEvidence", "score": 0, "reason": "x" }""", Free, SelfTwo, round: 2).Errors, StringComparison.Ordinal);

        Assert.Equal(2m, AppraisalRules.FinalScore(1m, DecisionKind.RequestEvidence, 2m));
        Assert.Equal(1m, AppraisalRules.FinalScore(1m, DecisionKind.Disagree, null));
        Assert.Equal(2m, AppraisalRules.FinalScore(2m, DecisionKind.Agree, 0m));
        Assert.Null(AppraisalRules.FinalScore(null, null, null));
    }

    [Fact]
    [Trait("Requirement", "R-3.4")]
    [Trait("Requirement", "R-7.3")]
    public void Each_round_opens_and_closes_on_the_calendar_and_refusals_name_the_deadline()
    {
        var calendar = YearCalendar.Default(2026);
        var round1 = new DateTimeOffset(2026, 12, 16, 9, 0, 0, TimeSpan.FromHours(7));
        var window = new DateTimeOffset(2026, 12, 20, 9, 0, 0, TimeSpan.FromHours(7));
        var round2 = new DateTimeOffset(2026, 12, 23, 9, 0, 0, TimeSpan.FromHours(7));
        var after = new DateTimeOffset(2026, 12, 27, 9, 0, 0, TimeSpan.FromHours(7));
        var before = new DateTimeOffset(2026, 12, 10, 9, 0, 0, TimeSpan.FromHours(7));

        Assert.Null(AppraisalRules.DecisionRefusal(1, calendar, selfAssessmentClosed: true, round1));
        Assert.Null(AppraisalRules.DecisionRefusal(1, calendar, selfAssessmentClosed: true, before));
        Assert.Contains("chưa nộp", AppraisalRules.DecisionRefusal(1, calendar, selfAssessmentClosed: false, before), StringComparison.Ordinal);
        Assert.Equal("Đã hết hạn thẩm định lần 1 (hết ngày 18/12/2026); không thể ghi hoặc sửa ý kiến thẩm định lần 1.", AppraisalRules.DecisionRefusal(1, calendar, true, window));
        Assert.Contains("hết ngày 21/12/2026", AppraisalRules.DecisionRefusal(2, calendar, true, window), StringComparison.Ordinal);
        Assert.Null(AppraisalRules.DecisionRefusal(2, calendar, true, round2));
        Assert.Contains("hết ngày 25/12/2026", AppraisalRules.DecisionRefusal(2, calendar, true, after), StringComparison.Ordinal);

        Assert.False(AppraisalRules.Round1Released(calendar, round1));
        Assert.True(AppraisalRules.Round1Released(calendar, window));
        Assert.True(AppraisalRules.ExplanationWindowOpen(calendar, window));
        Assert.False(AppraisalRules.ExplanationWindowOpen(calendar, round2));
    }

    [Fact]
    [Trait("Requirement", "R-2.6")]
    public void In_the_window_only_questioned_criteria_are_open()
    {
        var calendar = YearCalendar.Default(2026);
        var window = new DateTimeOffset(2026, 12, 20, 9, 0, 0, TimeSpan.FromHours(7));

        Assert.Null(AppraisalRules.ExplanationRefusal(calendar, window, "I.1.1", DecisionKind.RequestEvidence));
        Assert.Null(AppraisalRules.ExplanationRefusal(calendar, window, "I.1.1", DecisionKind.Disagree));
        Assert.Contains("không bị Hội đồng thẩm định đề nghị", AppraisalRules.ExplanationRefusal(calendar, window, "I.1.1", DecisionKind.Agree), StringComparison.Ordinal);
        Assert.Contains("không bị Hội đồng thẩm định đề nghị", AppraisalRules.ExplanationRefusal(calendar, window, "I.1.1", null), StringComparison.Ordinal);
        Assert.Contains("hết ngày 21/12/2026", AppraisalRules.ExplanationRefusal(calendar, window.AddDays(3), "I.1.1", DecisionKind.Disagree), StringComparison.Ordinal);
    }

    [Fact]
    [Trait("Requirement", "R-3.5")]
    public void A_decision_needs_a_new_look_when_the_self_score_or_the_evidence_changed()
    {
        var basis = DecisionBasis.Of(2m, ["b", "a"]);

        Assert.True(basis.SameAs(DecisionBasis.Of(2m, ["a", "b"])));
        Assert.False(basis.SameAs(DecisionBasis.Of(1m, ["a", "b"])));
        Assert.False(basis.SameAs(DecisionBasis.Of(2m, ["a", "b", "c"])));
        Assert.False(basis.SameAs(DecisionBasis.Of(2m, ["a"])));
    }

    [Fact]
    [Trait("Requirement", "R-3.1")]
    public void An_agency_never_appraises_its_own_unit_and_a_substitute_replaces_it()
    {
        var section = new CatalogueSection("II", SectionKind.Scored, "Cải cách hành chính", 27m, []);
        var finance = new CriterionEntry(section, new Criterion("II.6.1", "Tài chính công", 1m, "STC", null, null, []), "STC", 2);
        var ownUnit = new Unit("so-tai-chinh", "Sở Tài chính", "01", "STC");
        var otherUnit = new Unit("so-y-te", "Sở Y tế", "01");

        Assert.Equal("STC", Council.Default.Resolve(finance, otherUnit).AgencyId);
        var conflict = Council.Default.Resolve(finance, ownUnit);
        Assert.False(conflict.IsAssigned);
        Assert.Contains("Xung đột lợi ích", conflict.Problem, StringComparison.Ordinal);

        var withSubstitute = Council.Default with { Substitutes = new Dictionary<string, string> { ["so-tai-chinh"] = "SNV" } };
        var substituted = withSubstitute.Resolve(finance, ownUnit);
        Assert.Equal("SNV", substituted.AgencyId);
        Assert.True(substituted.Substituted);

        var notMember = new CriterionEntry(section, finance.Criterion, "SYT", 2);
        Assert.Contains("không phải thành viên", Council.Default.Resolve(notMember, otherUnit).Problem, StringComparison.Ordinal);
    }

    [Fact]
    [Trait("Requirement", "R-3.1")]
    public void The_council_reader_refuses_a_substitute_that_is_the_unit_itself_and_unknown_codes()
    {
        var catalogue = TestCatalogues.ReadValid(TestCatalogues.Minimal());
        var units = new Dictionary<string, Unit> { ["so-tai-chinh"] = new("so-tai-chinh", "Sở Tài chính", catalogue.IndexSet, "STC"), ["so-y-te"] = new("so-y-te", "Sở Y tế", catalogue.IndexSet) };
        var leaf = catalogue.Leaves().First(entry => entry.Section.Kind == SectionKind.Scored).Criterion.Code;
        var json = $$"""
            { "substitutes": { "so-tai-chinh": "STC", "so-y-te": "SNV" },
              "assignments": { "{{catalogue.IndexSet}}": { "{{leaf}}": "SNV", "IX.9": "SNV" }, "99": {} } }
            """;
        using var document = JsonDocument.Parse(json);

        var (council, errors) = CouncilReader.Read(document.RootElement, code => code == catalogue.IndexSet ? catalogue : null, units);

        Assert.Null(council);
        var all = errors.ToDictionary();
        Assert.Contains("Xung đột lợi ích", string.Join(" ", all["substitutes.so-tai-chinh"]), StringComparison.Ordinal);
        Assert.Contains("không phải cơ quan thành viên Hội đồng", string.Join(" ", all["substitutes.so-y-te"]), StringComparison.Ordinal);
        Assert.True(all.ContainsKey($"assignments.{catalogue.IndexSet}.IX.9"));
        Assert.True(all.ContainsKey("assignments.99"));

        using var good = JsonDocument.Parse($$"""{ "substitutes": { "so-tai-chinh": "SNV" }, "assignments": { "{{catalogue.IndexSet}}": { "{{leaf}}": "TTT" } } }""");
        var (saved, _) = CouncilReader.Read(good.RootElement, code => code == catalogue.IndexSet ? catalogue : null, units);
        Assert.Equal("TTT", catalogue.Entries(saved!.AssignmentsOf(catalogue.IndexSet)).Single(entry => entry.Criterion.Code == leaf).EffectiveAgency);
        Assert.Equal(7, saved.Members.Count);
    }

    [Fact]
    [Trait("Requirement", "R-6.1")]
    public void Penalties_stay_within_the_item_maximum_and_need_reason_source_and_evidence()
    {
        var catalogue = TestCatalogues.ReadValid(TestCatalogues.Minimal());
        var item = catalogue.Leaves().First(entry => entry.Section.Kind == SectionKind.Penalty).Criterion;
        var over = item.MaxScore + 1;
        using var bad = JsonDocument.Parse($$"""{ "criteria": { "{{item.Code}}": { "points": {{over}}, "reason": "x", "source": "inspection", "evidence": "KL 1" }, "I.1": { "points": 1 } } }""");

        var (items, errors) = PenaltyReader.Read(bad.RootElement, catalogue);

        Assert.Null(items);
        Assert.True(errors.ToDictionary().ContainsKey($"criteria.{item.Code}.points"));
        Assert.True(errors.ToDictionary().ContainsKey("criteria.I.1"));

        using var missing = JsonDocument.Parse($$"""{ "criteria": { "{{item.Code}}": { "points": {{item.MaxScore}} } } }""");
        var fields = PenaltyReader.Read(missing.RootElement, catalogue).Errors.ToDictionary().Keys;
        Assert.Equal(PenaltyFields.Select(field => $"criteria.{item.Code}.{field}").Order(), fields.Order());

        using var good = JsonDocument.Parse($$"""{ "criteria": { "{{item.Code}}": { "points": {{item.MaxScore}}, "reason": "Chậm báo cáo", "source": "media", "evidence": "Báo Phú Thọ ngày 3/5" } } }""");
        Assert.Equal(PenaltySource.Media, PenaltyReader.Read(good.RootElement, catalogue).Items![item.Code].Source);
    }
}
