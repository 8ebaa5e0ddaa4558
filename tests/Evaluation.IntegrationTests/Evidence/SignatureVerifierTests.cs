using System.Text;
using Evaluation.Infrastructure.Evidence;
using Evaluation.TestSupport;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Evaluation.IntegrationTests.Evidence;

/// <summary>
/// The PDF signature check on PDFs signed at test time by a throw-away PKI: integrity of the signed byte
/// ranges, the CMS signature, the chain to configured roots and validity at the signing time. No storage needed.
/// </summary>
public sealed class SignatureVerifierTests
{
    private const string Requirement = "R-2.3";

    private static readonly DateTimeOffset SignedAt = WholeSeconds(DateTimeOffset.UtcNow.AddDays(-30));

    [Fact]
    [Trait("Requirement", Requirement)]
    public async Task Single_signature_by_a_trusted_authority_is_valid_with_its_signer_and_time()
    {
        var pki = TestPki.Create();
        var pdf = SignedPdfBuilder.BuildSigned(pki.IssueSigner("Nguyễn Văn An"), SignedAt);

        var result = await VerifyAsync(pdf, pki);

        Assert.Equal(SignatureStatus.Valid, result.Status);
        var signer = Assert.Single(result.Signers);
        Assert.Equal(new SignerResult("Nguyễn Văn An", SignedAt, SignatureStatus.Valid, null), signer);
        Assert.Equal("valid", result.Status.ToApiName());
    }

    [Fact]
    [Trait("Requirement", Requirement)]
    public async Task Signer_and_organisation_seal_are_both_valid_through_an_intermediate_authority()
    {
        var pki = TestPki.Create(withIntermediate: true);
        var sealedAt = SignedAt.AddHours(3);
        var pdf = SignedPdfBuilder.BuildSigned(
        [
            (pki.IssueSigner("Nguyễn Văn An"), SignedAt),
            (pki.IssueSigner("Sở Y tế tỉnh Phú Thọ"), sealedAt),
        ]);

        var result = await VerifyAsync(pdf, pki);

        Assert.Equal(SignatureStatus.Valid, result.Status);
        Assert.Equal(
            [
                new SignerResult("Nguyễn Văn An", SignedAt, SignatureStatus.Valid, null),
                new SignerResult("Sở Y tế tỉnh Phú Thọ", sealedAt, SignatureStatus.Valid, null),
            ],
            result.Signers);
    }

    [Theory]
    [Trait("Requirement", Requirement)]
    [InlineData("page text")]
    [InlineData("after the signature")]
    public async Task One_byte_changed_inside_the_signed_range_is_invalid(string where)
    {
        var pki = TestPki.Create();
        using var pdf = new MemoryStream();
        var signature = SignedPdfBuilder.Create(pdf).Sign(pki.IssueSigner("Nguyễn Văn An"), SignedAt);
        var bytes = pdf.ToArray();
        var offset = where == "page text"
            ? IndexOf(bytes, "Minh chung")
            : signature.Start2 + signature.Length2 - 3; // inside the final "%%EOF"
        Assert.InRange(offset, 1, bytes.Length - 1);
        bytes[offset] ^= 0x01;

        var result = await VerifyAsync(bytes, pki);

        Assert.Equal(SignatureStatus.Invalid, result.Status);
        var signer = Assert.Single(result.Signers);
        Assert.Equal(SignatureStatus.Invalid, signer.Status);
        Assert.Equal("Nguyễn Văn An", signer.Subject);
        Assert.Equal("Nội dung tệp đã bị thay đổi sau khi ký", signer.Problem);
        Assert.Equal("invalid", result.Status.ToApiName());
    }

