using Evaluation.Domain.Calendar;
using DurableTask.Core.Exceptions;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Logging;

namespace Evaluation.Workflow;

/// <summary>What a start request did: instances scheduled now, and instances that were already running.</summary>
public sealed record WorkflowStartSummary(int Scheduled, int AlreadyRunning);

/// <summary>
/// The client side of the yearly cycle, used by the HTTP handlers of both hosts: start the province's orchestration
/// and one per unit (idempotent, deterministic ids), and tell running ones that the calendar changed.
/// The <see cref="DurableTaskClient"/> is passed in because the Functions host binds it per invocation.
/// </summary>
public sealed class YearWorkflow(ILogger<YearWorkflow> logger)
{
    private const int Parallelism = 8;

    public async Task<WorkflowStartSummary> StartAsync(
        DurableTaskClient client, int year, YearTimetable timetable, IReadOnlyCollection<string> unitIds, CancellationToken cancellationToken = default)
    {
        var calendar = timetable.Calendar;
        var scheduled = 0;
        var running = 0;
        if (await EnsureRunningAsync(client, nameof(YearCycleOrchestrator), WorkflowIds.Year(year), new YearCycleInput(year, timetable), cancellationToken))
        {
            scheduled++;
        }
        else
        {
            running++;
        }

        await Parallel.ForEachAsync(unitIds, new ParallelOptions { MaxDegreeOfParallelism = Parallelism, CancellationToken = cancellationToken }, async (unitId, token) =>
        {
            var started = await EnsureRunningAsync(client, nameof(UnitCycleOrchestrator), WorkflowIds.Unit(year, unitId), new UnitCycleInput(year, unitId, calendar), token);
            Interlocked.Increment(ref started ? ref scheduled : ref running);
        });

        logger.LogInformation("Year {Year} start: {Scheduled} orchestrations scheduled, {Running} already running", year, scheduled, running);
        return new WorkflowStartSummary(scheduled, running);
    }

    /// <summary>
    /// running orchestrations receive the new calendar as an external event and re-arm their timers; ones that
    /// already finished (every deadline had passed) are started again so a deadline moved into the future counts.
    /// </summary>
    public async Task NotifyCalendarChangedAsync(
        DurableTaskClient client, int year, YearTimetable timetable, IReadOnlyCollection<string> unitIds, CancellationToken cancellationToken = default)
    {
        var calendar = timetable.Calendar;
        await NotifyAsync(client, nameof(YearCycleOrchestrator), WorkflowIds.Year(year), new YearCycleInput(year, timetable), timetable, cancellationToken);
        await Parallel.ForEachAsync(unitIds, new ParallelOptions { MaxDegreeOfParallelism = Parallelism, CancellationToken = cancellationToken }, (unitId, token) =>
            new ValueTask(NotifyAsync(client, nameof(UnitCycleOrchestrator), WorkflowIds.Unit(year, unitId), new UnitCycleInput(year, unitId, calendar), timetable, token)));
        logger.LogInformation("Year {Year}: calendar change sent to {Count} unit orchestrations", year, unitIds.Count);
    }

    /// <summary>
    /// Tells a running orchestration that people finished something (a unit's step, the working group's decision).
    /// The action itself is already stored; if the orchestration is not running (the year not started, or already
    /// past that step) there is nobody to tell and the deadline timer ends the step as usual, so this logs and returns
    /// false instead of failing the person's request.
    /// </summary>
    public async Task<bool> RaiseAsync(DurableTaskClient client, string instanceId, string eventName, object? payload, CancellationToken cancellationToken = default)
    {
        var instance = await client.GetInstanceAsync(instanceId, getInputsAndOutputs: false, cancellationToken);
        if (instance is null || !IsActive(instance.RuntimeStatus))
        {
            logger.LogInformation("Event {Event} not sent: orchestration {InstanceId} is not running", eventName, instanceId);
            return false;
        }

        await client.RaiseEventAsync(instanceId, eventName, payload, cancellationToken);
        logger.LogInformation("Event {Event} sent to {InstanceId}", eventName, instanceId);
        return true;
    }

    private async Task NotifyAsync(DurableTaskClient client, string orchestrator, string instanceId, object input, YearTimetable timetable, CancellationToken cancellationToken)
    {
        var instance = await client.GetInstanceAsync(instanceId, getInputsAndOutputs: false, cancellationToken);
        if (instance is null)
        {
            return;
        }

        if (IsActive(instance.RuntimeStatus))
        {
            await client.RaiseEventAsync(instanceId, WorkflowEvents.CalendarChanged, timetable, cancellationToken);
            return;
        }

        await EnsureRunningAsync(client, orchestrator, instanceId, input, cancellationToken);
    }

    /// <summary>Schedules the instance unless it is already active; true when this call scheduled it.</summary>
    private async Task<bool> EnsureRunningAsync(DurableTaskClient client, string orchestrator, string instanceId, object input, CancellationToken cancellationToken)
    {
        var existing = await client.GetInstanceAsync(instanceId, getInputsAndOutputs: false, cancellationToken);
        if (existing is not null && IsActive(existing.RuntimeStatus))
        {
            return false;
        }

        try
        {
            await client.ScheduleNewOrchestrationInstanceAsync(orchestrator, input, new StartOrchestrationOptions(instanceId), cancellationToken);
            return true;
        }
        catch (OrchestrationAlreadyExistsException)
        {
            // A concurrent start won the race; the instance exists, which is all this call wanted.
            logger.LogInformation("Orchestration {InstanceId} was started concurrently", instanceId);
            return false;
        }
    }

    private static bool IsActive(OrchestrationRuntimeStatus status) =>
        status is OrchestrationRuntimeStatus.Running or OrchestrationRuntimeStatus.Pending or OrchestrationRuntimeStatus.Suspended;
}
