using System.Globalization;
using System.Text;
using Microsoft.Extensions.Options;
using Org.BouncyCastle.Asn1;
using Org.BouncyCastle.Asn1.X509;
using Org.BouncyCastle.Pkix;
using Org.BouncyCastle.Utilities.IO.Pem;
using X509Certificate = Org.BouncyCastle.X509.X509Certificate;

namespace Evaluation.Infrastructure.Evidence;

/// <summary>
/// The root certificates a signer's certificate must chain to, from configuration: the files of
/// <see cref="EvidenceOptions.TrustedRootsPath"/> (.cer, .crt, .der, .pem; PEM or DER, a PEM file may hold several)
/// and the entries of <see cref="EvidenceOptions.TrustedRootCertificates"/> (PEM text or Base64 DER).
/// </summary>
/// <remarks>
/// A file or entry that cannot be read stops start-up with an error naming it: silently skipping it would make every
/// signature from that authority show as untrusted with nothing pointing at the cause.
/// </remarks>
public sealed class TrustedRoots
{
    private static readonly string[] FileExtensions = [".cer", ".crt", ".der", ".pem"];

    public TrustedRoots(IOptions<EvidenceOptions> options)
        : this(Load(options.Value))
    {
    }

    // Private, with public factories: a second public one-parameter constructor would make the DI container's choice
    // ambiguous (it can always resolve an IEnumerable<T>).
    private TrustedRoots(IEnumerable<X509Certificate> certificates)
    {
        var distinct = new List<X509Certificate>();
        foreach (var certificate in certificates)
        {
            // BouncyCastle certificates compare by encoding, so the same root given twice counts once.
            if (!distinct.Contains(certificate))
            {
                distinct.Add(certificate);
            }
        }

        Certificates = distinct;
        Anchors = distinct.Select(c => new TrustAnchor(c, null)).ToHashSet();
    }

    /// <summary>The trusted certificates, without duplicates.</summary>
    public IReadOnlyList<X509Certificate> Certificates { get; }

    /// <summary>The trust anchors for PKIX path building.</summary>
    internal HashSet<TrustAnchor> Anchors { get; }

    /// <summary>Trusts exactly these certificates (tests, tools).</summary>
    public static TrustedRoots FromCertificates(IEnumerable<X509Certificate> certificates) => new(certificates);

    /// <summary>Trusts exactly these DER-encoded certificates (tests, tools).</summary>
    public static TrustedRoots FromDer(params byte[][] derCertificates) =>
        new(derCertificates.Select((der, i) => ParseDer(der, "certificate " + (i + 1).ToString(CultureInfo.InvariantCulture))));

    /// <summary>Reads every configured root; throws <see cref="InvalidOperationException"/> naming what cannot be read.</summary>
    public static IReadOnlyList<X509Certificate> Load(EvidenceOptions options)
    {
        var certificates = new List<X509Certificate>();

        if (!string.IsNullOrWhiteSpace(options.TrustedRootsPath))
        {
            // A relative folder is relative to the app's own folder, wherever the process was started from.
            var folder = Path.GetFullPath(options.TrustedRootsPath, AppContext.BaseDirectory);
            if (!Directory.Exists(folder))
            {
                throw new InvalidOperationException(
                    $"Evidence:TrustedRootsPath '{folder}' does not exist or is not a folder.");
            }

            var files = Directory.EnumerateFiles(folder)
                .Where(f => FileExtensions.Contains(Path.GetExtension(f), StringComparer.OrdinalIgnoreCase))
                .Order(StringComparer.Ordinal);
            foreach (var file in files)
            {
                byte[] bytes;
                try
                {
                    bytes = File.ReadAllBytes(file);
                }
                catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
                {
                    throw new InvalidOperationException($"Trusted root file '{file}' cannot be read: {ex.Message}", ex);
                }

                certificates.AddRange(ParseFile(bytes, $"trusted root file '{file}'"));
            }
        }

        for (var i = 0; i < options.TrustedRootCertificates.Length; i++)
        {
            certificates.AddRange(ParseSetting(options.TrustedRootCertificates[i], $"Evidence:TrustedRootCertificates:{i}"));
        }

        return certificates;
    }

    private static List<X509Certificate> ParseFile(byte[] bytes, string what)
    {
        var text = Encoding.ASCII.GetString(bytes);
        return text.Contains("-----BEGIN", StringComparison.Ordinal) ? ParsePem(text, what) : [ParseDer(bytes, what)];
    }

    private static List<X509Certificate> ParseSetting(string? value, string what)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            throw new InvalidOperationException($"Setting {what} is empty; give a PEM certificate or Base64 DER.");
        }

        if (value.Contains("-----BEGIN", StringComparison.Ordinal))
        {
            return ParsePem(value, what);
        }

        byte[] der;
        try
        {
            der = Convert.FromBase64String(value.Trim());
        }
        catch (FormatException ex)
        {
            throw new InvalidOperationException($"Setting {what} is neither PEM nor Base64 DER.", ex);
        }

        return [ParseDer(der, what)];
    }

    private static List<X509Certificate> ParsePem(string text, string what)
    {
        var result = new List<X509Certificate>();
        try
        {
            using var reader = new PemReader(new StringReader(text));
            while (reader.ReadPemObject() is { } pem)
            {
                // Only certificates belong in a trust store; a key or request here is a configuration mistake.
                if (pem.Type is not ("CERTIFICATE" or "X509 CERTIFICATE"))
                {
                    throw new InvalidOperationException($"The {what} holds a PEM '{pem.Type}' block; only CERTIFICATE blocks are allowed.");
                }

                result.Add(ParseDer(pem.Content, what));
            }
        }
        catch (Exception ex) when (ex is IOException or FormatException)
        {
            throw new InvalidOperationException($"The {what} is not readable PEM: {ex.Message}", ex);
        }

        if (result.Count == 0)
        {
            throw new InvalidOperationException($"The {what} holds no PEM certificate.");
        }

        return result;
    }

    private static X509Certificate ParseDer(byte[] der, string what)
    {
        try
        {
            // FromByteArray rejects trailing bytes, so a truncated or padded file is caught here.
            return new X509Certificate(X509CertificateStructure.GetInstance(Asn1Object.FromByteArray(der)));
        }
        catch (Exception ex) when (ex is IOException or ArgumentException or InvalidCastException or InvalidOperationException)
        {
            throw new InvalidOperationException($"The {what} is not a readable X.509 certificate (PEM or DER).", ex);
        }
    }
}
