using Evaluation.Domain.Survey;

namespace Evaluation.Web.Endpoints;

/// <summary><c>GET/PUT …/catalogues/{indexSet}/questionnaire</c>: the questionnaire, or a draft when none is saved yet.</summary>
public sealed record QuestionnaireDto(
    int Year, string IndexSet, bool Draft, IReadOnlyList<RespondentGroup> Groups, IReadOnlyList<SurveyQuestion> Questions,
    string? SavedBy, DateTimeOffset? SavedAt, int Ballots, string? LockedReason);

/// <summary>A registered respondent with the state of their ballot.</summary>
public sealed record RespondentDto(
    string Code, string UnitId, string Group, string Name, string? Phone, string? Email, string? Organisation,
    bool Answered, DateTimeOffset? AnsweredAt, string? Source, bool Excluded, Reverification? LatestCheck);

public sealed record RespondentsDto(int Year, int Count, IReadOnlyList<RespondentDto> Respondents);

/// <summary>A respondent's personal link, to hand over when they have no e-mail address.</summary>
public sealed record SurveyLinkDto(string Code, string Url, DateTimeOffset Expires, string ExpiresText);

/// <summary><c>POST …/survey/invitations</c>: how many links went out for the unit, and who could not be reached.</summary>
public sealed record InvitationsDto(string UnitId, int Sent, int AlreadySent, int Answered, IReadOnlyList<string> NoEmail);

/// <summary>What the respondent sees on the phone: who asks, about which unit, and the questions without their weights.</summary>
public sealed record SurveyBallotDto(
    int Year, string Code, string Name, string Group, string GroupTitle, string UnitId, string UnitName,
    bool Answered, DateTimeOffset? AnsweredAt, string? AnsweredAtText, DateTimeOffset? Expires, string? ExpiresText,
    IReadOnlyList<BallotQuestionDto> Questions, IReadOnlyDictionary<string, string>? Answers);

public sealed record BallotQuestionDto(string Code, string Text, IReadOnlyList<BallotOptionDto> Options);

public sealed record BallotOptionDto(string Code, string Text);

/// <summary>One ballot as the working group sees it on the unit's survey page.</summary>
public sealed record BallotRowDto(
    string Respondent, string Name, string Group, string Source, DateTimeOffset At, string By, bool Excluded, IReadOnlyList<Reverification> Checks);

/// <summary><c>GET …/units/{unitId}/survey</c>: section V with its inputs; the ballots only for the working group.</summary>
public sealed record UnitSurveyDto(
    int Year, string UnitId, string UnitName, string IndexSet, bool HasQuestionnaire, decimal Total, decimal MaxScore, bool QuotasMet,
    IReadOnlyList<GroupTally> Groups, IReadOnlyList<CriterionConversion> Criteria, IReadOnlyList<BallotRowDto>? Ballots);

/// <summary>A unit's line on the survey overview.</summary>
public sealed record SurveyUnitLineDto(
    string UnitId, string Name, string Type, bool HasQuestionnaire, decimal Total, bool QuotasMet, IReadOnlyList<GroupTally> Groups, int Registered);

public sealed record SurveyOverviewDto(int Year, bool Published, IReadOnlyList<string> IndexSetsWithoutQuestionnaire, IReadOnlyList<SurveyUnitLineDto> Units);
