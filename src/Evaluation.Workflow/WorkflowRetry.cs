using Microsoft.DurableTask;

namespace Evaluation.Workflow;

/// <summary>Declared retry policies for activities: failures are retried with back-off, not lost.</summary>
public static class WorkflowRetry
{
    /// <summary>Storage hiccups: a few quick retries.</summary>
    public static TaskOptions Storage { get; } = TaskOptions.FromRetryPolicy(new RetryPolicy(
        maxNumberOfAttempts: 6,
        firstRetryInterval: TimeSpan.FromSeconds(2),
        backoffCoefficient: 2,
        maxRetryInterval: TimeSpan.FromMinutes(1)));

    /// <summary>
    /// Messages through Graph: the SDK already waits out 429/503 with Retry-After, so an activity failure means a
    /// longer outage; retry for about an hour. The ledger makes every retry skip what was sent.
    /// </summary>
    public static TaskOptions Notifications { get; } = TaskOptions.FromRetryPolicy(new RetryPolicy(
        maxNumberOfAttempts: 10,
        firstRetryInterval: TimeSpan.FromSeconds(5),
        backoffCoefficient: 2,
        maxRetryInterval: TimeSpan.FromMinutes(10)));
}