    [Theory]
    [Trait("Requirement", Requirement)]
    [InlineData("signature value", "Giá trị chữ ký số không khớp với chứng thư số (chữ ký bị hỏng hoặc bị sửa đổi)")]
    [InlineData("zero padding", "Không đọc được dữ liệu chữ ký số (chữ ký bị hỏng hoặc bị sửa đổi)")]
    public async Task One_byte_changed_inside_the_contents_hex_is_invalid(string where, string problem)
    {
        var pki = TestPki.Create();
        using var pdf = new MemoryStream();
        var signature = SignedPdfBuilder.Create(pdf).Sign(pki.IssueSigner("Nguyễn Văn An"), SignedAt);
        var bytes = pdf.ToArray();
        var offset = where == "signature value"
            ? signature.CmsHexOffset + (2 * signature.CmsLength) - 2 // high digit of the CMS's last byte (the signature's s)
            : signature.CmsHexOffset + (2 * signature.CmsLength) + 100;
        bytes[offset] = bytes[offset] == (byte)'1' ? (byte)'2' : (byte)'1';

        var result = await VerifyAsync(bytes, pki);

        Assert.Equal(SignatureStatus.Invalid, result.Status);
        var signer = Assert.Single(result.Signers);
        Assert.Equal(SignatureStatus.Invalid, signer.Status);
        Assert.Equal(problem, signer.Problem);
    }

    [Fact]
    [Trait("Requirement", Requirement)]
    public async Task Second_signature_tampered_while_first_intact_makes_the_file_invalid()
    {
        var pki = TestPki.Create();
        using var pdf = new MemoryStream();
        var builder = SignedPdfBuilder.Create(pdf);
        builder.Sign(pki.IssueSigner("Nguyễn Văn An"), SignedAt);
        var seal = builder.Sign(pki.IssueSigner("Sở Y tế tỉnh Phú Thọ"), SignedAt.AddHours(1));
        var bytes = pdf.ToArray();
        bytes[seal.Start2 + seal.Length2 - 3] ^= 0x01;

        var result = await VerifyAsync(bytes, pki);

        Assert.Equal(SignatureStatus.Invalid, result.Status);
        Assert.Equal([SignatureStatus.Valid, SignatureStatus.Invalid], result.Signers.Select(s => s.Status));
    }

    [Fact]
    [Trait("Requirement", Requirement)]
    public async Task Signature_by_an_authority_outside_the_trust_store_is_untrusted()
    {
        var trusted = TestPki.Create("CA được tin cậy");
        var other = TestPki.Create("CA tự lập");
        var pdf = SignedPdfBuilder.BuildSigned(other.IssueSigner("Nguyễn Văn An"), SignedAt);

        var result = await VerifyAsync(pdf, trusted);

        Assert.Equal(SignatureStatus.Untrusted, result.Status);
        Assert.Equal(
            new SignerResult(
                "Nguyễn Văn An",
                SignedAt,
                SignatureStatus.Untrusted,
                "Chứng thư số không thuộc tổ chức cung cấp dịch vụ chứng thực được tin cậy"),
            Assert.Single(result.Signers));
        Assert.Equal("untrusted", result.Status.ToApiName());
    }

    [Fact]
    [Trait("Requirement", Requirement)]
    public async Task Empty_trust_store_makes_every_signature_untrusted()
    {
        var pki = TestPki.Create();
        var pdf = SignedPdfBuilder.BuildSigned(pki.IssueSigner("Nguyễn Văn An"), SignedAt);

        var result = await new PdfSignatureVerifier(TrustedRoots.FromCertificates([])).VerifyAsync(new MemoryStream(pdf), CancellationToken.None);

        Assert.Equal(SignatureStatus.Untrusted, result.Status);
    }

    [Theory]
    [Trait("Requirement", Requirement)]
    [InlineData(-3, -2)] // expired a year before the signing
    [InlineData(1, 2)] // not yet valid when signed
    public async Task Certificate_not_valid_at_the_signing_time_is_untrusted_and_named(int fromYears, int toYears)
    {
        var pki = TestPki.Create();
        var now = DateTimeOffset.UtcNow;
        var signer = pki.IssueSigner("Trần Thị Bình", notBefore: now.AddYears(fromYears), notAfter: now.AddYears(toYears));
        var signedAt = WholeSeconds(now.AddYears(-1));
        var pdf = SignedPdfBuilder.BuildSigned(signer, signedAt);

        var result = await VerifyAsync(pdf, pki);

        Assert.Equal(SignatureStatus.Untrusted, result.Status);
        var only = Assert.Single(result.Signers);
        Assert.Equal("Trần Thị Bình", only.Subject);
        Assert.Equal(signedAt, only.SignedAt);
        Assert.StartsWith("Chứng thư số hết hạn hoặc chưa có hiệu lực tại thời điểm ký", only.Problem, StringComparison.Ordinal);
        Assert.Contains("Trần Thị Bình", only.Problem, StringComparison.Ordinal);
    }

