using Evaluation.Domain.Appraisal;

namespace Evaluation.Infrastructure.Appraisal;

/// <summary>
/// One appraiser decision on one criterion of one unit in one round, with who, which agency, when
/// and what it was made on. The current decision has an ETag; every decision is also kept as a trail row.
/// </summary>
public sealed record DecisionRecord(
    string Code,
    int Round,
    DecisionKind Kind,
    decimal Score,
    string Reason,
    bool ExplainedDirectly,
    string By,
    string AgencyId,
    DateTimeOffset At,
    DecisionBasis Basis,
    int Revision,
    string? ETag = null);

/// <summary>A deduction under section VII for one unit (Art. 3.3); zero points means withdrawn.</summary>
public sealed record PenaltyRecord(
    string Code,
    decimal Points,
    string Reason,
    PenaltySource? Source,
    string? Evidence,
    string By,
    string? AgencyId,
    DateTimeOffset At,
    int Revision,
    string? ETag = null);

/// <summary>The council's work on one unit: current decisions per (criterion, round) and current penalties.</summary>
public sealed record UnitAppraisal(IReadOnlyList<DecisionRecord> Decisions, IReadOnlyDictionary<string, PenaltyRecord> Penalties)
{
    public static UnitAppraisal Empty { get; } = new([], new Dictionary<string, PenaltyRecord>(StringComparer.Ordinal));

    /// <summary>Whether the council finished round 1 and round 2 on these leaves (see <see cref="AppraisalCompletion"/>).</summary>
    public (bool Round1, bool Round2) Completion(IReadOnlyCollection<string> leaves) =>
        AppraisalCompletion.Of(leaves, code => Decision(code, AppraisalRounds.First)?.Kind, code => Decision(code, AppraisalRounds.Second) is not null);

    public DecisionRecord? Decision(string code, int round) =>
        Decisions.FirstOrDefault(decision => decision.Code == code && decision.Round == round);
}
