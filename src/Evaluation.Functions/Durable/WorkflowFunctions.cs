using Evaluation.Workflow;
using Evaluation.Workflow.Reminders;
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
        Run<RecordUnitPhaseActivity, UnitPhaseChange, bool>(input, instanceId, function);

    [Function(nameof(RecordYearPhaseActivity))]
    public static Task<bool> RecordYearPhase([ActivityTrigger] YearPhaseChange input, string instanceId, FunctionContext function) =>
        Run<RecordYearPhaseActivity, YearPhaseChange, bool>(input, instanceId, function);

    [Function(nameof(RecordUnitStepDoneActivity))]
    public static Task<bool> RecordUnitStepDone([ActivityTrigger] UnitStepCompletion input, string instanceId, FunctionContext function) =>
        Run<RecordUnitStepDoneActivity, UnitStepCompletion, bool>(input, instanceId, function);

    [Function(nameof(ReadYearProgressActivity))]
    public static Task<YearProgress> ReadYearProgress([ActivityTrigger] int input, string instanceId, FunctionContext function) =>
        Run<ReadYearProgressActivity, int, YearProgress>(input, instanceId, function);

    [Function(nameof(ReadUnitProgressActivity))]
    public static Task<UnitProgress> ReadUnitProgress([ActivityTrigger] UnitRef input, string instanceId, FunctionContext function) =>
        Run<ReadUnitProgressActivity, UnitRef, UnitProgress>(input, instanceId, function);

    [Function(nameof(SendRemindersActivity))]
    public static Task<ReminderRun> SendReminders([ActivityTrigger] StepReminder input, string instanceId, FunctionContext function) =>
        Run<SendRemindersActivity, StepReminder, ReminderRun>(input, instanceId, function);

    [Function(nameof(EscalateOverdueActivity))]
    public static Task<ReminderRun> EscalateOverdue([ActivityTrigger] StepDeadline input, string instanceId, FunctionContext function) =>
        Run<EscalateOverdueActivity, StepDeadline, ReminderRun>(input, instanceId, function);

    [Function(nameof(OpenLeaderScoringActivity))]
    public static Task<int> OpenLeaderScoring([ActivityTrigger] LeaderScoringOpening input, string instanceId, FunctionContext function) =>
        Run<OpenLeaderScoringActivity, LeaderScoringOpening, int>(input, instanceId, function);

    [Function(nameof(RankYearActivity))]
    public static Task<bool> RankYear([ActivityTrigger] int input, string instanceId, FunctionContext function) =>
        Run<RankYearActivity, int, bool>(input, instanceId, function);

    [Function(nameof(RecordPublishedActivity))]
    public static Task<bool> RecordPublished([ActivityTrigger] YearPhaseChange input, string instanceId, FunctionContext function) =>
        Run<RecordPublishedActivity, YearPhaseChange, bool>(input, instanceId, function);

    /// <summary>Runs an activity class with the worker's services, as the Durable worker does on the local host.</summary>
    private static Task<TOutput> Run<TActivity, TInput, TOutput>(TInput input, string instanceId, FunctionContext function)
        where TActivity : TaskActivity<TInput, TOutput> =>
        ActivatorUtilities.CreateInstance<TActivity>(function.InstanceServices)
            .RunAsync(new FunctionActivityContext(typeof(TActivity).Name, instanceId), input);

    private sealed class FunctionActivityContext(string name, string instanceId) : TaskActivityContext
    {
        public override TaskName Name { get; } = new(name);

        public override string InstanceId { get; } = instanceId;
    }
}