    [Fact]
    [Trait("Requirement", Requirement)]
    public async Task Without_a_signing_time_the_certificate_is_checked_at_the_current_time()
    {
        var pki = TestPki.Create();
        var now = DateTimeOffset.UtcNow;
        var pdf = SignedPdfBuilder.BuildSigned(
            pki.IssueSigner("Nguyễn Văn An", notBefore: now.AddYears(-3), notAfter: now.AddYears(-2)),
            signingTime: null);
        var roots = TrustedRoots.FromCertificates([pki.Root.Certificate]);

        var thenResult = await new PdfSignatureVerifier(roots, new FixedClock(now.AddYears(-2).AddMonths(-6)))
            .VerifyAsync(new MemoryStream(pdf), CancellationToken.None);
        var nowResult = await new PdfSignatureVerifier(roots).VerifyAsync(new MemoryStream(pdf), CancellationToken.None);

        Assert.Equal(new SignerResult("Nguyễn Văn An", null, SignatureStatus.Valid, null), Assert.Single(thenResult.Signers));
        var signer = Assert.Single(nowResult.Signers);
        Assert.Equal(SignatureStatus.Untrusted, signer.Status);
        Assert.Null(signer.SignedAt);
        Assert.Contains("thời điểm kiểm tra", signer.Problem, StringComparison.Ordinal);
    }

    [Fact]
    [Trait("Requirement", Requirement)]
    public async Task Unsigned_pdf_is_unsigned()
    {
        var pki = TestPki.Create();

        var result = await VerifyAsync(SignedPdfBuilder.BuildUnsigned(), pki);

        Assert.Same(SignatureCheckResult.Unsigned, result);
        Assert.Empty(result.Signers);
        Assert.Equal("unsigned", result.Status.ToApiName());
    }

    [Theory]
    [Trait("Requirement", Requirement)]
    [InlineData("not hex")]
    [InlineData("random DER-looking bytes")]
    [InlineData("empty placeholder")]
    [InlineData("truncated CMS")]
    public async Task Garbage_in_contents_is_invalid_not_an_exception(string garbage)
    {
        var pki = TestPki.Create();
        using var pdf = new MemoryStream();
        var signature = SignedPdfBuilder.Create(pdf).Sign(pki.IssueSigner("Nguyễn Văn An"), SignedAt);
        var bytes = pdf.ToArray();
        var hexStart = (int)signature.CmsHexOffset;
        var hexLength = 2 * SignedPdfBuilder.ContentsReserve;
        var fill = garbage switch
        {
            "not hex" => Enumerable.Repeat((byte)'Z', 64).ToArray(),
            "random DER-looking bytes" => Encoding.ASCII.GetBytes("3082FFFF0609" + string.Concat(Enumerable.Repeat("DEADBEEF", 200))),
            "empty placeholder" => Enumerable.Repeat((byte)'0', hexLength).ToArray(),
            _ => Enumerable.Repeat((byte)'0', hexLength - signature.CmsLength).ToArray(), // zero the CMS's second half
        };
        var at = garbage == "truncated CMS" ? hexStart + signature.CmsLength : hexStart;
        fill.CopyTo(bytes, at);

        var result = await VerifyAsync(bytes, pki);

        Assert.Equal(SignatureStatus.Invalid, result.Status);
        var signer = Assert.Single(result.Signers);
        Assert.Equal(SignatureStatus.Invalid, signer.Status);
        Assert.False(string.IsNullOrEmpty(signer.Problem));
    }

