using Evaluation.Domain.Calendar;
using Evaluation.Domain.Years;
using Evaluation.Web.Http;

namespace Evaluation.Web.Endpoints;

/// <summary>Published results are frozen: every later edit of the year's scores is refused with this message.</summary>
public static class YearFreeze
{
    public static string Message(EvaluationYear year) =>
        $"Kết quả đánh giá, xếp loại năm {year.Year} đã được công bố lúc {ProvinceTime.Format(year.PublishedAt!.Value)}; số liệu của năm đã khóa, không thể thay đổi.";

    public static void Ensure(EvaluationYear year)
    {
        if (year.IsPublished)
        {
            throw ProblemException.Conflict(Message(year));
        }
    }
}
