using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Evaluation.Web.Identity;

namespace Evaluation.LoadTests;

/// <summary>The answer to one upload: status, wall time and (on success) the size the host says it stored.</summary>
public sealed record UploadResult(HttpStatusCode Status, TimeSpan Elapsed, long? StoredSize, string? Problem);

/// <summary>
/// One HttpClient for a whole run, shared by every virtual user, as a browser farm behind one proxy would be: the
/// caller's identity goes on each request (the X-MS-CLIENT-PRINCIPAL header Easy Auth adds), not on the client.
/// </summary>
public sealed class ApiClient : IDisposable
{
    public const string Admin = "admin@localhost";

    private static readonly MediaTypeHeaderValue PdfType = new("application/pdf");

    private readonly ConcurrentDictionary<string, string> _principals = new(StringComparer.Ordinal);

    public ApiClient(Uri baseAddress, int maxConnections, TimeSpan timeout)
    {
        // Enough connections for every virtual user: a request must never wait for a free connection in the
        // client, or the client's queue would be measured instead of the host.
        var handler = new SocketsHttpHandler
        {
            MaxConnectionsPerServer = Math.Max(maxConnections, 64),
            PooledConnectionLifetime = TimeSpan.FromMinutes(10),
            AutomaticDecompression = DecompressionMethods.None,
            UseCookies = false,
        };
        Http = new HttpClient(handler) { BaseAddress = baseAddress, Timeout = timeout };
    }

    public HttpClient Http { get; }

    public static StringContent Json(string json) => new(json, Encoding.UTF8, new MediaTypeHeaderValue("application/json"));

    /// <summary>A request as <paramref name="email"/> (null: anonymous), optionally conditional on an ETag.</summary>
    public async Task<HttpResponseMessage> SendAsync(HttpMethod method, string path, string? email, HttpContent? content = null, string? ifMatch = null, CancellationToken cancellationToken = default)
    {
        using var request = Request(method, path, email, content);
        if (ifMatch is not null)
        {
            request.Headers.TryAddWithoutValidation("If-Match", ifMatch);
        }

        // The default completion option reads the whole answer before returning, so a timing includes the body.
        return await Http.SendAsync(request, cancellationToken);
    }

    /// <summary>
    /// Uploads a generated PDF of <paramref name="size"/> bytes as multipart fields "size" and "file", as the page does; timed
    /// from the first byte sent to the whole answer read.
    /// </summary>
    public async Task<UploadResult> UploadPdfAsync(string evidencePath, string email, long size, string fileName, bool declareSize, CancellationToken cancellationToken = default)
    {
        using var form = new MultipartFormDataContent();
        if (declareSize)
        {
            form.Add(new StringContent(size.ToString(System.Globalization.CultureInfo.InvariantCulture)), "size");
        }

        var file = new StreamContent(new GeneratedPdfStream(size), 81_920);
        file.Headers.ContentType = PdfType;
        form.Add(file, "file", fileName);
        using var request = Request(HttpMethod.Post, evidencePath, email, form);

        var started = System.Diagnostics.Stopwatch.GetTimestamp();
        using var response = await Http.SendAsync(request, cancellationToken);
        var body = await response.Content.ReadAsStringAsync(cancellationToken);
        var elapsed = System.Diagnostics.Stopwatch.GetElapsedTime(started);

        if (response.StatusCode != HttpStatusCode.Created)
        {
            return new UploadResult(response.StatusCode, elapsed, null, Shorten(body));
        }

        using var json = JsonDocument.Parse(body);
        return new UploadResult(response.StatusCode, elapsed, json.RootElement.GetProperty("size").GetInt64(), null);
    }

    /// <summary>The first part of an error body, enough to say what went wrong in a report line.</summary>
    public static string Shorten(string body)
    {
        var flat = body.ReplaceLineEndings(" ").Trim();
        return flat.Length <= 300 ? flat : flat[..300] + "…";
    }

    public void Dispose() => Http.Dispose();

    private HttpRequestMessage Request(HttpMethod method, string path, string? email, HttpContent? content)
    {
        var request = new HttpRequestMessage(method, path) { Content = content };
        if (email is not null)
        {
            // Encoding the principal costs JSON + Base64 per request; cached so the client spends its CPU on load.
            request.Headers.Add(ClientPrincipal.HeaderName, _principals.GetOrAdd(email, static e => ClientPrincipal.Encode(e)));
        }

        return request;
    }
}
