using Evaluation.Workflow.Ranking;
using Evaluation.Workflow.Reminders;
using Microsoft.DurableTask;
using Microsoft.Extensions.DependencyInjection;

namespace Evaluation.Workflow;

/// <summary>The orchestrators and activities of the yearly cycle, registered the same way on every host.</summary>
public static class WorkflowRegistration
{
    public static DurableTaskRegistry AddEvaluationTasks(this DurableTaskRegistry registry)
    {
        registry.AddOrchestrator<YearCycleOrchestrator>();
        registry.AddOrchestrator<UnitCycleOrchestrator>();
        registry.AddActivity<RecordUnitPhaseActivity>();
        registry.AddActivity<RecordYearPhaseActivity>();
        registry.AddActivity<RecordUnitStepDoneActivity>();
        registry.AddActivity<ReadYearProgressActivity>();
        registry.AddActivity<ReadUnitProgressActivity>();
        registry.AddActivity<SendRemindersActivity>();
        registry.AddActivity<EscalateOverdueActivity>();
        registry.AddActivity<OpenLeaderScoringActivity>();
        registry.AddActivity<RankYearActivity>();
        registry.AddActivity<RecordPublishedActivity>();
        return registry;
    }

    /// <summary>The services the activities use (both hosts).</summary>
    public static IServiceCollection AddEvaluationWorkflow(this IServiceCollection services)
    {
        services.AddSingleton<YearWorkflow>();
        services.AddSingleton<OutstandingWork>();
        services.AddSingleton<CycleProgress>();
        services.AddSingleton<ReminderSender>();
        services.AddSingleton<LeaderScoringOpener>();
        services.AddSingleton<YearRanking>();
        return services;
    }
}
