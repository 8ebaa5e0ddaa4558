using Evaluation.Domain.Catalogues;
using Evaluation.Domain.Common;

namespace Evaluation.Domain.Ranking;

/// <summary>
/// Ranks units and gives them their class. Pure and deterministic: the output depends only
/// on the scorecards and the settings, never on the order they arrive in.
/// </summary>
public static class RankingEngine
{
    public static RankingResult Rank(IEnumerable<Scorecard> scorecards, RankingSettings settings)
    {
        var groups = new List<RankedGroup>();
        var flags = new List<RankingFlag>();

        foreach (var byType in scorecards.GroupBy(card => card.Type, StringComparer.Ordinal).OrderBy(group => group.Key, StringComparer.Ordinal))
        {
            var (group, groupFlags) = RankType(byType.Key, byType.ToList(), settings);
            groups.Add(group);
            flags.AddRange(groupFlags);
        }

        return new RankingResult(groups, flags);
    }

    /// <summary>How many units of a type may be excellent: 20 % × N rounded as the settings say, never more than N.</summary>
    public static int ExcellentCap(int unitCount, RankingSettings settings)
    {
        var exact = settings.ExcellentCapPercent * unitCount / 100m;
        var rounded = settings.CapRounding switch
        {
            CapRounding.Floor => Math.Floor(exact),
            CapRounding.Ceiling => Math.Ceiling(exact),
            CapRounding.Nearest => Math.Round(exact, MidpointRounding.AwayFromZero),
            _ => throw new ArgumentOutOfRangeException(nameof(settings), settings.CapRounding, null),
        };
        return (int)Math.Min(rounded, unitCount);
    }

    private static (RankedGroup Group, List<RankingFlag> Flags) RankType(string type, List<Scorecard> cards, RankingSettings settings)
    {
        var ordered = cards
            .Select(card => (Card: card, Key: RankKey.Of(card)))
            .OrderBy(item => item.Key)
            .ThenBy(item => item.Card.UnitId, StringComparer.Ordinal)
            .ToList();

        // Units equal in total, section I and section II share a rank (sports ranking: 1, 2, 2, 4).
        var tieGroups = new List<List<(Scorecard Card, RankKey Key)>>();
        foreach (var item in ordered)
        {
            if (tieGroups.Count > 0 && tieGroups[^1][0].Key.Equals(item.Key))
            {
                tieGroups[^1].Add(item);
            }
            else
            {
                tieGroups.Add([item]);
            }
        }

        var cap = ExcellentCap(cards.Count, settings);

        // excellent goes to units "that also reach the good threshold", whatever excellentMinScore says.
        var excellentThreshold = Math.Max(settings.ExcellentMinScore, settings.GoodMinScore);
        var excellent = new HashSet<string>(StringComparer.Ordinal);
        var flags = new List<RankingFlag>();
        List<(Scorecard Card, RankKey Key)>? straddling = null;

        // Excellent goes in rank order to units that reach the threshold, while the whole tie group fits under the
        // cap; a group that would overflow it gets nobody excellent and is flagged for the working group.
        foreach (var tieGroup in tieGroups)
        {
            if (tieGroup[0].Key.Total < excellentThreshold)
            {
                break;
            }

            if (excellent.Count + tieGroup.Count <= cap)
            {
                excellent.UnionWith(tieGroup.Select(item => item.Card.UnitId));
                continue;
            }

            if (excellent.Count < cap)
            {
                straddling = tieGroup;
            }

            break;
        }

        var units = new List<RankedUnit>(cards.Count);
        var position = 1;
        foreach (var tieGroup in tieGroups)
        {
            var rank = position;
            var tie = tieGroup.Count > 1;
            foreach (var (card, key) in tieGroup)
            {
                var unitClass = excellent.Contains(card.UnitId) ? UnitClass.Excellent : ClassByScore(key.Total, settings);
                units.Add(new RankedUnit(card.UnitId, card.Name, key.Total, rank, unitClass, tie, card.Sections));
            }

            if (tie)
            {
                flags.Add(ReferenceEquals(tieGroup, straddling)
                    ? TieAtCapFlag(type, tieGroup, cap, excellent.Count)
                    : UnresolvedTieFlag(type, tieGroup, rank));
            }

            position += tieGroup.Count;
        }

        return (new RankedGroup(type, cards.Count, cap, units), flags);
    }

    private static UnitClass ClassByScore(decimal total, RankingSettings settings)
    {
        if (total >= settings.GoodMinScore)
        {
            return UnitClass.Good;
        }

        return total >= settings.DoneMinScore ? UnitClass.Done : UnitClass.NotDone;
    }

    private static RankingFlag TieAtCapFlag(string type, List<(Scorecard Card, RankKey Key)> group, int cap, int alreadyExcellent)
    {
        var key = group[0].Key;
        var message =
            $"Loại hình {type}: {Names(group)} bằng điểm nhau ({Describe(key)}) tại ranh giới tỷ lệ xuất sắc " +
            $"(tối đa {cap} đơn vị, đã có {alreadyExcellent}); chưa đơn vị nào trong nhóm được xếp loại xuất sắc. " +
            "Tổ công tác cần xem xét, quyết định.";
        return new RankingFlag(RankingFlagKind.TieAtCap, type, group.Select(item => item.Card.UnitId).ToList(), message);
    }

    private static RankingFlag UnresolvedTieFlag(string type, List<(Scorecard Card, RankKey Key)> group, int rank)
    {
        var message =
            $"Loại hình {type}: {Names(group)} bằng điểm nhau ({Describe(group[0].Key)}) sau cả hai tiêu chí ưu tiên " +
            $"(nội dung I, nội dung II) nên cùng xếp hạng {rank}. Tổ công tác cần xem xét.";
        return new RankingFlag(RankingFlagKind.UnresolvedTie, type, group.Select(item => item.Card.UnitId).ToList(), message);
    }

    private static string Names(List<(Scorecard Card, RankKey Key)> group) =>
        string.Join(", ", group.Select(item => string.IsNullOrWhiteSpace(item.Card.Name) ? item.Card.UnitId : item.Card.Name));

    private static string Describe(RankKey key) =>
        $"tổng {ScoreText.Format(key.Total)} điểm, nội dung I {ScoreText.Format(key.SectionI)}, nội dung II {ScoreText.Format(key.SectionII)}";

    /// <summary>The order of: total, then section I, then section II, all descending.</summary>
    private readonly record struct RankKey(decimal Total, decimal SectionI, decimal SectionII) : IComparable<RankKey>
    {
        public static RankKey Of(Scorecard card) =>
            new(card.Sections.Total(), card.Sections[Sections.I], card.Sections[Sections.II]);

        public int CompareTo(RankKey other)
        {
            var byTotal = other.Total.CompareTo(Total);
            if (byTotal != 0)
            {
                return byTotal;
            }

            var bySectionI = other.SectionI.CompareTo(SectionI);
            return bySectionI != 0 ? bySectionI : other.SectionII.CompareTo(SectionII);
        }
    }
}
