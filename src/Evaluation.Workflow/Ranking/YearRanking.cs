using Evaluation.Domain.Ranking;
using Evaluation.Infrastructure.Scoring;
using Evaluation.Infrastructure.Storage;
using Microsoft.Extensions.Logging;

namespace Evaluation.Workflow.Ranking;

/// <summary>
/// The ranking activity's work (R-6.4): every unit's total from the stored scores, ranked and classified by the
/// domain engine with the year's settings, stored with the settings used, the engine's flags and flags for gaps in
/// the data (criteria nobody appraised, units without a catalogue, survey quotas not met). A published year is frozen and never re-ranked.
/// </summary>
public sealed class YearRanking(YearStore years, UnitScoreReader scores, ResultStore results, ILogger<YearRanking> logger)
{
    public const string UnappraisedFlag = "unappraised";
    public const string UnscoredFlag = "unscored";
    public const string SurveyShortfallFlag = "surveyBelowQuota";

    public async Task<RankingDocument?> RankAsync(int year, CancellationToken cancellationToken = default)
    {
        var evaluationYear = (await years.GetAsync(year, cancellationToken))?.Value ?? throw new InvalidOperationException($"Year {year} does not exist.");
        if (evaluationYear.IsPublished)
        {
            logger.LogWarning("Year {Year} is published; its ranking is frozen and was not computed again", year);
            return null;
        }

        var reading = await scores.ReadWithGapsAsync(year, cancellationToken: cancellationToken);
        var settings = evaluationYear.Setup.Settings;
        var result = RankingEngine.Rank(reading.Sheet.Units.Select(ScoreSheetBuilder.Scorecard), settings);
        var ranked = RankingDocument.From(result);
        var document = ranked with
        {
            Year = year,
            Published = false,
            ComputedAt = reading.Sheet.ComputedAt,
            Settings = RankingSettingsDocument.From(settings),
            Flags = [.. ranked.Flags, .. GapFlags(reading)],
        };

        // The sheet first: a reader that finds the new ranking also finds the figures it was made from.
        await results.SaveSheetAsync(year, reading.Sheet, cancellationToken);
        await results.SaveAsync(year, document, cancellationToken);
        logger.LogInformation("Year {Year} ranked: {Units} units in {Groups} types, {Flags} flags", year, reading.Sheet.Units.Count, document.Groups.Count, document.Flags.Count);
        return document;
    }

    private static IEnumerable<RankingFlagDocument> GapFlags(ScoreReading reading)
    {
        foreach (var type in reading.Sheet.Units.Where(unit => unit.Unappraised > 0).GroupBy(unit => unit.Type, StringComparer.Ordinal))
        {
            yield return new RankingFlagDocument
            {
                Kind = UnappraisedFlag,
                Type = type.Key,
                UnitIds = type.Select(unit => unit.UnitId).ToList(),
                Message = "Còn tiêu chí chưa được Hội đồng thẩm định quyết định, đang tính 0 điểm: "
                    + string.Join("; ", type.Select(unit => $"{unit.Name} ({unit.Unappraised} tiêu chí)")) + ".",
            };
        }

        foreach (var type in reading.Sheet.Units.Where(unit => unit.SurveyShortfall > 0).GroupBy(unit => unit.Type, StringComparer.Ordinal))
        {
            yield return new RankingFlagDocument
            {
                Kind = SurveyShortfallFlag,
                Type = type.Key,
                UnitIds = type.Select(unit => unit.UnitId).ToList(),
                Message = "Chưa đủ số phiếu khảo sát hợp lệ theo bảng câu hỏi (Quy định: 20 phiếu đại biểu HĐND, 40 phiếu doanh nghiệp, người dân mỗi đơn vị); điểm nội dung V tính trên các phiếu hợp lệ đã có: "
                    + string.Join("; ", type.Select(unit => $"{unit.Name} (thiếu {unit.SurveyShortfall} phiếu)")) + ".",
            };
        }

        if (reading.Unscored.Count > 0)
        {
            yield return new RankingFlagDocument
            {
                Kind = UnscoredFlag,
                Type = string.Empty,
                UnitIds = reading.Unscored,
                Message = $"{reading.Unscored.Count} đơn vị chưa có bộ chỉ số của năm nên không được xếp hạng: {string.Join(", ", reading.Unscored)}.",
            };
        }
    }
}
