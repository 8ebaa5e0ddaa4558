using Org.BouncyCastle.Asn1;
using Org.BouncyCastle.Asn1.Sec;
using Org.BouncyCastle.Asn1.X509;
using Org.BouncyCastle.Crypto;
using Org.BouncyCastle.Crypto.Generators;
using Org.BouncyCastle.Crypto.Operators;
using Org.BouncyCastle.Crypto.Parameters;
using Org.BouncyCastle.Math;
using Org.BouncyCastle.Security;
using Org.BouncyCastle.X509;
using Org.BouncyCastle.X509.Extension;

namespace Evaluation.TestSupport;

/// <summary>
/// A throw-away certification authority made at run time: a root, optionally an intermediate, and signer
/// certificates with chosen validity. ECDSA P-256 keeps key generation fast. Nothing here is a real key.
/// </summary>
public sealed class TestPki
{
    private const string SignatureAlgorithm = "SHA256WITHECDSA";

    private readonly SecureRandom _random = new();

    private TestPki(string rootName, bool withIntermediate)
    {
        var now = DateTime.UtcNow;
        var rootKeys = NewKeyPair();
        var rootSubject = Name(rootName, "Ban Cơ yếu Chính phủ (thử nghiệm)");
        var root = Issue(rootSubject, rootKeys.Public, rootSubject, rootKeys, now.AddYears(-10), now.AddYears(10), isCa: true);
        Root = new TestCertificate(root, rootKeys.Private, []);

        if (withIntermediate)
        {
            var keys = NewKeyPair();
            var subject = Name(rootName + " – CA cấp dưới", "Ban Cơ yếu Chính phủ (thử nghiệm)");
            var certificate = Issue(subject, keys.Public, rootSubject, rootKeys, now.AddYears(-5), now.AddYears(5), isCa: true);
            Intermediate = new TestCertificate(certificate, keys.Private, [root]);
        }
    }

    /// <summary>The root CA, which configuration trusts in the tests.</summary>
    public TestCertificate Root { get; }

    /// <summary>The intermediate CA that issues signers, when asked for.</summary>
    public TestCertificate? Intermediate { get; }

    /// <summary>The root certificate in DER (a .cer/.der file).</summary>
    public byte[] RootDer => Root.Der;

    /// <summary>The root certificate as PEM (a .pem file or a setting).</summary>
    public string RootPem => Root.Pem;

    /// <summary>A new root CA (and intermediate CA when <paramref name="withIntermediate"/>).</summary>
    public static TestPki Create(string rootName = "CA thử nghiệm đánh giá", bool withIntermediate = false) =>
        new(rootName, withIntermediate);

    /// <summary>
    /// A signer certificate issued by the intermediate CA when there is one, else by the root. The default validity
    /// runs from a year ago to a year ahead.
    /// </summary>
    public TestCertificate IssueSigner(
        string commonName,
        string organization = "Sở Y tế tỉnh Phú Thọ",
        DateTimeOffset? notBefore = null,
        DateTimeOffset? notAfter = null)
    {
        var issuer = Intermediate ?? Root;
        var keys = NewKeyPair();
        var from = (notBefore ?? DateTimeOffset.UtcNow.AddYears(-1)).UtcDateTime;
        var to = (notAfter ?? DateTimeOffset.UtcNow.AddYears(1)).UtcDateTime;
        var certificate = Issue(
            Name(commonName, organization),
            keys.Public,
            issuer.Certificate.SubjectDN,
            new AsymmetricCipherKeyPair(issuer.Certificate.GetPublicKey(), issuer.PrivateKey),
            from,
            to,
            isCa: false);
        return new TestCertificate(certificate, keys.Private, [issuer.Certificate, .. issuer.Issuers]);
    }

    private static X509Name Name(string commonName, string organization) =>
        new(
            new List<DerObjectIdentifier> { X509Name.C, X509Name.O, X509Name.CN },
            new List<string> { "VN", organization, commonName });

    private AsymmetricCipherKeyPair NewKeyPair()
    {
        var generator = new ECKeyPairGenerator("ECDSA");
        generator.Init(new ECKeyGenerationParameters(SecObjectIdentifiers.SecP256r1, _random));
        return generator.GenerateKeyPair();
    }

    private X509Certificate Issue(
        X509Name subject,
        AsymmetricKeyParameter publicKey,
        X509Name issuer,
        AsymmetricCipherKeyPair issuerKeys,
        DateTime notBefore,
        DateTime notAfter,
        bool isCa)
    {
        var generator = new X509V3CertificateGenerator();
        // Random serials, as real CAs use: two test CAs never issue look-alike certificates.
        generator.SetSerialNumber(new BigInteger(63, _random).Add(BigInteger.One));
        generator.SetIssuerDN(issuer);
        generator.SetSubjectDN(subject);
        generator.SetNotBefore(notBefore);
        generator.SetNotAfter(notAfter);
        generator.SetPublicKey(publicKey);
        generator.AddExtension(X509Extensions.BasicConstraints, true, new BasicConstraints(isCa));
        generator.AddExtension(
            X509Extensions.KeyUsage,
            true,
            new KeyUsage(isCa ? KeyUsage.KeyCertSign | KeyUsage.CrlSign : KeyUsage.DigitalSignature | KeyUsage.NonRepudiation));
        generator.AddExtension(X509Extensions.SubjectKeyIdentifier, false, X509ExtensionUtilities.CreateSubjectKeyIdentifier(publicKey));
        generator.AddExtension(
            X509Extensions.AuthorityKeyIdentifier,
            false,
            X509ExtensionUtilities.CreateAuthorityKeyIdentifier(issuerKeys.Public));
        return generator.Generate(new Asn1SignatureFactory(SignatureAlgorithm, issuerKeys.Private, _random));
    }
}
