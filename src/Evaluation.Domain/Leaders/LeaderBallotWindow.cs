using System.Globalization;
using Evaluation.Domain.Calendar;
using Evaluation.Domain.Years;

namespace Evaluation.Domain.Leaders;

/// <summary>
/// When a leader may save the ballot: the year's leader scoring window
/// (<see cref="EvaluationYear.LeaderScoringOpenAt"/>), and, outside it, why not in words that name the dates.
/// </summary>
public static class LeaderBallotWindow
{
    /// <summary>Null while leaders may score; otherwise the Vietnamese reason, naming the dates.</summary>
    public static string? Refusal(EvaluationYear year, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(year);
        if (year.PublishedAt is { } published)
        {
            return string.Create(CultureInfo.InvariantCulture,
                $"Kết quả đánh giá năm {year.Year} đã được công bố lúc {ProvinceTime.Format(published)}; điểm đã chốt, phiếu chấm điểm không còn sửa được.");
        }

        if (year.LeaderScoringOpenAt(now))
        {
            return null;
        }

        if (now < year.LeaderScoringOpens)
        {
            return $"Chưa đến thời gian chấm điểm. Lãnh đạo UBND tỉnh chấm điểm từ {ProvinceTime.Format(year.LeaderScoringOpens)} " +
                   $"(sau khi kết thúc thẩm định lần 2) đến {ProvinceTime.FormatDeadline(year.LeaderScoringCloses)}.";
        }

        return year.LeaderScoringClosedAt is { } closed && closed == year.LeaderScoringCloses
            ? $"Tổ công tác đã kết thúc việc chấm điểm lúc {ProvinceTime.Format(closed)} (trước hạn {ProvinceTime.FormatDeadline(year.Setup.Calendar.LeaderScoringDue)}); điểm không còn sửa được."
            : $"Đã hết hạn chấm điểm lúc {ProvinceTime.Format(year.LeaderScoringCloses)} (hạn chấm: {ProvinceTime.FormatDeadline(year.LeaderScoringCloses)}); điểm không còn sửa được.";
    }
}
