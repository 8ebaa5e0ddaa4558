using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Evaluation.IntegrationTests.Infrastructure;

namespace Evaluation.IntegrationTests.Assessments;

/// <summary>
/// The self-assessment API over real HTTP on the local host (Azurite tables and blobs): drafts, R-2.2 zeroing,
/// optimistic concurrency with history, refusals that change nothing, access and the lock.
/// </summary>
public sealed class AssessmentApiTests(EvidenceHostFixture host) : IClassFixture<EvidenceHostFixture>
{
    // Leaves of the sample index set 01: I.1.3 (max 3, any score), II.1.1 (max 1, allowed 0 / 0.5 / 1).
    private const string Plain = "I.1.3";
    private const string Graded = "II.1.1";

    [Fact]
    [Trait("Requirement", "R-2.1")]
    [Trait("Requirement", "R-2.2")]
    [Trait("Requirement", "R-2.4")]
    public async Task A_draft_is_saved_per_criterion_and_counts_zero_without_explanation_or_evidence()
    {
        var unit = await AssessmentScenario.CreateAsync(host, "draft-unit");
        using var staff = host.Client(unit.StaffEmail);

        using var first = await PutAsync(staff, unit, Plain, new { selfScore = 2.5m, explanation = "" }, ifNoneMatch: true);
        var saved = await first.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.False(saved.GetProperty("counted").GetBoolean());
        Assert.Contains("Chưa có giải trình", saved.GetProperty("zeroReasons").EnumerateArray().Select(r => r.GetString()));
        Assert.Contains("Chưa có tài liệu kiểm chứng", saved.GetProperty("zeroReasons").EnumerateArray().Select(r => r.GetString()));

        // Classified evidence is explained to the council directly: with an explanation the criterion counts.
        using var second = await PutAsync(staff, unit, Plain, new { selfScore = 2.5m, explanation = "Tài liệu mật, giải trình trực tiếp", classified = true }, etag: saved.GetProperty("eTag").GetString());
        Assert.Equal(HttpStatusCode.OK, second.StatusCode);

        var form = await staff.GetFromJsonAsync<JsonElement>(unit.AssessmentPath);
        var item = Leaf(form, Plain);
        Assert.Equal(2.5m, item.GetProperty("selfScore").GetDecimal());
        Assert.True(item.GetProperty("counted").GetBoolean());
        Assert.Equal(2, item.GetProperty("revision").GetInt32());
        var section = form.GetProperty("sections").EnumerateArray().First(s => s.GetProperty("code").GetString() == "I");
        Assert.Equal(2.5m, section.GetProperty("countedTotal").GetDecimal());
        Assert.Equal(2.5m, form.GetProperty("totals").GetProperty("counted").GetDecimal());
        Assert.True(form.GetProperty("editable").GetBoolean());
        Assert.Equal("selfAssessment", form.GetProperty("phase").GetString());

        // The units list shows the same progress to the working group; pages following phases only can skip it.
        using var admin = host.Client();
        var listed = (await admin.GetFromJsonAsync<JsonElement>($"/api/years/{unit.Year}/units")).GetProperty("units").EnumerateArray()
            .Single(u => u.GetProperty("unitId").GetString() == unit.UnitId).GetProperty("progress");
        Assert.Equal(form.GetProperty("totals").GetProperty("leafCount").GetInt32(), listed.GetProperty("leafCount").GetInt32());
        Assert.Equal(1, listed.GetProperty("filledCount").GetInt32());
        Assert.Equal(1, listed.GetProperty("countedCount").GetInt32());
        Assert.Equal(0, listed.GetProperty("evidenceCount").GetInt32());
        Assert.False(listed.TryGetProperty("submittedAt", out var submittedAt) && submittedAt.ValueKind != JsonValueKind.Null);
        var phasesOnly = (await admin.GetFromJsonAsync<JsonElement>($"/api/years/{unit.Year}/units?progress=false")).GetProperty("units").EnumerateArray()
            .Single(u => u.GetProperty("unitId").GetString() == unit.UnitId);
        Assert.False(phasesOnly.TryGetProperty("progress", out var omitted) && omitted.ValueKind != JsonValueKind.Null);
    }

