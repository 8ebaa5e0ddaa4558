using Azure;
using Evaluation.Infrastructure.Storage;
using Evaluation.Web.Pages;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Evaluation.Web.Http;

/// <summary>
/// Runs a handler and turns every failure into an answer a person can act on: refusals they caused (4xx,
/// Vietnamese), lost optimistic-concurrency races (412), storage outages (503) and bugs (500, logged with the
/// trace id). API calls get problem+json, pages get the same message as HTML. Nothing is swallowed: unexpected
/// failures are logged before the answer goes out.
/// </summary>
public sealed class EndpointRunner(ILogger<EndpointRunner> logger)
{
    public async Task<IResult> RunAsync(HttpContext http, Func<Task<IResult>> handler)
    {
        try
        {
            return await handler();
        }
        catch (Exception ex) when (ToProblem(http, ex) is { } problem)
        {
            return ApiResults.Problem(problem);
        }
    }

    public async Task<IResult> RunPageAsync(HttpContext http, Func<Task<IResult>> handler)
    {
        try
        {
            return await handler();
        }
        catch (Exception ex) when (ToProblem(http, ex) is { } problem)
        {
            var body = $"<section class=\"card\"><h1>{PageLayout.E(problem.Title)}</h1><p>{PageLayout.E(problem.Detail)}</p>" +
                       $"<p><a href=\"/{Routes.StartPage}\">Về trang chủ</a></p></section>";
            return ApiResults.Html(PageLayout.Render(problem.Title, body), problem.Status);
        }
    }

    /// <summary>The answer for a failure; null only for a request the client itself abandoned (rethrown).</summary>
    private ProblemException? ToProblem(HttpContext http, Exception ex)
    {
        switch (ex)
        {
            case ProblemException problem:
                return problem;
            case StaleWriteException:
                return ProblemException.Stale();
            case OperationCanceledException when http.RequestAborted.IsCancellationRequested:
                logger.LogInformation("Request {Method} {Path} was cancelled by the client", http.Request.Method, http.Request.Path);
                return null;
            case var _ when IsStorageUnavailable(ex):
                logger.LogError(ex, "Storage unavailable during {Method} {Path}", http.Request.Method, http.Request.Path);
                return new ProblemException(503, "Hệ thống tạm thời gián đoạn",
                    "Không kết nối được kho dữ liệu. Không có thay đổi nào được lưu; vui lòng thử lại sau ít phút.");
            default:
                logger.LogError(ex, "Unhandled error during {Method} {Path} (trace {TraceId})", http.Request.Method, http.Request.Path, http.TraceIdentifier);
                return new ProblemException(500, "Lỗi hệ thống",
                    $"Đã xảy ra lỗi không mong muốn. Vui lòng thử lại; nếu vẫn lỗi, báo bộ phận kỹ thuật mã {http.TraceIdentifier}.");
        }
    }

    private static bool IsStorageUnavailable(Exception ex) =>
        ex is RequestFailedException { Status: 0 or 503 } or HttpRequestException
        || (ex is AggregateException aggregate && aggregate.InnerExceptions.Any(IsStorageUnavailable));
}
