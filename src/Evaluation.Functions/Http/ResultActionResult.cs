using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;

namespace Evaluation.Functions.Http;

/// <summary>
/// Lets a shared handler's <see cref="IResult"/> be the Function's return value: the ASP.NET Core integration
/// executes IActionResult, and this one simply runs the handler's result on the same HttpContext.
/// </summary>
public sealed class ResultActionResult(IResult result) : IActionResult
{
    public Task ExecuteResultAsync(ActionContext context) => result.ExecuteAsync(context.HttpContext);
}

public static class ResultActionResultExtensions
{
    public static async Task<IActionResult> AsActionResult(this Task<IResult> result) => new ResultActionResult(await result);
}
