using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;

namespace Evaluation.IntegrationTests.Infrastructure;

/// <summary>
/// A unit of the current year whose self-assessment is done, set up through the API as the unit would: the staff
/// score and explain each criterion and upload one PDF for it, the head submits. The year's dates are those of
/// <see cref="AppraisalCalendar"/> (self-assessment open), so the caller can then move it into appraisal.
/// </summary>
public static class SubmittedAssessment
{
    /// <param name="pdfFor">The evidence file for a criterion (signed or not, as the test needs).</param>
    public static async Task<AssessmentScenario> CreateAsync(
        LocalHostFixture host, string unitId, IReadOnlyList<(string Code, decimal Score)> answers, Func<string, byte[]> pdfFor)
    {
        var unit = await AssessmentScenario.CreateAsync(host, unitId, year: AppraisalCalendar.Year, calendar: AppraisalCalendar.For(AppraisalCalendar.SelfAssessment));
        using (var staff = host.Client(unit.StaffEmail))
        {
            foreach (var (code, score) in answers)
            {
                using var saved = await staff.PutAsJsonAsync(unit.CriterionPath(code), new { selfScore = score, explanation = $"Giải trình kết quả thực hiện {code}." });
                Ensure(saved, HttpStatusCode.OK);
                using var pdf = new ByteArrayContent(pdfFor(code));
                pdf.Headers.ContentType = new MediaTypeHeaderValue("application/pdf");
                using var form = new MultipartFormDataContent { { pdf, "file", $"minh-chung-{code}.pdf" } };
                using var uploaded = await staff.PostAsync($"{unit.CriterionPath(code)}/evidence", form);
                Ensure(uploaded, HttpStatusCode.Created);
            }
        }

        using var head = host.Client(unit.HeadEmail);
        using var submitted = await head.PostAsync($"{unit.AssessmentPath}/submit", null);
        Ensure(submitted, HttpStatusCode.OK);
        return unit;
    }

    private static void Ensure(HttpResponseMessage response, HttpStatusCode expected)
    {
        if (response.StatusCode != expected)
        {
            throw new InvalidOperationException($"Setup: {response.RequestMessage?.Method} {response.RequestMessage?.RequestUri} answered {(int)response.StatusCode}.");
        }
    }
}
