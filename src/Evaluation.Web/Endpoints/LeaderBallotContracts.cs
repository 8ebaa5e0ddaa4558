using Evaluation.Domain.Units;
using Evaluation.Domain.Years;
using Evaluation.Infrastructure.Leaders;

namespace Evaluation.Web.Endpoints;

/// <summary>Who a ballot request acts for (a leader of the directory), for which year, and how it proved it.</summary>
public sealed record LeaderBallotCaller(EvaluationYear Year, Person Leader, BallotChannel Channel);

/// <summary>
/// A leader's ballot (Annex 2, R-5): who, the window, the units by type with what the council appraised so far, and the
/// leader's saved scores. <c>open</c> says whether a save is accepted now; <c>closedReason</c> says why not.
/// </summary>
public sealed record LeaderBallotDto(
    int Year,
    string LeaderEmail,
    string LeaderName,
    DateTimeOffset Opens,
    DateTimeOffset Closes,
    string OpensText,
    string DeadlineText,
    bool Open,
    string? ClosedReason,
    bool Published,
    decimal MaxScore,
    int UnitCount,
    int ScoredCount,
    int MissingCount,
    int Revision,
    DateTimeOffset? SavedAt,
    string? SavedAtText,
    bool AppraisedAvailable,
    DateTimeOffset? AppraisedAt,
    IReadOnlyList<LeaderBallotGroupDto> Groups);

/// <summary>The units of one type (index set), in Vietnamese name order.</summary>
public sealed record LeaderBallotGroupDto(string Type, string TypeName, IReadOnlyList<LeaderBallotUnitDto> Units);

/// <summary>A unit on the ballot: the leader's score (null until given) and the appraised figures when available.</summary>
public sealed record LeaderBallotUnitDto(string UnitId, string Name, decimal? Score, AppraisedScoresDto? Appraised);

/// <summary>
/// What the council's appraisal gives the unit so far: sections I–IV and VII (deduction, positive), and the subtotal
/// I + II + III + IV − VII before the survey (V) and the leaders (VI). <c>unappraised</c> leaves still count 0.
/// </summary>
public sealed record AppraisedScoresDto(IReadOnlyDictionary<string, decimal> Sections, decimal Subtotal, int Unappraised);
