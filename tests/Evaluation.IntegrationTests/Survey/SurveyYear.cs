using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using Evaluation.Domain.Survey;
using Evaluation.Infrastructure.Storage;
using Evaluation.Infrastructure.Survey;
using Evaluation.IntegrationTests.Infrastructure;
using Evaluation.IntegrationTests.Leaders;
using Microsoft.Extensions.DependencyInjection;

namespace Evaluation.IntegrationTests.Survey;

/// <summary>
/// A year ready for the survey: the current year in round 1 (the survey runs while the council appraises), the
/// sample index set, units, the draft questionnaire (<see cref="SurveyDefaults.Draft"/>) and respondents registered
/// straight through the store, so tests of one survey endpoint do not depend on the others.
/// </summary>
public static class SurveyYear
{
    public static int Year => LeaderBallotYear.Year;

    /// <summary>The year, index set <paramref name="indexSet"/> and the units; returns the questionnaire in force.</summary>
    public static async Task<Questionnaire> SetUpAsync(LocalHostFixture host, string indexSet, params (string UnitId, string Name)[] units)
    {
        await LeaderBallotYear.SetStageAsync(host, AppraisalCalendar.Round1);
        await LeaderBallotYear.LoadCatalogueAsync(host, indexSet);
        foreach (var (unitId, name) in units)
        {
            await LeaderBallotYear.AddUnitAsync(host, unitId, name, indexSet);
        }

        var store = host.Services.GetRequiredService<SurveyStore>();
        if (await store.GetQuestionnaireAsync(Year, indexSet) is { } existing)
        {
            return existing.Questionnaire;
        }

        var catalogue = await host.Services.GetRequiredService<CatalogueStore>().GetAsync(Year, indexSet)
            ?? throw new InvalidOperationException($"Setup: index set {indexSet} did not load.");
        var draft = SurveyDefaults.Draft(catalogue);
        await store.SaveQuestionnaireAsync(draft, LocalHostFixture.Admin, DateTimeOffset.UtcNow, ifMatch: null);
        return draft;
    }

    /// <summary>Registers <paramref name="count"/> respondents of <paramref name="group"/> for the unit, codes <c>{prefix}01</c>….</summary>
    public static async Task<IReadOnlyList<SurveyRespondent>> RegisterAsync(LocalHostFixture host, string unitId, string group, int count, string prefix)
    {
        var respondents = Enumerable.Range(1, count).Select(i => new SurveyRespondent(
            prefix + i.ToString("D2", CultureInfo.InvariantCulture),
            unitId,
            group,
            $"Người trả lời {prefix} số {i}",
            "0912" + i.ToString("D6", CultureInfo.InvariantCulture),
            Email: null,
            Organisation: group == SurveyDefaults.Delegates ? "Đoàn đại biểu HĐND tỉnh" : "Công ty TNHH Minh Phát")).ToList();
        await host.Services.GetRequiredService<SurveyStore>().SaveRespondentsAsync(Year, respondents, LocalHostFixture.Admin, DateTimeOffset.UtcNow);
        return respondents;
    }

    /// <summary>Paper ballots typed in by the working group through the API (<c>PUT …/units/{unitId}/survey</c>), all valid.</summary>
    public static async Task TypeInAsync(LocalHostFixture host, string unitId, IEnumerable<(string Respondent, Dictionary<string, string> Answers)> ballots)
    {
        using var admin = host.Client();
        using var response = await admin.PutAsJsonAsync(
            $"/api/years/{Year}/units/{unitId}/survey",
            new { ballots = ballots.Select(ballot => new { respondent = ballot.Respondent, answers = ballot.Answers }).ToList() });
        if (response.StatusCode != HttpStatusCode.OK)
        {
            throw new InvalidOperationException($"Setup: typing in ballots for {unitId} answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        }
    }

    /// <summary>Every question of the respondent's group answered with <paramref name="option"/>.</summary>
    public static Dictionary<string, string> AllAnswered(Questionnaire questionnaire, string group, string option = "A") =>
        questionnaire.QuestionsFor(group).ToDictionary(question => question.Code, _ => option, StringComparer.Ordinal);
}
