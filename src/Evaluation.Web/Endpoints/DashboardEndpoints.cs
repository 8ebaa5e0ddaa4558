using Evaluation.Web.Http;
using Evaluation.Web.Identity;
using Microsoft.AspNetCore.Http;

namespace Evaluation.Web.Endpoints;

/// <summary>
/// The working group's dashboard: every unit's phase, self-assessment progress, submission, the
/// council's progress and what is overdue, with the year's calendar. Read-only; the page polls it.
/// </summary>
public sealed class DashboardEndpoints(EndpointRunner runner, Access access, YearFiles yearFiles, TimeProvider clock)
{
    /// <summary><c>GET /api/years/{year}/dashboard</c> (working group).</summary>
    public Task<IResult> GetDashboard(HttpContext http, string year) => runner.RunAsync(http, async () =>
    {
        await access.RequireWorkingGroupAsync(http, "xem bảng theo dõi tiến độ năm đánh giá");
        var setup = await yearFiles.LoadYearAsync(PathValues.Year(year), http.RequestAborted);
        var files = await yearFiles.LoadUnitsAsync(setup, unitId: null, http.RequestAborted);
        return ApiResults.Json(DashboardView.Build(setup, files, clock.GetUtcNow()));
    });
}
