using System.Globalization;
using System.Text;
using Org.BouncyCastle.Asn1;
using Org.BouncyCastle.Asn1.Cms;
using Org.BouncyCastle.Cms;
using Org.BouncyCastle.Crypto.Operators;
using Org.BouncyCastle.Utilities.Collections;
using Org.BouncyCastle.X509;
using Attribute = Org.BouncyCastle.Asn1.Cms.Attribute;

namespace Evaluation.TestSupport;

/// <summary>
/// Writes a small one-page PDF (optionally padded to a size, written in chunks so large files cost no memory) and
/// signs it the way signing tools do: each signature is an incremental update with a <c>/ByteRange</c> placeholder
/// of fixed width and a <c>/Contents &lt;00…&gt;</c> placeholder; the ranges are filled in, a detached CMS
/// (SHA-256, signingTime, certificate chain) is made over the two ranges and its hex written into the placeholder.
/// A second signature (an organisation's seal) covers the first one, as in real evidence files.
/// </summary>
/// <remarks>The stream must be readable, writable and seekable (a MemoryStream or FileStream).</remarks>
public sealed class SignedPdfBuilder
{
    /// <summary>Bytes reserved for each CMS; the Contents placeholder holds twice as many hex digits.</summary>
    public const int ContentsReserve = 8192;

    private const int CatalogId = 1;
    private const int PagesId = 2;
    private const int PageId = 3;
    private const int ContentId = 4;
    private const int FontId = 5;
    private const int PaddingId = 6;

    // "[0 " + three 10-digit numbers + "]": wide enough for any offset up to 10 GB.
    private const string ByteRangePlaceholder = "[0 0000000000 0000000000 0000000000]";

    private static readonly Encoding Latin1 = Encoding.Latin1;

    private readonly Stream _pdf;
    private readonly List<int> _fields = [];
    private readonly List<SignedPdfSignature> _signatures = [];
    private long _length;
    private long _lastXref;
    private int _size;

    private SignedPdfBuilder(Stream pdf)
    {
        if (!pdf.CanRead || !pdf.CanWrite || !pdf.CanSeek)
        {
            throw new ArgumentException("The stream must be readable, writable and seekable.", nameof(pdf));
        }

        _pdf = pdf;
    }

    /// <summary>The file's length so far.</summary>
    public long Length => _length;

    /// <summary>The signatures added, in order.</summary>
    public IReadOnlyList<SignedPdfSignature> Signatures => _signatures;

    /// <summary>Writes an unsigned one-page PDF to an empty stream, padded to at least <paramref name="minimumLength"/>.</summary>
    public static SignedPdfBuilder Create(Stream output, long minimumLength = 0, string text = "Minh chung danh gia - tai lieu thu nghiem")
    {
        var builder = new SignedPdfBuilder(output);
        builder.WriteDocument(text, minimumLength);
        return builder;
    }

    /// <summary>An unsigned PDF in memory.</summary>
    public static byte[] BuildUnsigned(long minimumLength = 0)
    {
        using var pdf = new MemoryStream();
        Create(pdf, minimumLength);
        return pdf.ToArray();
    }

    /// <summary>A PDF in memory signed by each signer in turn (null signing time: no signingTime attribute).</summary>
    public static byte[] BuildSigned(IReadOnlyList<(TestCertificate Signer, DateTimeOffset? SigningTime)> signatures, long minimumLength = 0)
    {
        using var pdf = new MemoryStream();
        var builder = Create(pdf, minimumLength);
        foreach (var (signer, signingTime) in signatures)
        {
            builder.Sign(signer, signingTime);
        }

        return pdf.ToArray();
    }

    /// <summary>A PDF in memory with one signature.</summary>
    public static byte[] BuildSigned(TestCertificate signer, DateTimeOffset? signingTime, long minimumLength = 0) =>
        BuildSigned([(signer, signingTime)], minimumLength);

