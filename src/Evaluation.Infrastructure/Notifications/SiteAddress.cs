using Microsoft.Extensions.Options;

namespace Evaluation.Infrastructure.Notifications;

public sealed class SiteOptions
{
    public const string SectionName = "Evaluation";

    /// <summary>The address people reach the app at, for links in e-mails and Teams ("https://danhgia.phutho.gov.vn").</summary>
    public Uri? PublicBaseUrl { get; set; }
}

/// <summary>
/// Absolute links to the app's pages for messages. Configured (<c>Evaluation:PublicBaseUrl</c>), else the Functions
/// app's own host name (App Service sets <c>WEBSITE_HOSTNAME</c>), else the address the local host listens on.
/// </summary>
public sealed class SiteAddress(IOptions<SiteOptions> options)
{
    private Uri? _listening;

    /// <summary>The local host reports where it listens once Kestrel has bound (tests use port 0).</summary>
    public void Listening(Uri address) => _listening ??= address;

    public Uri Base =>
        options.Value.PublicBaseUrl
        ?? (Environment.GetEnvironmentVariable("WEBSITE_HOSTNAME") is { Length: > 0 } host ? new Uri($"https://{host}") : null)
        ?? _listening
        ?? throw new InvalidOperationException("Evaluation:PublicBaseUrl is not set, so links in messages cannot be written.");

    public string Link(string pathAndQuery) => new Uri(Base, pathAndQuery).ToString();
}
