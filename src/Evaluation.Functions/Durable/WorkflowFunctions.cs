using Evaluation.Workflow;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask;
using Microsoft.Extensions.DependencyInjection;

namespace Evaluation.Functions.Durable;

/// <summary>
/// The Functions bindings of the yearly cycle: the same <see cref="TaskOrchestrator{TInput,TOutput}"/> and
/// <see cref="TaskActivity{TInput,TOutput}"/> classes the local host registers, under the same names, so
/// instances, events and history are identical on both hosts. (The Durable source generator would write these
/// wrappers; it is not available here, so they are written out.)
/// </summary>
public static class WorkflowFunctions
{
    [Function(nameof(YearCycleOrchestrator))]
    public static Task<string> YearCycle([OrchestrationTrigger] TaskOrchestrationContext context) =>
        new YearCycleOrchestrator().RunAsync(context, context.GetInput<YearCycleInput>()!);

    [Function(nameof(UnitCycleOrchestrator))]
    public static Task<string> UnitCycle([OrchestrationTrigger] TaskOrchestrationContext context) =>
        new UnitCycleOrchestrator().RunAsync(context, context.GetInput<UnitCycleInput>()!);

    [Function(nameof(RecordUnitPhaseActivity))]
    public static Task<bool> RecordUnitPhase([ActivityTrigger] UnitPhaseChange input, string instanceId, FunctionContext function) =>
        ActivatorUtilities.CreateInstance<RecordUnitPhaseActivity>(function.InstanceServices)
            .RunAsync(new FunctionActivityContext(nameof(RecordUnitPhaseActivity), instanceId), input);

    [Function(nameof(RecordYearPhaseActivity))]
    public static Task<bool> RecordYearPhase([ActivityTrigger] YearPhaseChange input, string instanceId, FunctionContext function) =>
        ActivatorUtilities.CreateInstance<RecordYearPhaseActivity>(function.InstanceServices)
            .RunAsync(new FunctionActivityContext(nameof(RecordYearPhaseActivity), instanceId), input);

    private sealed class FunctionActivityContext(string name, string instanceId) : TaskActivityContext
    {
        public override TaskName Name { get; } = new(name);

        public override string InstanceId { get; } = instanceId;
    }
}
