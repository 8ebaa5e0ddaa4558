using Microsoft.DurableTask;

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
        return registry;
    }
}
