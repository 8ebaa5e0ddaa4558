using Microsoft.Extensions.Options;

namespace Evaluation.Infrastructure.Storage;

/// <summary>Table and container names, prefixed per <see cref="StorageOptions.Prefix"/>.</summary>
public sealed class StorageNames(IOptions<StorageOptions> options)
{
    private readonly string _prefix = options.Value.Prefix;

    public string Years => Table("Years");

    public string Units => Table("Units");

    public string People => Table("People");

    public string Catalogues => Table("Catalogues");

    public string Assessments => Table("Assessments");

    public string Councils => Table("Councils");

    /// <summary>Reminders and links sent, one row per (person, step, lead time): the at-most-once ledger .</summary>
    public string Notifications => Table("Notifications");

    /// <summary>Leaders' ballots, one partition per year.</summary>
    public string LeaderBallots => Table("LeaderBallots");

    /// <summary>Survey respondents registered per unit and group, one partition per year.</summary>
    public string SurveyRespondents => Table("SurveyRespondents");

    /// <summary>Survey ballots, one row per respondent, written once .</summary>
    public string SurveyBallots => Table("SurveyBallots");

    /// <summary>Values of other indices imported per unit, every import kept, one partition per year.</summary>
    public string OtherIndexScores => Table("OtherIndexScores");

    /// <summary>The local host's recording Graph endpoint: every request it received (never used in Azure).</summary>
    public string Outbox => Table("Outbox");

    public string EvidenceBlobs => Container("evidence");

    public string CatalogueBlobs => Container("catalogues");

    public string Results => Container("results");

    /// <summary>Keys the app makes for itself (e.g. the leaders' link signing key), private like everything else.</summary>
    public string Keys => Container("keys");

    private string Table(string name) => _prefix + name;

    private string Container(string name) => _prefix.Length == 0 ? name : $"{_prefix.ToLowerInvariant()}-{name}";
}