    /// <summary>
    /// Appends an incremental update with a signature field and signs everything before its Contents and after it.
    /// </summary>
    /// <param name="signer">The signer's certificate and key; its issuers go into the CMS too.</param>
    /// <param name="signingTime">The signed signingTime attribute (whole seconds); null leaves it out.</param>
    public SignedPdfSignature Sign(TestCertificate signer, DateTimeOffset? signingTime)
    {
        var sigId = _size;
        var fieldId = _size + 1;
        _fields.Add(fieldId);
        var offsets = new SortedDictionary<int, long>();

        offsets[sigId] = _length;
        Write(Invariant($"{sigId} 0 obj\n<< /Type /Sig /Filter /Adobe.PPKLite /SubFilter /adbe.pkcs7.detached /ByteRange "));
        var byteRangeOffset = _length;
        Write(ByteRangePlaceholder);
        Write(" /Contents ");
        var contentsOffset = _length;
        Write("<" + new string('0', ContentsReserve * 2) + ">");
        var contentsEnd = _length;
        var at = signingTime ?? DateTimeOffset.UtcNow;
        Write(Invariant($" /M (D:{at.UtcDateTime:yyyyMMddHHmmss}Z) /Name ({Ascii(signer.Certificate.SubjectDN.ToString())}) >>\nendobj\n"));

        offsets[fieldId] = _length;
        Write(Invariant($"{fieldId} 0 obj\n<< /Type /Annot /Subtype /Widget /FT /Sig /T (Chu ky {_fields.Count}) /V {sigId} 0 R /F 132 /Rect [0 0 0 0] /P {PageId} 0 R >>\nendobj\n"));

        var fieldRefs = string.Join(' ', _fields.Select(f => Invariant($"{f} 0 R")));
        offsets[CatalogId] = _length;
        Write(Invariant($"{CatalogId} 0 obj\n<< /Type /Catalog /Pages {PagesId} 0 R /AcroForm << /Fields [{fieldRefs}] /SigFlags 3 >> >>\nendobj\n"));
        offsets[PageId] = _length;
        WritePage($" /Annots [{fieldRefs}]");

        _size += 2;
        WriteXrefAndTrailer(offsets, incremental: true);

        var signature = new SignedPdfSignature(0, contentsOffset, contentsEnd, _length - contentsEnd, 0);
        var filled = Invariant($"[0 {signature.Length1} {signature.Start2} {signature.Length2}]").PadRight(ByteRangePlaceholder.Length, ' ');
        WriteAt(byteRangeOffset, Latin1.GetBytes(filled));

        var cms = CreateCms(signer, signingTime, signature);
        if (cms.Length > ContentsReserve)
        {
            throw new InvalidOperationException("The CMS does not fit the Contents placeholder.");
        }

        WriteAt(contentsOffset + 1, Latin1.GetBytes(Convert.ToHexString(cms)));
        _pdf.Position = _length;

        signature = signature with { CmsLength = cms.Length };
        _signatures.Add(signature);
        return signature;
    }

    private void WriteDocument(string text, long minimumLength)
    {
        var offsets = new SortedDictionary<int, long>();
        Write("%PDF-1.7\n");
        // A comment with high bytes marks the file as binary for transfer tools (ISO 32000-1, 7.5.2).
        WriteBytes([(byte)'%', 0xE2, 0xE3, 0xCF, 0xD3, (byte)'\n']);

        offsets[CatalogId] = _length;
        Write(Invariant($"{CatalogId} 0 obj\n<< /Type /Catalog /Pages {PagesId} 0 R >>\nendobj\n"));
        offsets[PagesId] = _length;
        Write(Invariant($"{PagesId} 0 obj\n<< /Type /Pages /Kids [{PageId} 0 R] /Count 1 >>\nendobj\n"));
        offsets[PageId] = _length;
        WritePage(string.Empty);

        var content = Invariant($"BT /F1 14 Tf 72 770 Td ({Ascii(text)}) Tj ET");
        offsets[ContentId] = _length;
        Write(Invariant($"{ContentId} 0 obj\n<< /Length {content.Length} >>\nstream\n{content}\nendstream\nendobj\n"));
        offsets[FontId] = _length;
        Write(Invariant($"{FontId} 0 obj\n<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>\nendobj\n"));
        _size = FontId + 1;

        var padding = minimumLength - _length;
        if (padding > 0)
        {
            // An unreferenced stream object: readers ignore it, and it makes the file as large as a scanned document.
            offsets[PaddingId] = _length;
            Write(Invariant($"{PaddingId} 0 obj\n<< /Length {padding} >>\nstream\n"));
            WritePadding(padding);
            Write("\nendstream\nendobj\n");
            _size = PaddingId + 1;
        }

        WriteXrefAndTrailer(offsets, incremental: false);
    }

    private void WritePage(string extra) =>
        Write(Invariant(
            $"{PageId} 0 obj\n<< /Type /Page /Parent {PagesId} 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 {FontId} 0 R >> >> /Contents {ContentId} 0 R{extra} >>\nendobj\n"));