    [Fact]
    [Trait("Requirement", Requirement)]
    public async Task Byte_range_outside_the_file_is_invalid()
    {
        var pki = TestPki.Create();
        var pdf = SignedPdfBuilder.BuildSigned(pki.IssueSigner("Nguyễn Văn An"), SignedAt);
        var truncated = pdf[..^10];

        var result = await VerifyAsync(truncated, pki);

        Assert.Equal(SignatureStatus.Invalid, Assert.Single(result.Signers).Status);
    }

    [Theory]
    [Trait("Requirement", Requirement)]
    [InlineData(1)]
    [InlineData(7)]
    [InlineData(4096)]
    public void Scanner_finds_ranges_split_across_chunk_boundaries(int chunkSize)
    {
        var pki = TestPki.Create();
        using var pdf = new MemoryStream();
        var builder = SignedPdfBuilder.Create(pdf);
        builder.Sign(pki.IssueSigner("Nguyễn Văn An"), SignedAt);
        builder.Sign(pki.IssueSigner("Sở Y tế tỉnh Phú Thọ"), SignedAt);
        var bytes = pdf.ToArray();

        var scanner = Scan(bytes, chunkSize);

        Assert.Equal(bytes.Length, scanner.Length);
        Assert.Equal(
            builder.Signatures.Select(s => new PdfByteRange(s.Start1, s.Length1, s.Start2, s.Length2)),
            scanner.ByteRanges);
        Assert.All(scanner.ByteRanges, r => Assert.Equal((byte)'<', bytes[r.GapOffset]));
        Assert.All(scanner.ByteRanges, r => Assert.Equal((byte)'>', bytes[r.GapOffset + r.GapLength - 1]));
    }

    [Theory]
    [Trait("Requirement", Requirement)]
    [InlineData(1)]
    [InlineData(7)]
    public void Scanner_accepts_flexible_white_space_and_ignores_look_alikes(int chunkSize)
    {
        var text = "%PDF-1.4\n<< /ByteRangeX [1 2 3 4] /ByteRange\r\n[ 0\t10\n20   30 ] /ByteRange [0 1 2] "
            + "/ByteRange [0 10 20 30] /ByteRange[0 5 9 40]/Contents <00> /ByteRange [0 1 2 3 4] >>";

        var scanner = Scan(Encoding.ASCII.GetBytes(text), chunkSize);

        Assert.Equal([new PdfByteRange(0, 10, 20, 30), new PdfByteRange(0, 5, 9, 40)], scanner.ByteRanges);
        Assert.False(scanner.LimitReached);
    }

    [Theory]
    [Trait("Requirement", Requirement)]
    [InlineData(1)]
    [InlineData(7)]
    public void Scanner_finds_nothing_in_an_unsigned_pdf(int chunkSize)
    {
        var bytes = SignedPdfBuilder.BuildUnsigned(minimumLength: 50_000);

        var scanner = Scan(bytes, chunkSize);

        Assert.Empty(scanner.ByteRanges);
        Assert.Equal(bytes.Length, scanner.Length);
    }

    [Fact]
    [Trait("Requirement", Requirement)]
    public void Scanner_caps_the_signatures_it_records()
    {
        var text = string.Concat(Enumerable.Range(1, PdfSignatureScanner.MaxSignatures + 5).Select(i => $"/ByteRange [0 {i} {i + 10} 5]\n"));

        var scanner = Scan(Encoding.ASCII.GetBytes(text), 7);

        Assert.Equal(PdfSignatureScanner.MaxSignatures, scanner.ByteRanges.Count);
        Assert.True(scanner.LimitReached);
    }

    [Fact]
    [Trait("Requirement", Requirement)]
    public void Pdf_header_is_recognised_within_the_first_1024_bytes()
    {
        var pdf = SignedPdfBuilder.BuildUnsigned();
        var late = new byte[1019].Concat(pdf).ToArray();
        var tooLate = new byte[1030].Concat(pdf).ToArray();

        Assert.True(PdfSignatureScanner.LooksLikePdf(pdf));
        Assert.True(PdfSignatureScanner.LooksLikePdf(late));
        Assert.False(PdfSignatureScanner.LooksLikePdf(tooLate));
        Assert.False(PdfSignatureScanner.LooksLikePdf("GIF89a"u8));
    }

