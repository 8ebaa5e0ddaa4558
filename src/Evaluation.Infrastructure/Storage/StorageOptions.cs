namespace Evaluation.Infrastructure.Storage;

/// <summary>
/// Where the evaluation data lives (configuration section "EvaluationStorage"). Either a connection string
/// (Azurite locally) or service URIs reached with the app's managed identity (Azure, no shared keys).
/// </summary>
public sealed class StorageOptions
{
    public const string SectionName = "EvaluationStorage";

    /// <summary>Azurite: "UseDevelopmentStorage=true".</summary>
    public string? ConnectionString { get; set; }

    public Uri? BlobServiceUri { get; set; }

    public Uri? TableServiceUri { get; set; }

    /// <summary>Client id of the user-assigned managed identity; empty uses the default credential chain.</summary>
    public string? ManagedIdentityClientId { get; set; }

    /// <summary>
    /// Prefix of every table and container name (letters and digits). Lets tests and several local hosts share one
    /// Azurite without seeing each other's data.
    /// </summary>
    public string Prefix { get; set; } = string.Empty;
}
