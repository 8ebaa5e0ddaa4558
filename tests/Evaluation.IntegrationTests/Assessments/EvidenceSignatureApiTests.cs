using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Evaluation.IntegrationTests.Infrastructure;
using Evaluation.TestSupport;
using static Evaluation.IntegrationTests.Assessments.AssessmentApiTests;

namespace Evaluation.IntegrationTests.Assessments;

/// <summary>
/// through the API: PDFs signed at test time by a CA the host trusts (and one it does not) are uploaded,
/// stored unchanged and checked signature by signature; one changed byte makes a file "invalid".
/// </summary>
public sealed class EvidenceSignatureApiTests(EvidenceHostFixture host) : IClassFixture<EvidenceHostFixture>
{
    private const string Code = "I.1.3";

    [Fact]
    [Trait("Requirement", "R-2.3")]
    public async Task Signed_PDFs_get_valid_invalid_or_untrusted_with_signer_and_time()
    {
        var unit = await AssessmentScenario.CreateAsync(host, "signed-unit");
        using var staff = host.Client(unit.StaffEmail);
        var signedAt = DateTimeOffset.FromUnixTimeSeconds(DateTimeOffset.UtcNow.AddDays(-2).ToUnixTimeSeconds()); // signingTime has whole seconds
        var signer = host.Pki.IssueSigner("Lê Minh Tuấn", "Sở Y tế tỉnh Phú Thọ");
        var seal = host.Pki.IssueSigner("Sở Y tế tỉnh Phú Thọ", "Sở Y tế tỉnh Phú Thọ");
        var twoSignatures = SignedPdfBuilder.BuildSigned([(signer, signedAt), (seal, signedAt.AddMinutes(5))], minimumLength: 1_500_000);
        var tampered = (byte[])SignedPdfBuilder.BuildSigned(signer, signedAt).Clone();
        tampered[tampered.Length / 3] ^= 0x01;
        var stranger = TestPki.Create("CA không được tin cậy").IssueSigner("Người lạ");
        var untrusted = SignedPdfBuilder.BuildSigned(stranger, signedAt);

        var appended = SignedPdfBuilder.BuildSigned(signer, signedAt).Concat("\n% noi dung them sau khi ky\n"u8.ToArray()).ToArray();

        var valid = await UploadJsonAsync(staff, unit, twoSignatures, "quyet-dinh-ky-so.pdf");
        var added = await UploadJsonAsync(staff, unit, appended, "bo-sung-sau-khi-ky.pdf");
        var invalid = await UploadJsonAsync(staff, unit, tampered, "bi-sua.pdf");
        var unknown = await UploadJsonAsync(staff, unit, untrusted, "ca-la.pdf");

        Assert.Equal("valid", valid.GetProperty("signature").GetProperty("status").GetString());
        Assert.Equal("Hợp lệ", valid.GetProperty("signature").GetProperty("statusName").GetString());
        var signers = valid.GetProperty("signature").GetProperty("signers").EnumerateArray().ToList();
        Assert.Equal(2, signers.Count);
        Assert.Contains("Lê Minh Tuấn", signers[0].GetProperty("subject").GetString(), StringComparison.Ordinal);
        Assert.Equal(signedAt, signers[0].GetProperty("signedAt").GetDateTimeOffset());
        Assert.Equal(TimeSpan.FromHours(7), signers[0].GetProperty("signedAt").GetDateTimeOffset().Offset);
        Assert.Contains("Sở Y tế", signers[1].GetProperty("subject").GetString(), StringComparison.Ordinal);
        Assert.Equal(Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(twoSignatures)), valid.GetProperty("sha256").GetString());
        Assert.False(valid.GetProperty("signature").TryGetProperty("note", out _));
        // What was signed is intact, but the bytes added afterwards are signed by no one: the form says so.
        Assert.Equal("valid", added.GetProperty("signature").GetProperty("status").GetString());
        Assert.Contains("bổ sung sau chữ ký số cuối cùng", added.GetProperty("signature").GetProperty("note").GetString(), StringComparison.Ordinal);
        Assert.Equal("invalid", invalid.GetProperty("signature").GetProperty("status").GetString());
        Assert.Equal("untrusted", unknown.GetProperty("signature").GetProperty("status").GetString());

        // The results are stored with the files: the form shows them after a reload.
        var form = await staff.GetFromJsonAsync<JsonElement>(unit.AssessmentPath);
        var statuses = Leaf(form, Code).GetProperty("evidence").EnumerateArray()
            .ToDictionary(e => e.GetProperty("fileName").GetString()!, e => e.GetProperty("signature").GetProperty("status").GetString());
        Assert.Equal("valid", statuses["quyet-dinh-ky-so.pdf"]);
        Assert.Equal("invalid", statuses["bi-sua.pdf"]);
        Assert.Equal("untrusted", statuses["ca-la.pdf"]);
        Assert.Equal("valid", statuses["bo-sung-sau-khi-ky.pdf"]);
    }

    private static async Task<JsonElement> UploadJsonAsync(HttpClient client, AssessmentScenario unit, byte[] content, string name)
    {
        using var response = await UploadAsync(client, unit, Code, content, name);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.Created, body);
        return JsonDocument.Parse(body).RootElement.Clone();
    }
}
