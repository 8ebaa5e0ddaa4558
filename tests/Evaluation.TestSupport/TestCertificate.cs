using Org.BouncyCastle.Crypto;
using Org.BouncyCastle.OpenSsl;
using Org.BouncyCastle.X509;

namespace Evaluation.TestSupport;

/// <summary>A certificate made by <see cref="TestPki"/>, with its private key and the CA certificates above it.</summary>
/// <param name="Certificate">The certificate.</param>
/// <param name="PrivateKey">Its private key.</param>
/// <param name="Issuers">The CA certificates above it, nearest first, root last; empty for a root.</param>
public sealed record TestCertificate(X509Certificate Certificate, AsymmetricKeyParameter PrivateKey, IReadOnlyList<X509Certificate> Issuers)
{
    /// <summary>The certificate in DER.</summary>
    public byte[] Der => Certificate.GetEncoded();

    /// <summary>The certificate as PEM text.</summary>
    public string Pem
    {
        get
        {
            using var text = new StringWriter();
            using (var writer = new PemWriter(text))
            {
                writer.WriteObject(Certificate);
            }

            return text.ToString();
        }
    }
}
