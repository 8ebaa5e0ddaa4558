using Azure.Storage.Blobs;
using Evaluation.TestSupport;

namespace Evaluation.IntegrationTests.Infrastructure;

/// <summary>
/// A local host that trusts a certificate authority made for this test run and keeps the evidence limit
/// small, so "too large" is cheap to provoke.
/// </summary>
public sealed class EvidenceHostFixture : LocalHostFixture
{
    public const long MaxFileBytes = 10 * 1024 * 1024;

    public TestPki Pki { get; } = TestPki.Create();

    protected override IEnumerable<string> ExtraArguments =>
    [
        "--Evidence:TrustedRootCertificates:0", Convert.ToBase64String(Pki.RootDer),
        "--Evidence:MaxFileBytes", MaxFileBytes.ToString(System.Globalization.CultureInfo.InvariantCulture),
    ];

    /// <summary>The evidence container of this host's storage, to check what was (not) stored.</summary>
    public BlobContainerClient EvidenceContainer =>
        new BlobServiceClient(TestStorage.ConnectionString).GetBlobContainerClient($"{Prefix.ToLowerInvariant()}-evidence");

    public async Task<int> BlobCountAsync(string prefix)
    {
        if (!await EvidenceContainer.ExistsAsync())
        {
            return 0;
        }

        var count = 0;
        await foreach (var _ in EvidenceContainer.GetBlobsAsync(Azure.Storage.Blobs.Models.BlobTraits.None, Azure.Storage.Blobs.Models.BlobStates.None, prefix, CancellationToken.None))
        {
            count++;
        }

        return count;
    }
}
