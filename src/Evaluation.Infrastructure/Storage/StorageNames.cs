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

    public string EvidenceBlobs => Container("evidence");

    public string CatalogueBlobs => Container("catalogues");

    public string Results => Container("results");

    private string Table(string name) => _prefix + name;

    private string Container(string name) => _prefix.Length == 0 ? name : $"{_prefix.ToLowerInvariant()}-{name}";
}
