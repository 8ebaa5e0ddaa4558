using Microsoft.DurableTask;

namespace Evaluation.Workflow;

/// <summary>Declared retry policies for activities: storage hiccups are retried with back-off, not lost.</summary>
public static class WorkflowRetry
{
    public static TaskOptions Storage { get; } = TaskOptions.FromRetryPolicy(new RetryPolicy(
        maxNumberOfAttempts: 6,
        firstRetryInterval: TimeSpan.FromSeconds(2),
        backoffCoefficient: 2,
        maxRetryInterval: TimeSpan.FromMinutes(1)));
}
