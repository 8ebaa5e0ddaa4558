using Evaluation.Domain.Calendar;
using Evaluation.Domain.Ranking;
using Evaluation.Domain.Units;

namespace Evaluation.Domain.Years;

/// <summary>What the working group sets for a year: calendar, ranking settings, unit types.</summary>
public sealed record YearSetup(YearCalendar Calendar, RankingSettings Settings, IReadOnlyList<UnitType> UnitTypes)
{
    /// <summary>When reminders go out before each deadline .</summary>
    public ReminderSchedule Reminders { get; init; } = ReminderSchedule.Default;
}

/// <summary>An evaluation year (01/01–31/12) with its setup and where the cycle stands.</summary>
public sealed record EvaluationYear(
    int Year,
    YearSetup Setup,
    EvaluationPhase Phase,
    DateTimeOffset? StartedAt)
{
    public const int MinYear = 2000;
    public const int MaxYear = 2100;

    public bool IsStarted => StartedAt is not null;

    /// <summary>When the working group opened leader scoring before the close of round 2 (API.md), if it did.</summary>
    public DateTimeOffset? LeaderScoringOpenedAt { get; init; }

    /// <summary>When the working group closed leader scoring before its deadline, if it did.</summary>
    public DateTimeOffset? LeaderScoringClosedAt { get; init; }

    /// <summary>When the results were published; from then on the year's scores are frozen.</summary>
    public DateTimeOffset? PublishedAt { get; init; }

    public bool IsPublished => PublishedAt is not null;

    /// <summary>Leaders may score from the close of round 2, or earlier when the working group opened it .</summary>
    public DateTimeOffset LeaderScoringOpens => LeaderScoringOpenedAt is { } opened && opened < Setup.Calendar.AppraisalRound2Due
        ? opened
        : Setup.Calendar.AppraisalRound2Due;

    /// <summary>Leader scoring ends at its deadline, or earlier when the working group closed it.</summary>
    public DateTimeOffset LeaderScoringCloses => LeaderScoringClosedAt is { } closed && closed < Setup.Calendar.LeaderScoringDue
        ? closed
        : Setup.Calendar.LeaderScoringDue;

    public bool LeaderScoringOpenAt(DateTimeOffset instant) => !IsPublished && instant >= LeaderScoringOpens && instant < LeaderScoringCloses;

    public UnitType? UnitType(string code) => Setup.UnitTypes.FirstOrDefault(type => type.Code == code);

    public static bool IsValidYear(int year) => year is >= MinYear and <= MaxYear;
}