    private void WriteXrefAndTrailer(SortedDictionary<int, long> offsets, bool incremental)
    {
        var xref = _length;
        var table = new StringBuilder("xref\n0 1\n0000000000 65535 f \n");
        if (!incremental)
        {
            // The first revision lists objects 1..n in one subsection.
            table.Length = 0;
            table.Append(Invariant($"xref\n0 {_size}\n0000000000 65535 f \n"));
            for (var id = 1; id < _size; id++)
            {
                table.Append(Invariant($"{offsets[id]:D10} 00000 n \n"));
            }
        }
        else
        {
            foreach (var (id, offset) in offsets)
            {
                table.Append(Invariant($"{id} 1\n{offset:D10} 00000 n \n"));
            }
        }

        var prev = incremental ? Invariant($" /Prev {_lastXref}") : string.Empty;
        table.Append(Invariant($"trailer\n<< /Size {_size} /Root {CatalogId} 0 R{prev} >>\nstartxref\n{xref}\n%%EOF\n"));
        Write(table.ToString());
        _lastXref = xref;
    }

    private byte[] CreateCms(TestCertificate signer, DateTimeOffset? signingTime, SignedPdfSignature ranges)
    {
        var attributes = new Asn1EncodableVector();
        if (signingTime is { } time)
        {
            attributes.Add(new Attribute(CmsAttributes.SigningTime, new DerSet(new Time(time.UtcDateTime))));
        }

        CmsAttributeTableGenerator signedAttributes = new DefaultSignedAttributeTableGenerator(new AttributeTable(attributes));
        if (signingTime is null)
        {
            signedAttributes = new WithoutSigningTime(signedAttributes);
        }

        var signerInfo = new SignerInfoGeneratorBuilder()
            .WithSignedAttributeGenerator(signedAttributes)
            .Build(new Asn1SignatureFactory("SHA256WITHECDSA", signer.PrivateKey), signer.Certificate);
        var generator = new CmsSignedDataGenerator();
        generator.AddSignerInfoGenerator(signerInfo);
        generator.AddCertificates(CollectionUtilities.CreateStore<X509Certificate>([signer.Certificate, .. signer.Issuers]));

        var signed = generator.Generate(new SignedRanges(_pdf, ranges), encapsulate: false);
        _pdf.Position = _length;
        return signed.GetEncoded(Asn1Encodable.Der);
    }

    private void WritePadding(long count)
    {
        var block = new byte[64 * 1024];
        var line = "Du lieu dem de tep co kich thuoc lon nhu ban quet tai lieu 0123456789\n"u8;
        for (var i = 0; i < block.Length; i++)
        {
            block[i] = line[i % line.Length];
        }

        while (count > 0)
        {
            var n = (int)Math.Min(count, block.Length);
            WriteBytes(block.AsSpan(0, n));
            count -= n;
        }
    }

    private void WriteAt(long offset, byte[] bytes)
    {
        _pdf.Position = offset;
        _pdf.Write(bytes);
    }

    private void Write(string text) => WriteBytes(Latin1.GetBytes(text));

    private void WriteBytes(ReadOnlySpan<byte> bytes)
    {
        _pdf.Position = _length;
        _pdf.Write(bytes);
        _length += bytes.Length;
    }

    private static string Invariant(FormattableString text) => FormattableString.Invariant(text);

    /// <summary>Text safe inside a PDF literal string written as Latin-1: ASCII without the delimiters.</summary>
    private static string Ascii(string text)
    {
        var builder = new StringBuilder(text.Length);
        foreach (var c in text.Normalize(NormalizationForm.FormD))
        {
            if (c is >= ' ' and <= '~' and not ('(' or ')' or '\\'))
            {
                builder.Append(c);
            }
            else if (c == 'đ' || c == 'Đ')
            {
                builder.Append(c == 'đ' ? 'd' : 'D');
            }
        }

        return builder.ToString();
    }

    /// <summary>The two signed ranges of the file, read from the stream when the CMS generator asks for them.</summary>
    private sealed class SignedRanges(Stream pdf, SignedPdfSignature ranges) : CmsTypedData
    {
        public DerObjectIdentifier ContentType => CmsObjectIdentifiers.Data;

        public void Write(Stream outStream)
        {
            Copy(ranges.Start1, ranges.Length1, outStream);
            Copy(ranges.Start2, ranges.Length2, outStream);
        }

        private void Copy(long offset, long count, Stream output)
        {
            var buffer = new byte[81920];
            pdf.Position = offset;
            while (count > 0)
            {
                var n = pdf.Read(buffer, 0, (int)Math.Min(buffer.Length, count));
                if (n == 0)
                {
                    throw new EndOfStreamException("The PDF ended inside a signed range.");
                }

                output.Write(buffer, 0, n);
                count -= n;
            }
        }
    }

    /// <summary>The default signed attributes without signingTime, for signatures that state no time.</summary>
    private sealed class WithoutSigningTime(CmsAttributeTableGenerator inner) : CmsAttributeTableGenerator
    {
        public AttributeTable GetAttributes(IDictionary<CmsAttributeTableParameter, object> parameters) =>
            inner.GetAttributes(parameters).Remove(CmsAttributes.SigningTime);
    }
}