    [Fact]
    [Trait("Requirement", Requirement)]
    public async Task Trusted_roots_load_pem_and_der_from_a_folder_and_settings()
    {
        var pemPki = TestPki.Create("CA PEM");
        var derPki = TestPki.Create("CA DER");
        var settingPemPki = TestPki.Create("CA cấu hình PEM");
        var settingDerPki = TestPki.Create("CA cấu hình DER");
        var folder = Directory.CreateTempSubdirectory("trusted-roots-");
        try
        {
            await File.WriteAllTextAsync(Path.Combine(folder.FullName, "root-pem.pem"), pemPki.RootPem);
            await File.WriteAllBytesAsync(Path.Combine(folder.FullName, "root-der.CER"), derPki.RootDer);
            await File.WriteAllTextAsync(Path.Combine(folder.FullName, "readme.txt"), "not a certificate, not loaded");

            var roots = new TrustedRoots(Options.Create(new EvidenceOptions
            {
                TrustedRootsPath = folder.FullName,
                TrustedRootCertificates = [settingPemPki.RootPem, Convert.ToBase64String(settingDerPki.RootDer)],
            }));

            Assert.Equal(
                new[] { pemPki, derPki, settingPemPki, settingDerPki }.Select(p => p.Root.Certificate).ToHashSet(),
                roots.Certificates.ToHashSet());
            var pdf = SignedPdfBuilder.BuildSigned(derPki.IssueSigner("Nguyễn Văn An"), SignedAt);
            var result = await new PdfSignatureVerifier(roots).VerifyAsync(new MemoryStream(pdf), CancellationToken.None);
            Assert.Equal(SignatureStatus.Valid, result.Status);
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }

    [Theory]
    [Trait("Requirement", Requirement)]
    [InlineData("broken.pem", "-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n")]
    [InlineData("broken.cer", "this is not DER")]
    [InlineData("key.pem", "-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n")]
    public async Task Trusted_roots_reject_an_unreadable_file_naming_it(string fileName, string content)
    {
        var pki = TestPki.Create();
        var folder = Directory.CreateTempSubdirectory("trusted-roots-");
        try
        {
            await File.WriteAllTextAsync(Path.Combine(folder.FullName, "good.pem"), pki.RootPem);
            await File.WriteAllTextAsync(Path.Combine(folder.FullName, fileName), content);
            var options = Options.Create(new EvidenceOptions { TrustedRootsPath = folder.FullName });

            var error = Assert.Throws<InvalidOperationException>(() => new TrustedRoots(options));

            Assert.Contains(fileName, error.Message, StringComparison.Ordinal);
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }

    [Fact]
    [Trait("Requirement", Requirement)]
    public void Trusted_roots_reject_a_bad_setting_or_missing_folder_naming_it()
    {
        var pki = TestPki.Create();
        var badEntry = Options.Create(new EvidenceOptions { TrustedRootCertificates = [pki.RootPem, "bm90IGEgY2VydGlmaWNhdGU="] });
        var missingFolder = Options.Create(new EvidenceOptions { TrustedRootsPath = "/nonexistent/trusted-roots" });

        var entryError = Assert.Throws<InvalidOperationException>(() => new TrustedRoots(badEntry));
        var folderError = Assert.Throws<InvalidOperationException>(() => new TrustedRoots(missingFolder));

        Assert.Contains("TrustedRootCertificates:1", entryError.Message, StringComparison.Ordinal);
        Assert.Contains("/nonexistent/trusted-roots", folderError.Message, StringComparison.Ordinal);
    }

    [Fact]
    [Trait("Requirement", Requirement)]
    public async Task Multi_megabyte_pdf_is_verified_through_range_reads_from_a_file()
    {
        const long size = 12L * 1024 * 1024;
        var pki = TestPki.Create(withIntermediate: true);
        var path = Path.Combine(Path.GetTempPath(), "signed-" + Guid.NewGuid().ToString("N") + ".pdf");
        try
        {
            await using (var file = new FileStream(path, FileMode.CreateNew, FileAccess.ReadWrite))
            {
                var builder = SignedPdfBuilder.Create(file, minimumLength: size);
                builder.Sign(pki.IssueSigner("Nguyễn Văn An"), SignedAt);
                builder.Sign(pki.IssueSigner("Sở Y tế tỉnh Phú Thọ"), SignedAt.AddMinutes(5));
            }

            // Scan as an upload would: chunk by chunk as the bytes pass.
            var scanner = new PdfSignatureScanner();
            var buffer = new byte[64 * 1024];
            await using (var upload = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1, useAsync: true))
            {
                int read;
                while ((read = await upload.ReadAsync(buffer)) > 0)
                {
                    scanner.Append(buffer.AsSpan(0, read));
                }
            }

            var opened = new List<(long Offset, long Length)>();
            var result = await new PdfSignatureVerifier(TrustedRoots.FromCertificates([pki.Root.Certificate])).VerifyAsync(
                scanner,
                (offset, length, _) =>
                {
                    lock (opened)
                    {
                        opened.Add((offset, length));
                    }

                    var range = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 4096, useAsync: true);
                    range.Seek(offset, SeekOrigin.Begin);
                    return Task.FromResult<Stream>(range);
                },
                CancellationToken.None);

            Assert.True(scanner.Length >= size);
            Assert.Equal(SignatureStatus.Valid, result.Status);
            Assert.Equal(["Nguyễn Văn An", "Sở Y tế tỉnh Phú Thọ"], result.Signers.Select(s => s.Subject));
            // Each signature: its Contents gap, then its two signed ranges, each opened once.
            var expected = scanner.ByteRanges.SelectMany(r => new[] { (r.GapOffset, r.GapLength), (r.Start1, r.Length1), (r.Start2, r.Length2) });
            Assert.Equal(expected, opened);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    [Trait("Requirement", Requirement)]
    public async Task Trust_store_and_verifier_resolve_from_the_container_as_singletons()
    {
        var pki = TestPki.Create();
        var services = new ServiceCollection();
        services.Configure<EvidenceOptions>(o => o.TrustedRootCertificates = [pki.RootPem]);
        services.AddSingleton(TimeProvider.System);
        services.AddSingleton<TrustedRoots>();
        services.AddSingleton<PdfSignatureVerifier>();
        await using var provider = services.BuildServiceProvider();

        var verifier = provider.GetRequiredService<PdfSignatureVerifier>();
        var pdf = SignedPdfBuilder.BuildSigned(pki.IssueSigner("Nguyễn Văn An"), SignedAt);
        var result = await verifier.VerifyAsync(new MemoryStream(pdf), CancellationToken.None);

        Assert.Equal(SignatureStatus.Valid, result.Status);
    }

    [Fact]
    [Trait("Requirement", Requirement)]
    public void Status_names_round_trip()
    {
        foreach (var status in Enum.GetValues<SignatureStatus>())
        {
            Assert.True(SignatureStatusNames.TryParse(status.ToApiName(), out var parsed));
            Assert.Equal(status, parsed);
        }

        Assert.False(SignatureStatusNames.TryParse("Valid", out _));
    }

    private sealed class FixedClock(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }

    private static async Task<SignatureCheckResult> VerifyAsync(byte[] pdf, params TestPki[] trusted)
    {
        var verifier = new PdfSignatureVerifier(TrustedRoots.FromCertificates(trusted.Select(p => p.Root.Certificate)));
        using var stream = new MemoryStream(pdf, writable: false);
        return await verifier.VerifyAsync(stream, CancellationToken.None);
    }

    private static PdfSignatureScanner Scan(byte[] bytes, int chunkSize)
    {
        var scanner = new PdfSignatureScanner();
        for (var i = 0; i < bytes.Length; i += chunkSize)
        {
            scanner.Append(bytes.AsSpan(i, Math.Min(chunkSize, bytes.Length - i)));
        }

        return scanner;
    }

    private static int IndexOf(byte[] bytes, string ascii) => bytes.AsSpan().IndexOf(Encoding.ASCII.GetBytes(ascii));

    private static DateTimeOffset WholeSeconds(DateTimeOffset instant) =>
        new(instant.UtcTicks - (instant.UtcTicks % TimeSpan.TicksPerSecond), TimeSpan.Zero);
}
