using Evaluation.Domain.Calendar;
using Evaluation.Domain.Ranking;
using Evaluation.Domain.Units;

namespace Evaluation.Domain.Years;

/// <summary>What the working group sets for a year: calendar, ranking settings, unit types.</summary>
public sealed record YearSetup(YearCalendar Calendar, RankingSettings Settings, IReadOnlyList<UnitType> UnitTypes);

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

    public UnitType? UnitType(string code) => Setup.UnitTypes.FirstOrDefault(type => type.Code == code);

    public static bool IsValidYear(int year) => year is >= MinYear and <= MaxYear;
}
