using Evaluation.Infrastructure.Appraisal;
using Evaluation.Infrastructure.Assessments;
using Evaluation.Infrastructure.Evidence;
using Evaluation.Infrastructure.Leaders;
using Evaluation.Infrastructure.Links;
using Evaluation.Infrastructure.Survey;
using Evaluation.Infrastructure.Notifications;
using Evaluation.Infrastructure.Seed;
using Evaluation.Infrastructure.Storage;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Evaluation.Infrastructure;

public static class DependencyInjection
{
    /// <summary>Storage clients and stores over Azure Tables and Blobs, configured from "EvaluationStorage".</summary>
    public static IServiceCollection AddEvaluationStorage(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<StorageOptions>().Bind(configuration.GetSection(StorageOptions.SectionName));
        services.AddSingleton<StorageClients>();
        services.AddSingleton<StorageNames>();
        services.AddSingleton<YearStore>();
        services.AddSingleton<UnitStore>();
        services.AddSingleton<PersonStore>();
        services.AddSingleton<CatalogueStore>();
        services.AddSingleton<AssessmentStore>();
        services.AddSingleton<AppraisalStore>();
        services.AddSingleton<CouncilStore>();
        services.AddSingleton<LeaderBallotStore>();
        services.AddSingleton<OtherIndices.OtherIndexStore>();
        services.AddSingleton<LinkSigningKey>();
        services.AddSingleton<LeaderLinks>();
        services.AddSingleton<SurveyStore>();
        services.AddSingleton<SurveyLinks>();
        services.AddSingleton<SurveyResults>();
        services.AddOptions<EvidenceOptions>().Bind(configuration.GetSection(EvidenceOptions.SectionName));
        // Read once at start: a trust store that cannot be read stops the host with the file's name.
        services.AddSingleton(provider => new TrustedRoots(provider.GetRequiredService<IOptions<EvidenceOptions>>()));
        services.AddSingleton<PdfSignatureVerifier>();
        services.AddSingleton<UploadBufferPool>();
        services.AddSingleton<EvidenceStore>();
        services.AddSingleton<ResultStore>();
        services.AddSingleton<Scoring.UnitScoreReader>();
        services.AddSingleton<NotificationLedger>();
        services.AddOptions<SiteOptions>().Bind(configuration.GetSection(SiteOptions.SectionName));
        services.AddSingleton<SiteAddress>();
        services.AddSingleton<DemoDataSeeder>();
        services.AddGraphNotifier(configuration);
        services.AddSingleton(TimeProvider.System);
        return services;
    }
}
