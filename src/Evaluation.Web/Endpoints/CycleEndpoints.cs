using System.Text.Json;
using Evaluation.Domain.Calendar;
using Evaluation.Domain.Ranking;
using Evaluation.Domain.Years;
using Evaluation.Infrastructure.Storage;
using Evaluation.Web.Http;
using Evaluation.Web.Identity;
using Evaluation.Workflow;
using Microsoft.AspNetCore.Http;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Logging;

namespace Evaluation.Web.Endpoints;

/// <summary>What the working group's acts on the cycle did, in the year's terms.</summary>
public sealed record CycleStateDto(
    int Year, string Phase, string PhaseName, DateTimeOffset LeaderScoringOpens, DateTimeOffset LeaderScoringCloses, DateTimeOffset? PublishedAt, bool OrchestrationNotified);

/// <summary>
/// The working group's acts on the yearly cycle: opening leader scoring before the close of round 2 (R-5.1, API.md),
/// closing it before its deadline, and publishing the results, which freezes the year. Each act is stored
/// first and then told to the province's orchestration, which carries the cycle on.
/// </summary>
public sealed class CycleEndpoints(
    EndpointRunner runner, Access access, YearStore years, ResultStore results, YearWorkflow workflow, TimeProvider clock, ILogger<CycleEndpoints> logger)
{
    /// <summary><c>POST …/leader-scoring/open</c>: leaders may score from now on, and receive their links.</summary>
    public Task<IResult> OpenLeaderScoring(HttpContext http, string year, DurableTaskClient durable) => runner.RunAsync(http, async () =>
    {
        var viewer = await access.RequireWorkingGroupAsync(http, "mở chấm điểm của Lãnh đạo UBND tỉnh");
        var evaluationYear = await RequireStartedAsync(year, http);
        var now = clock.GetUtcNow();
        if (now >= evaluationYear.LeaderScoringOpens)
        {
            throw ProblemException.Conflict($"Lãnh đạo UBND tỉnh đã được chấm điểm từ {ProvinceTime.Format(evaluationYear.LeaderScoringOpens)}.");
        }

        await years.MarkLeaderScoringOpenedAsync(evaluationYear.Year, now, http.RequestAborted);
        var notified = await workflow.RaiseAsync(durable, WorkflowIds.Year(evaluationYear.Year), WorkflowEvents.OpenLeaderScoring, true, http.RequestAborted);
        logger.LogInformation("Leader scoring of {Year} opened early by {Email}", evaluationYear.Year, viewer.Email);
        return ApiResults.Json(await StateAsync(evaluationYear.Year, notified, http.RequestAborted));
    });

    /// <summary><c>POST …/leader-scoring/close</c>: no more ballots; the ranking activity runs now.</summary>
    public Task<IResult> CloseLeaderScoring(HttpContext http, string year, DurableTaskClient durable) => runner.RunAsync(http, async () =>
    {
        var viewer = await access.RequireWorkingGroupAsync(http, "kết thúc chấm điểm của Lãnh đạo UBND tỉnh");
        var evaluationYear = await RequireStartedAsync(year, http);
        var now = clock.GetUtcNow();
        if (!evaluationYear.LeaderScoringOpenAt(now))
        {
            throw ProblemException.Conflict(now < evaluationYear.LeaderScoringOpens
                ? $"Chấm điểm của Lãnh đạo UBND tỉnh chưa mở (mở từ {ProvinceTime.Format(evaluationYear.LeaderScoringOpens)})."
                : $"Chấm điểm của Lãnh đạo UBND tỉnh đã kết thúc lúc {ProvinceTime.Format(evaluationYear.LeaderScoringCloses)}.");
        }

        await years.MarkLeaderScoringClosedAsync(evaluationYear.Year, now, http.RequestAborted);
        var notified = await workflow.RaiseAsync(durable, WorkflowIds.Year(evaluationYear.Year), WorkflowEvents.CloseLeaderScoring, true, http.RequestAborted);
        logger.LogInformation("Leader scoring of {Year} closed early by {Email}", evaluationYear.Year, viewer.Email);
        return ApiResults.Json(await StateAsync(evaluationYear.Year, notified, http.RequestAborted));
    });

    /// <summary>
    /// <c>POST …/results/recompute</c>: after a correction (e.g. a round reopened by moving its date), the ranking
    /// activity runs again from the stored scores. Before publication only; answers 202 and the orchestration
    /// stores the new result.
    /// </summary>
    public Task<IResult> RankAgain(HttpContext http, string year, DurableTaskClient durable) => runner.RunAsync(http, async () =>
    {
        var viewer = await access.RequireWorkingGroupAsync(http, "tính lại kết quả xếp loại");
        var evaluationYear = await RequireStartedAsync(year, http);
        if (evaluationYear.Phase != EvaluationPhase.Ranking)
        {
            throw ProblemException.Conflict(
                $"Chỉ tính lại kết quả khi năm {evaluationYear.Year} đang ở bước xếp loại, chờ công bố (hiện tại: {EvaluationPhaseNames.Vietnamese(evaluationYear.Phase)}).");
        }

        var notified = await workflow.RaiseAsync(durable, WorkflowIds.Year(evaluationYear.Year), WorkflowEvents.RankAgain, true, http.RequestAborted);
        if (!notified)
        {
            throw ProblemException.Conflict($"Quy trình của năm {evaluationYear.Year} không chạy; không thể tính lại kết quả.");
        }

        logger.LogInformation("Ranking of {Year} requested again by {Email}", evaluationYear.Year, viewer.Email);
        return ApiResults.Json(await StateAsync(evaluationYear.Year, notified, http.RequestAborted), StatusCodes.Status202Accepted);
    });

    /// <summary>
    /// <c>POST /api/years/{year}/publish</c> (API.md): the working group publishes the ranking activity's latest result.
    /// When the ranking carries flags (ties at the cap, unappraised criteria…) the body must say they were reviewed:
    /// <c>{ "flagsReviewed": true }</c>. From then on the results are public and the year's scores frozen.
    /// </summary>
    public Task<IResult> Publish(HttpContext http, string year, DurableTaskClient durable) => runner.RunAsync(http, async () =>
    {
        var viewer = await access.RequireWorkingGroupAsync(http, "công bố kết quả đánh giá, xếp loại");
        var evaluationYear = await RequireStartedAsync(year, http);
        var ranking = await results.GetAsync(evaluationYear.Year, http.RequestAborted)
            ?? throw ProblemException.Conflict($"Chưa có kết quả xếp loại năm {evaluationYear.Year}: kết quả được tính khi kết thúc chấm điểm của Lãnh đạo UBND tỉnh.");
        if (evaluationYear.IsPublished && ranking.Published == true)
        {
            throw ProblemException.Conflict($"Kết quả năm {evaluationYear.Year} đã được công bố lúc {ProvinceTime.Format(evaluationYear.PublishedAt!.Value)}.");
        }

        if (ranking.Flags.Count > 0 && !await FlagsReviewedAsync(http))
        {
            throw ProblemException.Conflict(
                $"Kết quả xếp loại có {ranking.Flags.Count} cảnh báo cần Tổ công tác xem xét trước khi công bố: "
                + string.Join(" ", ranking.Flags.Select(flag => flag.Message))
                + " Khi đã xem xét, gửi { \"flagsReviewed\": true } để công bố.");
        }

        // The year's mark is the freeze; the ranking follows. A retry after a failure between the two completes it.
        var now = clock.GetUtcNow();
        await years.MarkPublishedAsync(evaluationYear.Year, now, http.RequestAborted);
        var publishedAt = (await years.GetAsync(evaluationYear.Year, http.RequestAborted))!.Value.PublishedAt!.Value;
        var published = ranking with { Published = true, PublishedAt = publishedAt };
        await results.SaveAsync(evaluationYear.Year, published, http.RequestAborted);
        await workflow.RaiseAsync(durable, WorkflowIds.Year(evaluationYear.Year), WorkflowEvents.Published, publishedAt, http.RequestAborted);
        logger.LogInformation("Results of {Year} published by {Email}", evaluationYear.Year, viewer.Email);
        return ApiResults.Json(published);
    });

    private async Task<EvaluationYear> RequireStartedAsync(string year, HttpContext http)
    {
        var number = PathValues.Year(year);
        var evaluationYear = (await years.GetAsync(number, http.RequestAborted))?.Value ?? throw ProblemException.NotFound($"Chưa có năm đánh giá {number}.");
        if (!evaluationYear.IsStarted)
        {
            throw ProblemException.Conflict($"Năm {number} chưa bắt đầu.");
        }

        YearFreeze.Ensure(evaluationYear);
        return evaluationYear;
    }

    private static async Task<bool> FlagsReviewedAsync(HttpContext http)
    {
        if (http.Request.ContentLength is null or 0 && http.Request.Headers.ContentType.Count == 0)
        {
            return false;
        }

        using var body = await RequestReader.ReadJsonAsync(http.Request, RequestReader.SmallBody);
        if (body.RootElement.ValueKind != JsonValueKind.Object)
        {
            throw ProblemException.BadRequest("$", "Nội dung yêu cầu phải là { \"flagsReviewed\": true }.");
        }

        foreach (var property in body.RootElement.EnumerateObject().Where(property => property.Name != "flagsReviewed"))
        {
            throw ProblemException.BadRequest(property.Name, $"Trường \"{property.Name}\" không được hỗ trợ; chỉ có flagsReviewed.");
        }

        return body.RootElement.TryGetProperty("flagsReviewed", out var reviewed) && reviewed.ValueKind == JsonValueKind.True;
    }

    private async Task<CycleStateDto> StateAsync(int year, bool notified, CancellationToken cancellationToken)
    {
        var stored = (await years.GetAsync(year, cancellationToken))!.Value;
        return new CycleStateDto(
            year,
            EvaluationPhaseNames.ApiName(stored.Phase),
            EvaluationPhaseNames.Vietnamese(stored.Phase),
            ProvinceTime.ToProvince(stored.LeaderScoringOpens),
            ProvinceTime.ToProvince(stored.LeaderScoringCloses),
            stored.PublishedAt is { } at ? ProvinceTime.ToProvince(at) : null,
            notified);
    }
}
