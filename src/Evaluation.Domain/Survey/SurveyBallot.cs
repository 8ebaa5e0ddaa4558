using System.Text.Json.Serialization;

namespace Evaluation.Domain.Survey;

/// <summary>
/// A person registered to answer the survey about one unit, in one group (the "bảng kê thông tin người trả lời
/// phiếu khảo sát" the re-verification works from, Art. 3.2.d). The code is the working group's, unique in the year.
/// </summary>
public sealed record SurveyRespondent(
    string Code,
    string UnitId,
    string Group,
    string Name,
    string? Phone,
    string? Email,
    string? Organisation);

/// <summary>How a ballot reached the system.</summary>
public enum BallotSource
{
    /// <summary>A row of the survey spreadsheet the working group imported.</summary>
    Import,

    /// <summary>Answered by the respondent through the personal one-time link.</summary>
    Online,

    /// <summary>Typed in by the working group from a paper ballot.</summary>
    Entered,
}

/// <summary>Re-verification (phúc tra, Art. 3.2.d): met in person, or called on the phone.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<ReverificationMethod>))]
public enum ReverificationMethod
{
    [JsonStringEnumMemberName("direct")]
    Direct,

    [JsonStringEnumMemberName("phone")]
    Phone,
}

/// <summary>One re-verification of a ballot with its outcome; a failed one excludes the ballot .</summary>
public sealed record Reverification(ReverificationMethod Method, bool Confirmed, string? Note, DateTimeOffset At, string By);

/// <summary>
/// A respondent's answers about the unit they were registered for (question code → option code). Stored once:
/// a respondent answers once. Checks are appended, never replaced; the latest one decides.
/// </summary>
public sealed record SurveyBallot(
    string RespondentCode,
    string UnitId,
    string Group,
    IReadOnlyDictionary<string, string> Answers,
    BallotSource Source,
    DateTimeOffset At,
    string By,
    IReadOnlyList<Reverification> Checks)
{
    public Reverification? LatestCheck => Checks.Count == 0 ? null : Checks[^1];

    /// <summary>A failed re-verification excludes the ballot; a later successful one restores it.</summary>
    public bool ExcludedByCheck => LatestCheck is { Confirmed: false };
}