    [Fact]
    [Trait("Requirement", "R-2.1")]
    public async Task Fifty_parallel_saves_with_one_etag_let_exactly_one_win_and_history_holds_exactly_the_accepted_writes()
    {
        var unit = await AssessmentScenario.CreateAsync(host, "race-unit");
        using var staff = host.Client(unit.StaffEmail);
        using var first = await PutAsync(staff, unit, Plain, new { selfScore = 1m, explanation = "Bản đầu" }, ifNoneMatch: true);
        var etag = (await first.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("eTag").GetString();

        var attempts = Enumerable.Range(0, 50).Select(async i =>
        {
            using var client = host.Client(unit.StaffEmail);
            using var response = await PutAsync(client, unit, Plain, new { selfScore = 2m, explanation = $"Bản sửa số {i}" }, etag: etag);
            return (i, response.StatusCode);
        });
        var results = await Task.WhenAll(attempts);

        Assert.Single(results, r => r.StatusCode == HttpStatusCode.OK);
        Assert.Equal(49, results.Count(r => r.StatusCode == HttpStatusCode.PreconditionFailed));
        var winner = results.Single(r => r.StatusCode == HttpStatusCode.OK).i;

        var history = await staff.GetFromJsonAsync<JsonElement>($"{unit.CriterionPath(Plain)}/history");
        var entries = history.GetProperty("entries").EnumerateArray().ToList();
        Assert.Equal(2, entries.Count);
        Assert.Equal("Bản đầu", entries[1].GetProperty("oldExplanation").GetString());
        Assert.Equal($"Bản sửa số {winner}", entries[1].GetProperty("newExplanation").GetString());
        Assert.Equal(unit.StaffEmail, entries[1].GetProperty("by").GetString());
        Assert.Equal($"Bản sửa số {winner}", Leaf(await staff.GetFromJsonAsync<JsonElement>(unit.AssessmentPath), Plain).GetProperty("explanation").GetString());
    }

    [Theory]
    [Trait("Requirement", "R-2.1")]
    [InlineData(Plain, """{ "selfScore": 3.5, "explanation": "x" }""", 422, "selfScore")]
    [InlineData(Graded, """{ "selfScore": 0.75, "explanation": "x" }""", 422, "selfScore")]
    [InlineData(Plain, """{ "selfScore": -1, "explanation": "x" }""", 422, "selfScore")]
    [InlineData(Plain, """{ "selfScore": "hai", "explanation": "x" }""", 422, "selfScore")]
    [InlineData(Plain, """{ "selfScore": 1, "explanation": 5 }""", 422, "explanation")]
    [InlineData(Plain, """{ "selfScore": 1, "mark": 1 }""", 422, "mark")]
    [InlineData(Plain, """{ "selfScore": 1, """, 400, "$")]
    [InlineData("I.9.9", """{ "selfScore": 1, "explanation": "x" }""", 404, null)]
    [InlineData("I.1", """{ "selfScore": 1, "explanation": "x" }""", 422, "code")]
    [InlineData("VI.1", """{ "selfScore": 1, "explanation": "x" }""", 404, null)]
    public async Task A_bad_score_is_refused_with_a_problem_and_changes_nothing(string code, string body, int status, string? field)
    {
        var unit = await AssessmentScenario.CreateAsync(host, "bad-score-unit");
        using var staff = host.Client(unit.StaffEmail);

        using var response = await staff.PutAsync(unit.CriterionPath(code), LocalHostFixture.Json(body));

        await ProblemAssert.IsProblemAsync(response, (HttpStatusCode)status, field is null ? [] : [field]);
        var history = await staff.GetAsync($"{unit.CriterionPath(Plain)}/history");
        Assert.Empty((await history.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("entries").EnumerateArray());
    }

    [Fact]
    [Trait("Requirement", "R-2.3")]
    public async Task Bad_files_are_refused_with_a_problem_and_nothing_is_stored()
    {
        var unit = await AssessmentScenario.CreateAsync(host, "bad-file-unit");
        using var staff = host.Client(unit.StaffEmail);
        var executable = new byte[4096];
        "MZ"u8.CopyTo(executable);
        var pdf = MinimalPdf();

        var refusals = new List<(string What, HttpResponseMessage Response, HttpStatusCode Expected)>
        {
            ("empty", await UploadAsync(staff, unit, Plain, [], "rong.pdf"), HttpStatusCode.BadRequest),
            ("too large", await UploadAsync(staff, unit, Plain, PaddedPdf(EvidenceHostFixture.MaxFileBytes + 1), "lon.pdf"), HttpStatusCode.RequestEntityTooLarge),
            ("executable renamed .pdf", await UploadAsync(staff, unit, Plain, executable, "bao-cao.pdf"), HttpStatusCode.UnsupportedMediaType),
            ("path in the name", await UploadAsync(staff, unit, Plain, pdf, "../../bao-cao.pdf"), HttpStatusCode.BadRequest),
            ("truncated body", await SendTruncatedAsync(staff, unit, Plain, PaddedPdf(200_000)), HttpStatusCode.BadRequest),
            ("no file part", await staff.PostAsync($"{unit.CriterionPath(Plain)}/evidence", new MultipartFormDataContent { { new StringContent("x"), "note" } }), HttpStatusCode.BadRequest),
            ("not multipart", await staff.PostAsync($"{unit.CriterionPath(Plain)}/evidence", new ByteArrayContent(pdf)), HttpStatusCode.UnsupportedMediaType),
            ("unknown criterion", await UploadAsync(staff, unit, "I.9.9", pdf, "a.pdf"), HttpStatusCode.NotFound),
            ("declared too large", await UploadAsync(staff, unit, Plain, pdf, "a.pdf", declaredSize: EvidenceHostFixture.MaxFileBytes + 1), HttpStatusCode.RequestEntityTooLarge),
            ("shorter than declared", await UploadAsync(staff, unit, Plain, PaddedPdf(300_000), "a.pdf", declaredSize: 300_001), HttpStatusCode.BadRequest),
            ("longer than declared", await UploadAsync(staff, unit, Plain, PaddedPdf(300_000), "a.pdf", declaredSize: 299_999), HttpStatusCode.BadRequest),
            ("size not a number", await UploadAsync(staff, unit, Plain, pdf, "a.pdf", declaredSize: -5), HttpStatusCode.BadRequest),
            ("truncated with size", await SendTruncatedAsync(staff, unit, Plain, PaddedPdf(200_000), declareSize: true), HttpStatusCode.BadRequest),
        };

        foreach (var (what, response, expected) in refusals)
        {
            using (response)
            {
                Assert.True(response.StatusCode == expected, $"{what}: expected {(int)expected}, got {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
                var problem = await ProblemAssert.IsProblemAsync(response, expected);
                Assert.False(string.IsNullOrWhiteSpace(problem.GetProperty("detail").GetString()), what);
            }
        }

        var form = await staff.GetFromJsonAsync<JsonElement>(unit.AssessmentPath);
        Assert.Equal(0, form.GetProperty("totals").GetProperty("evidenceCount").GetInt32());
        Assert.Equal(0, await host.BlobCountAsync($"{unit.Year:D4}/{unit.UnitId}/"));
    }

    [Theory]
    [Trait("Requirement", "R-2.3")]
    [Trait("Requirement", "R-9")]
    [InlineData(null)] // in blocks
    [InlineData(9_500_000L)] // in one request, the size declared as the form does
    public async Task An_upload_is_stored_unchanged_with_its_hash_and_read_through_a_short_lived_link_to_that_file_only(long? declaredSize)
    {
        var unit = await AssessmentScenario.CreateAsync(host, declaredSize is null ? "upload-unit" : "upload-unit-sized");
        using var staff = host.Client(unit.StaffEmail);
        var content = PaddedPdf(9_500_000); // three staged blocks
        var name = "Quyết định số 12/QĐ-UBND.pdf".Replace('/', '-').Normalize(NormalizationForm.FormD);

        using var uploaded = await UploadAsync(staff, unit, Plain, content, name, declaredSize);
        var body = await uploaded.Content.ReadFromJsonAsync<JsonElement>();

        Assert.Equal(HttpStatusCode.Created, uploaded.StatusCode);
        Assert.Equal(Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(content)), body.GetProperty("sha256").GetString());
        Assert.Equal(content.Length, body.GetProperty("size").GetInt64());
        Assert.Equal(name.Normalize(NormalizationForm.FormC), body.GetProperty("fileName").GetString());
        Assert.Equal("unsigned", body.GetProperty("signature").GetProperty("status").GetString());
        Assert.Single(body.GetProperty("criterion").GetProperty("evidence").EnumerateArray());

        using var noRedirect = host.Client(unit.StaffEmail, followRedirects: false);
        using var redirect = await noRedirect.GetAsync(body.GetProperty("downloadUrl").GetString());
        Assert.Equal(HttpStatusCode.Redirect, redirect.StatusCode);
        var link = redirect.Headers.Location!;
        var query = System.Web.HttpUtility.ParseQueryString(link.Query);
        Assert.Equal("r", query["sp"]);
        Assert.Equal("b", query["sr"]);
        Assert.InRange(DateTimeOffset.Parse(query["se"]!, System.Globalization.CultureInfo.InvariantCulture), DateTimeOffset.UtcNow, DateTimeOffset.UtcNow.AddMinutes(6));
        using var anonymous = new HttpClient();
        Assert.Equal(content, await anonymous.GetByteArrayAsync(link));

        // The link reads that one blob: pointed at a sibling it is refused by storage.
        var sibling = new UriBuilder(link) { Path = link.AbsolutePath[..(link.AbsolutePath.LastIndexOf('/') + 1)] + "khac" }.Uri;
        using var other = await anonymous.GetAsync(sibling);
        Assert.Equal(HttpStatusCode.Forbidden, other.StatusCode);
    }

    [Fact]
    [Trait("Requirement", "R-2.1")]
    public async Task A_file_removed_twice_at_once_is_removed_once_and_kept_in_the_history()
    {
        var unit = await AssessmentScenario.CreateAsync(host, "remove-unit");
        using var staff = host.Client(unit.StaffEmail);
        using var uploaded = await UploadAsync(staff, unit, Plain, MinimalPdf(), "nham-tep.pdf");
        var evidenceId = (await uploaded.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("evidenceId").GetString();
        var path = $"/api/years/{unit.Year}/units/{unit.UnitId}/evidence/{evidenceId}";

        var removals = await Task.WhenAll(Enumerable.Range(0, 5).Select(async _ =>
        {
            using var client = host.Client(unit.StaffEmail);
            using var response = await client.DeleteAsync(path);
            return response.StatusCode;
        }));

        Assert.Single(removals, status => status == HttpStatusCode.OK);
        Assert.All(removals.Where(status => status != HttpStatusCode.OK), status => Assert.Equal(HttpStatusCode.NotFound, status));
        var history = (await staff.GetFromJsonAsync<JsonElement>($"{unit.CriterionPath(Plain)}/history")).GetProperty("entries").EnumerateArray().ToList();
        Assert.Equal(["evidenceAdded", "evidenceRemoved"], history.Select(entry => entry.GetProperty("change").GetString()));
        Assert.Equal("nham-tep.pdf", history[1].GetProperty("fileName").GetString());
        Assert.Empty(Leaf(await staff.GetFromJsonAsync<JsonElement>(unit.AssessmentPath), Plain).GetProperty("evidence").EnumerateArray());

        // The file itself stays: its link still works for whoever may see the unit.
        using var noRedirect = host.Client(unit.StaffEmail, followRedirects: false);
        using var link = await noRedirect.GetAsync(path);
        Assert.Equal(HttpStatusCode.Redirect, link.StatusCode);
    }

    [Fact]
    [Trait("Requirement", "R-9")]
    public async Task Only_the_units_own_people_see_and_edit_it()
    {
        var unit = await AssessmentScenario.CreateAsync(host, "own-unit");
        var neighbour = await AssessmentScenario.CreateAsync(host, "neighbour-unit");
        using var staff = host.Client(unit.StaffEmail);
        using var uploaded = await UploadAsync(staff, unit, Plain, MinimalPdf(), "a.pdf");
        var download = (await uploaded.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("downloadUrl").GetString()!;
        using var admin = host.Client();
        await admin.PutAsync("/api/people/thamdinh%40thu.phutho.vn", LocalHostFixture.Json("""{ "name": "Nguyễn Văn Bình", "role": "appraiser", "agencyId": "SNV" }"""));
        using var other = host.Client(neighbour.StaffEmail);
        using var appraiser = host.Client("thamdinh@thu.phutho.vn");
        using var anonymous = host.Client(null);

        await ProblemAssert.IsProblemAsync(await other.GetAsync(unit.AssessmentPath), HttpStatusCode.Forbidden);
        await ProblemAssert.IsProblemAsync(await other.PutAsync(unit.CriterionPath(Plain), LocalHostFixture.Json("""{ "selfScore": 1 }""")), HttpStatusCode.Forbidden);
        await ProblemAssert.IsProblemAsync(await UploadAsync(other, unit, Plain, MinimalPdf(), "b.pdf"), HttpStatusCode.Forbidden);
        await ProblemAssert.IsProblemAsync(await other.GetAsync(download), HttpStatusCode.Forbidden);
        await ProblemAssert.IsProblemAsync(await appraiser.GetAsync(download), HttpStatusCode.Forbidden);
        await ProblemAssert.IsProblemAsync(await anonymous.GetAsync(unit.AssessmentPath), HttpStatusCode.Unauthorized);
        await ProblemAssert.IsProblemAsync(await staff.PostAsync($"{unit.AssessmentPath}/submit", null), HttpStatusCode.Forbidden);
        Assert.Equal(HttpStatusCode.OK, (await admin.GetAsync(unit.AssessmentPath)).StatusCode);
    }

    [Fact]
    [Trait("Requirement", "R-2.5")]
    [Trait("Requirement", "R-9")]
    public async Task After_the_head_submits_every_edit_is_refused_with_the_reason()
    {
        var unit = await AssessmentScenario.CreateAsync(host, "submit-unit");
        using var staff = host.Client(unit.StaffEmail);
        using var head = host.Client(unit.HeadEmail);
        using var saved = await PutAsync(staff, unit, Plain, new { selfScore = 1m, explanation = "Đã hoàn thành" }, ifNoneMatch: true);
        using var uploaded = await UploadAsync(staff, unit, Plain, MinimalPdf(), "a.pdf");
        var evidenceId = (await uploaded.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("evidenceId").GetString();

        using var submitted = await head.PostAsync($"{unit.AssessmentPath}/submit", null);
        var form = await submitted.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(HttpStatusCode.OK, submitted.StatusCode);
        Assert.False(form.GetProperty("editable").GetBoolean());
        Assert.Equal(unit.HeadEmail, form.GetProperty("submitted").GetProperty("by").GetString());

        var edit = await ProblemAssert.IsProblemAsync(await staff.PutAsync(unit.CriterionPath(Plain), LocalHostFixture.Json("""{ "selfScore": 3, "explanation": "sửa sau khi nộp" }""")), HttpStatusCode.Conflict);
        Assert.Contains("đã nộp", edit.GetProperty("detail").GetString(), StringComparison.Ordinal);
        await ProblemAssert.IsProblemAsync(await UploadAsync(staff, unit, Plain, MinimalPdf(), "b.pdf"), HttpStatusCode.Conflict);
        await ProblemAssert.IsProblemAsync(await staff.DeleteAsync($"/api/years/{unit.Year}/units/{unit.UnitId}/evidence/{evidenceId}"), HttpStatusCode.Conflict);
        await ProblemAssert.IsProblemAsync(await head.PostAsync($"{unit.AssessmentPath}/submit", null), HttpStatusCode.Conflict);

        var progress = (await host.Client().GetFromJsonAsync<JsonElement>($"/api/years/{unit.Year}/units")).GetProperty("units").EnumerateArray()
            .Single(u => u.GetProperty("unitId").GetString() == unit.UnitId).GetProperty("progress");
        Assert.Equal(form.GetProperty("submitted").GetProperty("at").GetDateTimeOffset(), progress.GetProperty("submittedAt").GetDateTimeOffset());
        Assert.Equal(1, progress.GetProperty("evidenceCount").GetInt32());

        var after = await staff.GetFromJsonAsync<JsonElement>(unit.AssessmentPath);
        Assert.Equal(1m, Leaf(after, Plain).GetProperty("selfScore").GetDecimal());
        Assert.Single(Leaf(after, Plain).GetProperty("evidence").EnumerateArray());
    }

    [Fact]
    [Trait("Requirement", "R-2.5")]
    [Trait("Requirement", "R-7.3")]
    public async Task After_the_deadline_edits_are_refused_naming_it_and_the_orchestration_records_the_phase()
    {
        var due = DateTimeOffset.FromUnixTimeSeconds(DateTimeOffset.UtcNow.ToUnixTimeSeconds() + 25).ToOffset(TimeSpan.FromHours(7));
        var calendar = new JsonObject
        {
            ["selfAssessmentDue"] = due.ToString("yyyy-MM-ddTHH:mm:sszzz", System.Globalization.CultureInfo.InvariantCulture),
        };
        var unit = await AssessmentScenario.CreateAsync(host, "late-unit", year: DateTime.UtcNow.Year, calendar: calendar);
        using var staff = host.Client(unit.StaffEmail);
        using var before = await PutAsync(staff, unit, Plain, new { selfScore = 1m, explanation = "kịp hạn" }, ifNoneMatch: true);
        Assert.Equal(HttpStatusCode.OK, before.StatusCode);

        await Eventually.ReturnsAsync(() => Task.FromResult(DateTimeOffset.UtcNow), now => now >= due, TimeSpan.FromSeconds(40), "the deadline to pass");
        using var late = await staff.PutAsync(unit.CriterionPath(Plain), LocalHostFixture.Json("""{ "selfScore": 2, "explanation": "trễ hạn" }"""));

        var problem = await ProblemAssert.IsProblemAsync(late, HttpStatusCode.Conflict);
        Assert.Contains(due.ToString("HH:mm 'ngày' dd/MM/yyyy", System.Globalization.CultureInfo.InvariantCulture), problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        using var admin = host.Client();
        await Eventually.ReturnsAsync(
            async () => (await admin.GetFromJsonAsync<JsonElement>(unit.AssessmentPath)).GetProperty("phase").GetString(),
            phase => phase == "appraisalRound1",
            TimeSpan.FromSeconds(30),
            "the unit's orchestration to close self-assessment");
        Assert.Equal(1m, Leaf(await staff.GetFromJsonAsync<JsonElement>(unit.AssessmentPath), Plain).GetProperty("selfScore").GetDecimal());
    }

    internal static JsonElement Leaf(JsonElement form, string code) =>
        form.GetProperty("sections").EnumerateArray().SelectMany(s => s.GetProperty("criteria").EnumerateArray())
            .First(c => c.GetProperty("code").GetString() == code);

    internal static async Task<HttpResponseMessage> PutAsync(HttpClient client, AssessmentScenario unit, string code, object body, string? etag = null, bool ifNoneMatch = false)
    {
        using var request = new HttpRequestMessage(HttpMethod.Put, unit.CriterionPath(code)) { Content = JsonContent.Create(body) };
        if (etag is not null)
        {
            request.Headers.TryAddWithoutValidation("If-Match", etag);
        }

        if (ifNoneMatch)
        {
            request.Headers.TryAddWithoutValidation("If-None-Match", "*");
        }

        return await client.SendAsync(request);
    }

    /// <param name="declaredSize">The "size" part the form sends before the file (one-request upload); null sends none (block upload).</param>
    internal static async Task<HttpResponseMessage> UploadAsync(HttpClient client, AssessmentScenario unit, string code, byte[] content, string fileName, long? declaredSize = null)
    {
        using var form = new MultipartFormDataContent();
        if (declaredSize is { } size)
        {
            form.Add(new StringContent(size.ToString(System.Globalization.CultureInfo.InvariantCulture)), "size");
        }

        var file = new ByteArrayContent(content);
        file.Headers.ContentType = new MediaTypeHeaderValue("application/pdf");
        form.Add(file, "file", fileName);
        return await client.PostAsync($"{unit.CriterionPath(code)}/evidence", form);
    }

    /// <summary>A multipart body cut off in the middle of the file, as a dropped connection leaves it.</summary>
    private static async Task<HttpResponseMessage> SendTruncatedAsync(HttpClient client, AssessmentScenario unit, string code, byte[] content, bool declareSize = false)
    {
        using var form = new MultipartFormDataContent("grenze");
        if (declareSize)
        {
            form.Add(new StringContent(content.Length.ToString(System.Globalization.CultureInfo.InvariantCulture)), "size");
        }

        form.Add(new ByteArrayContent(content), "file", "cat-ngang.pdf");
        var whole = await form.ReadAsByteArrayAsync();
        var truncated = new ByteArrayContent(whole[..(whole.Length / 2)]);
        truncated.Headers.ContentType = MediaTypeHeaderValue.Parse("multipart/form-data; boundary=grenze");
        return await client.PostAsync($"{unit.CriterionPath(code)}/evidence", truncated);
    }

    internal static byte[] MinimalPdf() => Encoding.ASCII.GetBytes("%PDF-1.4\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n");

    /// <summary>A PDF header followed by a comment block to reach <paramref name="size"/> bytes.</summary>
    internal static byte[] PaddedPdf(long size)
    {
        var bytes = new byte[size];
        var head = MinimalPdf();
        Random.Shared.NextBytes(bytes);
        head.CopyTo(bytes, 0);
        return bytes;
    }
}
