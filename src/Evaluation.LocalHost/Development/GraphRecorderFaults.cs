namespace Evaluation.LocalHost.Development;

/// <summary>
/// A refusal the recording Graph endpoint gives instead of recording: the next <see cref="Count"/> requests (for
/// <see cref="To"/> only, when given) answer <see cref="Status"/>, with Retry-After when <see cref="RetryAfterSeconds"/> is set.
/// </summary>
public sealed record GraphFault(int Status, int Count, int? RetryAfterSeconds, string? To);

/// <summary>What is still armed, and the refusals given so far (the last one's instant lets a test see Retry-After honoured).</summary>
public sealed record GraphFaultState(IReadOnlyList<GraphFault> Armed, int Refused, DateTimeOffset? LastRefusedAt);

/// <summary>
/// Faults armed at run time for tests (<c>POST /dev/graph/faults</c>). One set per host: each test fixture is a host
/// of its own, so a fault armed by one fixture's test never reaches another's sends; <see cref="GraphFault.To"/>
/// narrows it further to one recipient.
/// </summary>
public sealed class GraphRecorderFaults(TimeProvider time)
{
    private readonly Lock _gate = new();
    private readonly List<GraphFault> _armed = [];
    private int _refused;
    private DateTimeOffset? _lastRefusedAt;

    /// <summary>Adds a fault after those already armed: they are used in the order armed.</summary>
    public GraphFaultState Arm(GraphFault fault)
    {
        lock (_gate)
        {
            _armed.Add(fault);
            return StateLocked();
        }
    }

    public GraphFaultState Clear()
    {
        lock (_gate)
        {
            _armed.Clear();
            _refused = 0;
            _lastRefusedAt = null;
            return StateLocked();
        }
    }

    public GraphFaultState State()
    {
        lock (_gate)
        {
            return StateLocked();
        }
    }

    /// <summary>The fault this request to <paramref name="recipient"/> gets, used up by one; null: record it.</summary>
    public GraphFault? Take(string recipient)
    {
        lock (_gate)
        {
            var index = _armed.FindIndex(fault => fault.To is null || string.Equals(fault.To, recipient, StringComparison.OrdinalIgnoreCase));
            if (index < 0)
            {
                return null;
            }

            var fault = _armed[index];
            if (fault.Count <= 1)
            {
                _armed.RemoveAt(index);
            }
            else
            {
                _armed[index] = fault with { Count = fault.Count - 1 };
            }

            _refused++;
            _lastRefusedAt = time.GetUtcNow();
            return fault;
        }
    }

    private GraphFaultState StateLocked() => new([.. _armed], _refused, _lastRefusedAt);
}
