namespace Evaluation.LocalHost.Durable;

/// <summary>The local Durable Task sidecar (configuration section "Durable").</summary>
public sealed class DurableSidecarOptions
{
    public const string SectionName = "Durable";

    /// <summary>Task hub name: letters and digits, 3–45 characters; separate hubs keep test runs apart.</summary>
    public string TaskHubName { get; set; } = "evaluationlocal";

    /// <summary>Loopback port of the gRPC sidecar; 0 picks a free one.</summary>
    public int SidecarPort { get; set; }

    /// <summary>
    /// Storage for the Durable Task backend; empty uses EvaluationStorage:ConnectionString (Azurite by default).
    /// </summary>
    public string? StorageConnectionString { get; set; }

    /// <summary>
    /// The longest the backend waits between queue polls when idle. Azure's default is 30 s; locally a short
    /// interval makes compressed calendars (deadlines seconds apart) fire on time.
    /// </summary>
    public TimeSpan MaxQueuePollingInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>
    /// How long a dequeued orchestration or activity message stays invisible; null keeps the backend's default
    /// (5 minutes). A host that stops while holding messages leaves them invisible that long, so after a crash the
    /// cycle resumes when it lapses. Tests of a restart shorten it.
    /// </summary>
    public TimeSpan? QueueVisibilityTimeout { get; set; }
}
