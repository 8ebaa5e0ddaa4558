using Evaluation.Infrastructure.Evidence;

namespace Evaluation.IntegrationTests.Evidence;

/// <summary>
/// The sample evidence shipped in data/evidence for trying the form on the local host: signed by the demo CA that the
/// local host trusts, so a person sees "valid", "invalid" and "unsigned" without a real signing token.
/// </summary>
public sealed class DemoEvidenceTests
{
    private static readonly string Folder = Path.Combine(RepositoryRoot(), "data", "evidence");

    [Theory]
    [Trait("Requirement", "R-2.3")]
    [Trait("Requirement", "R-10.2")]
    [InlineData("mau-quyet-dinh-ky-so.pdf", SignatureStatus.Valid, 2)]
    [InlineData("mau-bi-sua-sau-khi-ky.pdf", SignatureStatus.Invalid, 1)]
    [InlineData("mau-khong-ky-so.pdf", SignatureStatus.Unsigned, 0)]
    public async Task The_shipped_samples_check_as_their_names_say_against_the_shipped_demo_root(string file, SignatureStatus expected, int signers)
    {
        var roots = new TrustedRoots(Microsoft.Extensions.Options.Options.Create(new EvidenceOptions { TrustedRootsPath = Folder }));
        await using var pdf = File.OpenRead(Path.Combine(Folder, file));

        var result = await new PdfSignatureVerifier(roots).VerifyAsync(pdf, CancellationToken.None);

        Assert.Equal(expected, result.Status);
        Assert.Equal(signers, result.Signers.Count);
    }

    private static string RepositoryRoot()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "EvalFunctions.sln")))
        {
            directory = directory.Parent;
        }

        return directory?.FullName ?? throw new InvalidOperationException("EvalFunctions.sln not found above " + AppContext.BaseDirectory);
    }
}
