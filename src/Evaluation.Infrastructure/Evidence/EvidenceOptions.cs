namespace Evaluation.Infrastructure.Evidence;

/// <summary>
/// Limits and trust for uploaded evidence (configuration section "Evidence", R-2.3).
/// </summary>
public sealed class EvidenceOptions
{
    public const string SectionName = "Evidence";

    /// <summary>Largest file accepted, in bytes (default 50 MB).</summary>
    public long MaxFileBytes { get; set; } = 50L * 1024 * 1024;

    /// <summary>
    /// Content types accepted besides PDF, recognised by content (e.g. "image/jpeg", "image/png"). PDF is always
    /// accepted; empty means PDF only.
    /// </summary>
    public string[] ExtraContentTypes { get; set; } = [];

    /// <summary>Folder of trusted root certificates (.cer, .crt, .der or .pem files); relative to the app's folder.</summary>
    public string? TrustedRootsPath { get; set; }

    /// <summary>Trusted root certificates given directly in settings (PEM text or Base64 DER), one per entry.</summary>
    public string[] TrustedRootCertificates { get; set; } = [];

    /// <summary>
    /// Memory all uploads in progress may use for their blocks together, in MB (default 64). Bounds the host's
    /// memory however many people upload at once; a single upload needs 12.
    /// </summary>
    public int UploadBufferMegabytes { get; set; } = 64;

    /// <summary>How long a download link stays valid (default 5 minutes).</summary>
    public TimeSpan DownloadLinkLifetime { get; set; } = TimeSpan.FromMinutes(5);
}
