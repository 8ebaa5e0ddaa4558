using Evaluation.Domain.Calendar;
using Evaluation.Domain.Ranking;
using Evaluation.Domain.Units;
using Evaluation.Domain.Years;
using Evaluation.Infrastructure.Storage;

namespace Evaluation.Web.Endpoints;

/// <summary>Deadlines as ISO 8601 instants in the province's offset (+07:00).</summary>
public sealed record CalendarDto(
    DateTimeOffset SelfAssessmentDue,
    DateTimeOffset AppraisalRound1Due,
    DateTimeOffset ExplanationDue,
    DateTimeOffset AppraisalRound2Due,
    DateTimeOffset LeaderScoringDue,
    DateTimeOffset PublicationDue)
{
    public static CalendarDto From(YearCalendar calendar) => new(
        ProvinceTime.ToProvince(calendar.SelfAssessmentDue),
        ProvinceTime.ToProvince(calendar.AppraisalRound1Due),
        ProvinceTime.ToProvince(calendar.ExplanationDue),
        ProvinceTime.ToProvince(calendar.AppraisalRound2Due),
        ProvinceTime.ToProvince(calendar.LeaderScoringDue),
        ProvinceTime.ToProvince(calendar.PublicationDue));
}

public sealed record CatalogueSummaryDto(string IndexSet, string Title, int CriterionCount, int LeafCount, string Sha256, string UploadedBy, DateTimeOffset UploadedAt)
{
    public static CatalogueSummaryDto From(CatalogueSummary summary) => new(
        summary.IndexSet, summary.Title, summary.CriterionCount, summary.LeafCount, summary.Sha256, summary.UploadedBy, ProvinceTime.ToProvince(summary.UploadedAt));
}

public sealed record YearDto(
    int Year,
    string Phase,
    string PhaseName,
    DateTimeOffset? StartedAt,
    CalendarDto Calendar,
    RankingSettingsDocument Settings,
    IReadOnlyList<UnitType> UnitTypes,
    IReadOnlyList<CatalogueSummaryDto> Catalogues,
    RemindersDto Reminders,
    DateTimeOffset? LeaderScoringOpens,
    DateTimeOffset? LeaderScoringCloses,
    DateTimeOffset? PublishedAt)
{
    public static YearDto From(EvaluationYear year, IReadOnlyList<CatalogueSummary> catalogues) => new(
        year.Year,
        EvaluationPhaseNames.ApiName(year.Phase),
        EvaluationPhaseNames.Vietnamese(year.Phase),
        year.StartedAt is { } started ? ProvinceTime.ToProvince(started) : null,
        CalendarDto.From(year.Setup.Calendar),
        RankingSettingsDocument.From(year.Setup.Settings),
        year.Setup.UnitTypes,
        catalogues.Select(CatalogueSummaryDto.From).ToList(),
        new RemindersDto(year.Setup.Reminders.ToIso()),
        ProvinceTime.ToProvince(year.LeaderScoringOpens),
        ProvinceTime.ToProvince(year.LeaderScoringCloses),
        year.PublishedAt is { } published ? ProvinceTime.ToProvince(published) : null);
}

/// <summary>The year's reminder lead times as ISO 8601 durations .</summary>
public sealed record RemindersDto(IReadOnlyList<string> LeadTimes);

/// <summary>How far a unit's self-assessment has come (API.md "all units … with their phase and progress").</summary>
public sealed record UnitProgressDto(int LeafCount, int FilledCount, int CountedCount, int EvidenceCount, DateTimeOffset? SubmittedAt);

public sealed record UnitDto(
    string UnitId, string Name, string Type, string? TypeName, string? AgencyId, string Phase, string PhaseName, DateTimeOffset? PhaseSince,
    UnitProgressDto? Progress = null)
{
    public static UnitDto From(UnitRecord record, EvaluationYear year) => new(
        record.Unit.UnitId,
        record.Unit.Name,
        record.Unit.Type,
        year.UnitType(record.Unit.Type)?.Name,
        record.Unit.AgencyId,
        EvaluationPhaseNames.ApiName(record.Phase),
        EvaluationPhaseNames.Vietnamese(record.Phase),
        record.PhaseSince is { } since ? ProvinceTime.ToProvince(since) : null);
}

public sealed record UnitsDto(int Year, int Count, IReadOnlyList<UnitDto> Units);

public sealed record PersonDto(string Email, string Name, string Role, string RoleName, string? UnitId, string? AgencyId)
{
    public static PersonDto From(Person person) =>
        new(person.Email, person.Name, Roles.ApiName(person.Role), Roles.Vietnamese(person.Role), person.UnitId, person.AgencyId);
}

public sealed record PeopleDto(int Count, IReadOnlyList<PersonDto> People);

public sealed record YearsDto(IReadOnlyList<YearSummaryDto> Years);

public sealed record YearSummaryDto(int Year, string Phase, string PhaseName, DateTimeOffset? StartedAt);

public sealed record StartYearDto(int Year, string Phase, string PhaseName, int UnitCount, int Scheduled, int AlreadyRunning);

public sealed record MeDto(string Email, string Name, string Role, string RoleName, bool IsWorkingGroup, string? UnitId, string? AgencyId);
