using System.Text.Json;
using Evaluation.Domain.Common;
using Microsoft.AspNetCore.Http;

namespace Evaluation.Web.Http;

/// <summary>
/// The responses handlers return. They write with the system's own JSON policy and need nothing from the host's
/// services, so a response is byte-for-byte the same on the Functions host and the local host.
/// </summary>
public static class ApiResults
{
    public static IResult Json<T>(T value, int status = StatusCodes.Status200OK, string? etag = null, string? location = null) =>
        new JsonResponse<T>(value, status, "application/json; charset=utf-8", etag, location);

    public static IResult Problem(ProblemException problem) => new JsonResponse<ProblemBody>(
        new ProblemBody(problem.Title, problem.Status, problem.Detail, problem.Errors),
        problem.Status,
        "application/problem+json; charset=utf-8",
        etag: null,
        location: null);

    public static IResult Html(string html, int status = StatusCodes.Status200OK) => new TextResponse(html, status, "text/html; charset=utf-8");

    public static IResult Redirect(string location) => new RedirectResponse(location);

    /// <summary>RFC 9457 body; "errors" names each bad field (API.md conventions).</summary>
    public sealed record ProblemBody(string Title, int Status, string? Detail, IReadOnlyDictionary<string, string[]>? Errors)
    {
        public string Type { get; init; } = "about:blank";
    }

    private sealed class JsonResponse<T>(T value, int status, string contentType, string? etag, string? location) : IResult
    {
        public async Task ExecuteAsync(HttpContext httpContext)
        {
            var response = httpContext.Response;
            response.StatusCode = status;
            response.ContentType = contentType;
            response.Headers.CacheControl = "no-store";
            if (etag is not null)
            {
                response.Headers.ETag = Quote(etag);
            }

            if (location is not null)
            {
                response.Headers.Location = location;
            }

            await JsonSerializer.SerializeAsync(response.Body, value, EvaluationJson.Options, httpContext.RequestAborted);
        }
    }

    private sealed class TextResponse(string text, int status, string contentType) : IResult
    {
        public Task ExecuteAsync(HttpContext httpContext)
        {
            httpContext.Response.StatusCode = status;
            httpContext.Response.ContentType = contentType;
            httpContext.Response.Headers.CacheControl = "no-store";
            return httpContext.Response.WriteAsync(text, httpContext.RequestAborted);
        }
    }

    private sealed class RedirectResponse(string location) : IResult
    {
        public Task ExecuteAsync(HttpContext httpContext)
        {
            httpContext.Response.StatusCode = StatusCodes.Status302Found;
            httpContext.Response.Headers.Location = location;
            return Task.CompletedTask;
        }
    }

    /// <summary>ETags go on the wire quoted (RFC 9110); storage ETags may or may not already be.</summary>
    public static string Quote(string etag) => etag.StartsWith('"') || etag.StartsWith("W/", StringComparison.Ordinal) ? etag : $"\"{etag}\"";
}
