using Evaluation.Infrastructure;
using Evaluation.Web.Endpoints;
using Evaluation.Web.Http;
using Evaluation.Web.Identity;
using Evaluation.Web.Pages;
using Evaluation.Workflow;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Evaluation.Web;

public static class DependencyInjection
{
    /// <summary>Everything both hosts share: storage, identity, handlers, pages and the workflow client side.</summary>
    public static IServiceCollection AddEvaluation(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddEvaluationStorage(configuration);
        services.AddOptions<EvaluationOptions>().Bind(configuration.GetSection(EvaluationOptions.SectionName));
        services.AddSingleton<Access>();
        services.AddSingleton<EndpointRunner>();
        services.AddEvaluationWorkflow();
        services.AddSingleton<Workflow.Reminders.IPageLinks, PageLinks>();
        services.AddSingleton<CycleEndpoints>();
        services.AddSingleton<SetupEndpoints>();
        services.AddSingleton<RankingEndpoints>();
        services.AddSingleton<AssessmentEndpoints>();
        services.AddSingleton<AppraisalEndpoints>();
        services.AddSingleton<OtherIndexEndpoints>();
        services.AddSingleton<ResultsReader>();
        services.AddSingleton<ResultsEndpoints>();
        services.AddSingleton<ResultsPages>();
        services.AddSingleton<YearFiles>();
        services.AddSingleton<DashboardEndpoints>();
        services.AddSingleton<WorkingGroupPageGate>();
        services.AddSingleton<DashboardPage>();
        services.AddSingleton<LeaderBallotEndpoints>();
        services.AddSingleton<SurveyEndpoints>();
        services.AddSingleton<SurveyImportEndpoints>();
        services.AddSingleton<LeaderBallotPage>();
        services.AddSingleton<LeaderBallotTabPage>();
        services.AddSingleton<AssessmentPage>();
        services.AddSingleton<AppraisalPage>();
        services.AddSingleton<SurveyPage>();
        services.AddSingleton<SurveyBallotPage>();
        services.AddSingleton<OtherIndexPage>();
        services.AddSingleton<StartPage>();
        return services;
    }
}
