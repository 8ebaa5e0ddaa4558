namespace Evaluation.Domain.Appraisal;

/// <summary>The council's two rounds (Art. 5.2): round 1 on the self-assessment, round 2 after the explanation window.</summary>
public static class AppraisalRounds
{
    public const int First = 1;
    public const int Second = 2;
}

/// <summary>What an appraiser decides on one criterion .</summary>
public enum DecisionKind
{
    /// <summary>"Đồng ý với kết quả tự chấm điểm": the appraised score is the self-score that counts.</summary>
    Agree,

    /// <summary>"Không đồng ý": a lower score (or zero) with the reason.</summary>
    Disagree,

    /// <summary>"Đề nghị bổ sung tài liệu kiểm chứng": what is missing and a provisional score; round 1 only.</summary>
    RequestEvidence,
}

public static class DecisionKinds
{
    public static string ApiName(DecisionKind kind) => kind switch
    {
        DecisionKind.Agree => "agree",
        DecisionKind.Disagree => "disagree",
        DecisionKind.RequestEvidence => "requestEvidence",
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, null),
    };

    public static DecisionKind? Parse(string? name) => name switch
    {
        "agree" => DecisionKind.Agree,
        "disagree" => DecisionKind.Disagree,
        "requestEvidence" => DecisionKind.RequestEvidence,
        _ => null,
    };

    /// <summary>The words the regulation has the appraiser write in the "giải trình" box.</summary>
    public static string Vietnamese(DecisionKind kind) => kind switch
    {
        DecisionKind.Agree => "Đồng ý với kết quả tự chấm điểm",
        DecisionKind.Disagree => "Không đồng ý với kết quả tự chấm điểm",
        DecisionKind.RequestEvidence => "Đề nghị bổ sung tài liệu kiểm chứng",
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, null),
    };
}

/// <summary>A decision as the appraiser states it, already checked against the criterion and the self-score.</summary>
/// <param name="ExplainedDirectly">For classified evidence: the unit explained it to the council in person.</param>
public sealed record DecisionInput(DecisionKind Kind, decimal Score, string Reason, bool ExplainedDirectly);

/// <summary>
/// What a decision was made on: the self-score and the SHA-256 of each current evidence file. If either differs
/// later (the unit changed them in the explanation window), the decision needs a new look (issue 4, R-3.5).
/// </summary>
public sealed record DecisionBasis(decimal? SelfScore, IReadOnlyList<string> EvidenceHashes)
{
    public static DecisionBasis Of(decimal? selfScore, IEnumerable<string> evidenceHashes) =>
        new(selfScore, evidenceHashes.Order(StringComparer.Ordinal).ToList());

    public bool SameAs(DecisionBasis other) =>
        SelfScore == other.SelfScore && EvidenceHashes.SequenceEqual(other.EvidenceHashes, StringComparer.Ordinal);
}
