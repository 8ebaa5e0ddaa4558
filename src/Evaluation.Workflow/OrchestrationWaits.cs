using Microsoft.DurableTask;

namespace Evaluation.Workflow;

/// <summary>
/// External-event waiters that outlive one <c>Task.WhenAny</c>. The Durable SDK hands an event to the most recent
/// waiter of that name, even a cancelled one, so cancelling a waiter and creating the next one later would lose an
/// event that arrives in between (e.g. while an activity runs). Each name therefore has one waiter at a time, kept
/// until its event arrives; only timers are cancelled.
/// </summary>
internal sealed class OrchestrationWaits(TaskOrchestrationContext context)
{
    private readonly Dictionary<string, Task> _pending = new(StringComparer.Ordinal);

    public Task<T> Event<T>(string name)
    {
        if (!_pending.TryGetValue(name, out var task))
        {
            task = context.WaitForExternalEvent<T>(name);
            _pending[name] = task;
        }

        return (Task<T>)task;
    }

    /// <summary>The payload of an event that arrived; the next <see cref="Event{T}"/> call waits for a new one.</summary>
    public async Task<T> TakeAsync<T>(string name)
    {
        var task = (Task<T>)_pending[name];
        _pending.Remove(name);
        return await task;
    }

    /// <summary>
    /// The Azure Storage backend delivers a timer when its queue message becomes visible, which is set in whole
    /// seconds: measured up to 0.85 s before the timer's time. Waking a second later keeps every deadline step
    /// (escalation, the ranking) after its deadline by the wall clock too.
    /// </summary>
    private static readonly TimeSpan EarlyFiringMargin = TimeSpan.FromSeconds(1);

    /// <summary>
    /// Waits for a durable timer at <paramref name="fireAt"/> or any of <paramref name="others"/>; returns the winner.
    /// A timer that lost is cancelled so it does not keep the orchestration waiting.
    /// </summary>
    public async Task<Task> TimerOrAsync(DateTimeOffset fireAt, IReadOnlyList<Task> others)
    {
        using var cancel = new CancellationTokenSource();
        var timer = context.CreateTimer((fireAt + EarlyFiringMargin).UtcDateTime, cancel.Token);
        var winner = await Task.WhenAny([timer, .. others]);
        if (winner != timer)
        {
            // Synchronous on purpose: CancelAsync would resume on a thread-pool thread, outside the orchestration's
            // single-threaded scheduler, and the orchestrator would never continue.
#pragma warning disable CA1849 // Call async methods when in an async method
            cancel.Cancel();
#pragma warning restore CA1849
        }

        if (winner == timer)
        {
            _firedAt = fireAt;
        }

        return winner;
    }

    private DateTimeOffset _firedAt = DateTimeOffset.MinValue;

    /// <summary>
    /// The orchestration's time. After a timer fired, at least the timer's time: the replay clock can read a hair
    /// earlier than the deadline that fired, and a phase must never be recorded as entered before its deadline.
    /// </summary>
    public DateTimeOffset Now
    {
        get
        {
            var now = new DateTimeOffset(context.CurrentUtcDateTime, TimeSpan.Zero);
            return now > _firedAt ? now : _firedAt;
        }
    }
}
