using System.Buffers;
using System.Globalization;
using Evaluation.Domain.Calendar;
using Org.BouncyCastle.Asn1;
using Org.BouncyCastle.Asn1.Cms;
using Org.BouncyCastle.Asn1.Pkcs;
using Org.BouncyCastle.Asn1.X509;
using Org.BouncyCastle.Cms;
using Org.BouncyCastle.Pkix;
using Org.BouncyCastle.Utilities.Collections;
using Org.BouncyCastle.X509.Store;
using X509Certificate = Org.BouncyCastle.X509.X509Certificate;

namespace Evaluation.Infrastructure.Evidence;

/// <summary>
/// Checks the digital signatures of a PDF: for each <c>/ByteRange</c>, the CMS SignedData in the gap must
/// verify over the two signed ranges (messageDigest and signature), and the signer's certificate must chain to a
/// configured trusted root and be valid at the signing time. The signed bytes are streamed through BouncyCastle's
/// digests from <c>openRange</c>, never held whole; only the Contents gap (at most 1 MB) is read into memory.
/// </summary>
/// <remarks>
/// <para>Status per signature:</para>
/// <list type="bullet">
/// <item>Invalid: bad byte range, unreadable Contents/CMS, no signer certificate in the CMS, messageDigest mismatch
/// (content changed) or a signature that does not verify.</item>
/// <item>Untrusted: intact, but no path to a trusted root, or the signer's certificate (or a CA certificate on its
/// path) was not valid at the signing time. Expiry is "untrusted", not "invalid": the bytes are as signed, but the
/// certificate could not vouch for the signer at that moment.</item>
/// <item>Valid otherwise.</item>
/// </list>
/// <para>The signing time is the signed <c>signingTime</c> attribute, as the signer's software stated it. When it is
/// absent, <see cref="SignerResult.SignedAt"/> is null and the certificates are checked at the current time instead
/// (the stricter choice: an expired certificate without a stated signing time is untrusted).</para>
/// <para>Revocation (CRL/OCSP) is not checked: that needs live calls to each authority's CRL/OCSP service, which an
/// upload must not depend on (and there is no network where the tests run); asks for integrity, the chain and
/// validity at the signing time.</para>
/// </remarks>
/// <param name="roots">The configured trusted roots.</param>
/// <param name="clock">"Now" for signatures without a signing time; the system clock when not given.</param>
public sealed class PdfSignatureVerifier(TrustedRoots roots, TimeProvider? clock = null)
{
    /// <summary>Largest Contents gap read (the CMS hex string with its delimiters).</summary>
    public const int MaxGapBytes = 1024 * 1024;

    private const int BufferSize = 81920;

    // Certificates above the signer followed when explaining an expiry; real chains are 2-4 long.
    private const int MaxChainDepth = 8;

    private readonly TimeProvider _clock = clock ?? TimeProvider.System;

    /// <summary>Verifies every signature of a file whose byte ranges were found by <see cref="PdfSignatureScanner"/>.</summary>
    /// <param name="ranges">The <c>/ByteRange</c> arrays found in the file.</param>
    /// <param name="fileLength">The file's length in bytes.</param>
    /// <param name="openRange">Opens a stream over <c>length</c> bytes of the file from <c>offset</c>.</param>
    public async Task<SignatureCheckResult> VerifyAsync(
        IReadOnlyList<PdfByteRange> ranges,
        long fileLength,
        Func<long, long, CancellationToken, Task<Stream>> openRange,
        CancellationToken cancellationToken)
    {
        if (ranges.Count == 0)
        {
            return SignatureCheckResult.Unsigned;
        }

        var signers = new List<SignerResult>();
        foreach (var range in ranges)
        {
            cancellationToken.ThrowIfCancellationRequested();
            signers.AddRange(await VerifyRangeAsync(range, fileLength, openRange, cancellationToken));
        }

        return SignatureCheckResult.From(signers);
    }

    /// <summary>
    /// Verifies what a scanner found; a file with more signatures than the scanner records is invalid, because the
    /// signatures beyond the limit were never checked.
    /// </summary>
    public async Task<SignatureCheckResult> VerifyAsync(
        PdfSignatureScanner scanner,
        Func<long, long, CancellationToken, Task<Stream>> openRange,
        CancellationToken cancellationToken)
    {
        var result = await VerifyAsync(scanner.ByteRanges, scanner.Length, openRange, cancellationToken);
        if (!scanner.LimitReached)
        {
            return result;
        }

        return SignatureCheckResult.From([.. result.Signers, Broken(SignatureProblems.TooManySignatures)]);
    }

    /// <summary>Scans and verifies a whole seekable PDF (tests, tools); reads it in chunks, never whole.</summary>
    public async Task<SignatureCheckResult> VerifyAsync(Stream seekablePdf, CancellationToken cancellationToken)
    {
        if (!seekablePdf.CanRead || !seekablePdf.CanSeek)
        {
            throw new ArgumentException("The stream must be readable and seekable.", nameof(seekablePdf));
        }

        var scanner = new PdfSignatureScanner();
        seekablePdf.Position = 0;
        var buffer = ArrayPool<byte>.Shared.Rent(BufferSize);
        try
        {
            int read;
            while ((read = await seekablePdf.ReadAsync(buffer.AsMemory(0, BufferSize), cancellationToken)) > 0)
            {
                scanner.Append(buffer.AsSpan(0, read));
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }

        return await VerifyAsync(
            scanner,
            (offset, length, _) => Task.FromResult<Stream>(new WindowStream(seekablePdf, offset, length)),
            cancellationToken);
    }

    private async Task<IReadOnlyList<SignerResult>> VerifyRangeAsync(
        PdfByteRange range,
        long fileLength,
        Func<long, long, CancellationToken, Task<Stream>> openRange,
        CancellationToken cancellationToken)
    {
        if (!IsSane(range, fileLength))
        {
            return [Broken(SignatureProblems.BadByteRange)];
        }

        var cms = await ReadContentsAsync(range, openRange, cancellationToken);
        if (cms is null)
        {
            return [Broken(SignatureProblems.Unreadable)];
        }

        var first = await openRange(range.Start1, range.Length1, cancellationToken);
        Stream second;
        try
        {
            second = await openRange(range.Start2, range.Length2, cancellationToken);
        }
        catch
        {
            await first.DisposeAsync();
            throw;
        }

        using var content = new ConcatenatedStream(first, range.Length1, second, range.Length2);

        CmsSignedDataParser parser;
        try
        {
            parser = new CmsSignedDataParser(new CmsTypedStream(PkcsObjectIdentifiers.Data, content, BufferSize), cms);
        }
        catch (Exception ex) when (IsMalformedCms(ex))
        {
            return [Broken(SignatureProblems.Unreadable)];
        }

        // Streams the signed bytes through the parser's digests. Errors here come from storage, not from the file's
        // content, so they propagate instead of becoming a verdict.
        await DrainAsync(parser.GetSignedContent().ContentStream, cancellationToken);

        try
        {
            var certificates = parser.GetCertificates();
            var signerInfos = parser.GetSignerInfos().GetSigners();
            if (signerInfos.Count == 0)
            {
                return [Broken(SignatureProblems.Unreadable)];
            }

            return signerInfos.Select(s => VerifySigner(s, certificates)).ToList();
        }
        catch (Exception ex) when (IsMalformedCms(ex))
        {
            return [Broken(SignatureProblems.Unreadable)];
        }
    }

    private SignerResult VerifySigner(SignerInformation signer, IStore<X509Certificate> certificates)
    {
        var signedAt = ReadSigningTime(signer);
        var certificate = certificates.EnumerateMatches(signer.SignerID).FirstOrDefault();
        if (certificate is null)
        {
            return new SignerResult(string.Empty, signedAt, SignatureStatus.Invalid, SignatureProblems.NoCertificate);
        }

        var subject = SubjectName(certificate);
        bool intact;
        try
        {
            // The public-key overload: validity at the signing time is judged below, with its own explanation.
            intact = signer.Verify(certificate.GetPublicKey());
        }
        catch (Exception ex) when (IsMalformedCms(ex))
        {
            intact = false;
        }

        if (!intact)
        {
            var problem = ContentDigestDiffers(signer) ? SignatureProblems.Tampered : SignatureProblems.BadSignature;
            return new SignerResult(subject, signedAt, SignatureStatus.Invalid, problem);
        }

        var checkAt = signedAt ?? _clock.GetUtcNow();
        if (ChainsToTrustedRoot(certificate, certificates, checkAt))
        {
            return new SignerResult(subject, signedAt, SignatureStatus.Valid, null);
        }

        var notValid = FirstNotValidOnPath(certificate, certificates, checkAt);
        var why = notValid is null
            ? SignatureProblems.NotTrusted
            : SignatureProblems.NotValidAt(SubjectName(notValid), notValid.NotBefore, notValid.NotAfter, signedAt is null);
        return new SignerResult(subject, signedAt, SignatureStatus.Untrusted, why);
    }

    private bool ChainsToTrustedRoot(X509Certificate certificate, IStore<X509Certificate> certificates, DateTimeOffset at)
    {
        if (roots.Anchors.Count == 0)
        {
            return false;
        }

        var parameters = new PkixBuilderParameters(roots.Anchors, new X509CertStoreSelector { Certificate = certificate })
        {
            // CRL/OCSP would need live calls to the authorities (see the class remarks).
            IsRevocationEnabled = false,
            // Every certificate on the path must be valid at this instant (PKIX validity model).
            Date = at.UtcDateTime,
        };
        parameters.AddStoreCert(certificates);

        try
        {
            // A new builder each time: it keeps the last failure in a field.
            new PkixCertPathBuilder().Build(parameters);
            return true;
        }
        catch (PkixCertPathBuilderException)
        {
            return false;
        }
    }

    /// <summary>
    /// Explains a failed path: the first certificate, from the signer up towards a trusted root, that was not valid
    /// at the instant; null when all were (then the chain simply does not reach a trusted root).
    /// </summary>
    private X509Certificate? FirstNotValidOnPath(X509Certificate signer, IStore<X509Certificate> certificates, DateTimeOffset at)
    {
        var pool = certificates.EnumerateMatches(null).Concat(roots.Certificates).ToList();
        var instant = at.UtcDateTime;
        var current = signer;
        for (var depth = 0; depth < MaxChainDepth; depth++)
        {
            // PKIX does not check a trust anchor's own validity, so neither does the explanation.
            if (roots.Certificates.Contains(current))
            {
                return null;
            }

            if (!current.IsValid(instant))
            {
                return current;
            }

            var issuerName = current.IssuerDN;
            if (current.SubjectDN.Equivalent(issuerName))
            {
                return null;
            }

            var issuer = pool.FirstOrDefault(c => c.SubjectDN.Equivalent(issuerName) && !c.Equals(current));
            if (issuer is null)
            {
                return null;
            }

            current = issuer;
        }

        return null;
    }

    private static bool IsSane(PdfByteRange range, long fileLength) =>
        range.Start1 == 0
        && range.Length1 > 0
        && range.Length2 > 0
        && range.GapLength >= 2
        && range.GapLength <= MaxGapBytes
        && range.End <= fileLength;

    /// <summary>The DER CMS from the Contents gap, or null when the gap is not a hex string holding one.</summary>
    private static async Task<byte[]?> ReadContentsAsync(
        PdfByteRange range,
        Func<long, long, CancellationToken, Task<Stream>> openRange,
        CancellationToken cancellationToken)
    {
        var gap = new byte[range.GapLength];
        var stream = await openRange(range.GapOffset, range.GapLength, cancellationToken);
        await using (stream)
        {
            await stream.ReadExactlyAsync(gap, cancellationToken);
        }

        var bytes = DecodeHexString(gap);
        if (bytes is null)
        {
            return null;
        }

        // Signers reserve room and pad the hex with zeros; anything else after the CMS object means the Contents were
        // altered, even though those bytes are outside what the CMS signs.
        int used;
        try
        {
            using var memory = new MemoryStream(bytes, writable: false);
            using var asn1 = new Asn1InputStream(memory, bytes.Length);
            if (asn1.ReadObject() is null)
            {
                return null;
            }

            used = checked((int)memory.Position);
        }
        catch (Exception ex) when (IsMalformedCms(ex))
        {
            return null;
        }

        return bytes.AsSpan(used).ContainsAnyExcept((byte)0) ? null : bytes[..used];
    }

    /// <summary>Decodes a PDF hex string <c>&lt;…&gt;</c> (white space ignored, a final odd digit followed by 0).</summary>
    private static byte[]? DecodeHexString(ReadOnlySpan<byte> gap)
    {
        if (gap.Length < 2 || gap[0] != (byte)'<' || gap[^1] != (byte)'>')
        {
            return null;
        }

        var hex = gap[1..^1];
        var result = new byte[(hex.Length + 1) / 2];
        var count = 0;
        var high = -1;
        foreach (var b in hex)
        {
            if (b is 0 or 9 or 10 or 12 or 13 or 32)
            {
                continue;
            }

            var nibble = HexValue(b);
            if (nibble < 0)
            {
                return null;
            }

            if (high < 0)
            {
                high = nibble;
            }
            else
            {
                result[count++] = (byte)((high << 4) | nibble);
                high = -1;
            }
        }

        if (high >= 0)
        {
            result[count++] = (byte)(high << 4);
        }

        return count == 0 ? null : result[..count];
    }

    private static int HexValue(byte b) => b switch
    {
        >= (byte)'0' and <= (byte)'9' => b - '0',
        >= (byte)'a' and <= (byte)'f' => b - 'a' + 10,
        >= (byte)'A' and <= (byte)'F' => b - 'A' + 10,
        _ => -1,
    };

    private static async Task DrainAsync(Stream stream, CancellationToken cancellationToken)
    {
        var buffer = ArrayPool<byte>.Shared.Rent(BufferSize);
        try
        {
            while (await stream.ReadAsync(buffer.AsMemory(0, BufferSize), cancellationToken) > 0)
            {
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>The signed signingTime attribute as an instant; null when absent or unreadable.</summary>
    private static DateTimeOffset? ReadSigningTime(SignerInformation signer)
    {
        try
        {
            var attribute = signer.SignedAttributes?[CmsAttributes.SigningTime];
            if (attribute is null || attribute.AttrValues.Count != 1)
            {
                return null;
            }

            var time = Org.BouncyCastle.Asn1.Cms.Time.GetInstance(attribute.AttrValues[0]).ToDateTime();
            var utc = time.Kind == DateTimeKind.Local ? time.ToUniversalTime() : DateTime.SpecifyKind(time, DateTimeKind.Utc);
            return new DateTimeOffset(utc, TimeSpan.Zero);
        }
        catch (Exception ex) when (IsMalformedCms(ex))
        {
            // A malformed attribute also fails the signature check, which gives the verdict; here it is only "unknown".
            return null;
        }
    }

    /// <summary>Whether a failed verification computed a content digest different from the signed messageDigest.</summary>
    private static bool ContentDigestDiffers(SignerInformation signer)
    {
        try
        {
            var attribute = signer.SignedAttributes?[CmsAttributes.MessageDigest];
            if (attribute is null || attribute.AttrValues.Count != 1
                || attribute.AttrValues[0] is not Asn1OctetString signedDigest)
            {
                return false;
            }

            return !signer.GetContentDigest().AsSpan().SequenceEqual(signedDigest.GetOctets());
        }
        catch (Exception ex) when (IsMalformedCms(ex))
        {
            return false;
        }
    }

    /// <summary>The CN when the subject has one, else the whole subject.</summary>
    private static string SubjectName(X509Certificate certificate)
    {
        var commonName = certificate.SubjectDN.GetValueList(X509Name.CN).FirstOrDefault(v => !string.IsNullOrWhiteSpace(v));
        return commonName ?? certificate.SubjectDN.ToString();
    }

    private static SignerResult Broken(string problem) => new(string.Empty, null, SignatureStatus.Invalid, problem);

    /// <summary>
    /// Failures of parsing or checking in-memory CMS bytes. BouncyCastle reports hostile input through many exception
    /// types (IOException, CmsException, ArgumentException, InvalidCastException, …); all of them mean the signature
    /// cannot be read, which is a verdict (Invalid), not an error. Cancellation and out-of-memory still propagate.
    /// </summary>
    private static bool IsMalformedCms(Exception ex) => ex is not (OperationCanceledException or OutOfMemoryException);

    /// <summary>The Vietnamese explanations shown with a signature that is not valid.</summary>
    private static class SignatureProblems
    {
        public const string BadByteRange = "Vùng dữ liệu được ký (ByteRange) không hợp lệ";
        public const string Unreadable = "Không đọc được dữ liệu chữ ký số (chữ ký bị hỏng hoặc bị sửa đổi)";
        public const string Tampered = "Nội dung tệp đã bị thay đổi sau khi ký";
        public const string BadSignature = "Giá trị chữ ký số không khớp với chứng thư số (chữ ký bị hỏng hoặc bị sửa đổi)";
        public const string NoCertificate = "Chữ ký số không kèm chứng thư số của người ký";
        public const string NotTrusted = "Chứng thư số không thuộc tổ chức cung cấp dịch vụ chứng thực được tin cậy";

        public static readonly string TooManySignatures = string.Create(
            CultureInfo.InvariantCulture,
            $"Tệp có hơn {PdfSignatureScanner.MaxSignatures} chữ ký số; không kiểm tra hết được");

        public static string NotValidAt(string name, DateTime notBefore, DateTime notAfter, bool atCheckTime)
        {
            var when = atCheckTime ? "thời điểm kiểm tra (chữ ký không ghi thời điểm ký)" : "thời điểm ký";
            return string.Create(
                CultureInfo.InvariantCulture,
                $"Chứng thư số hết hạn hoặc chưa có hiệu lực tại {when}: \"{name}\", hiệu lực từ {Format(notBefore)} đến {Format(notAfter)}");
        }

        private static string Format(DateTime utc) =>
            ProvinceTime.Format(new DateTimeOffset(DateTime.SpecifyKind(utc, DateTimeKind.Utc)));
    }

    /// <summary>The two signed ranges read one after the other, each cut at its expected length.</summary>
    private sealed class ConcatenatedStream(Stream first, long firstLength, Stream second, long secondLength) : Stream
    {
        private long _position;

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => firstLength + secondLength;

        public override long Position
        {
            get => _position;
            set => throw new NotSupportedException();
        }

        public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

        public override int Read(Span<byte> buffer)
        {
            if (!NextPart(out var part, out var remaining) || buffer.IsEmpty)
            {
                return 0;
            }

            var read = part.Read(buffer[..(int)Math.Min(buffer.Length, remaining)]);
            return Advance(read);
        }

        public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
        {
            if (!NextPart(out var part, out var remaining) || buffer.IsEmpty)
            {
                return 0;
            }

            var read = await part.ReadAsync(buffer[..(int)Math.Min(buffer.Length, remaining)], cancellationToken);
            return Advance(read);
        }

        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                first.Dispose();
                second.Dispose();
            }

            base.Dispose(disposing);
        }

        private bool NextPart(out Stream part, out long remaining)
        {
            if (_position < firstLength)
            {
                part = first;
                remaining = firstLength - _position;
                return true;
            }

            part = second;
            remaining = Length - _position;
            return remaining > 0;
        }

        private int Advance(int read)
        {
            // The ranges were checked against the file's length, so a short range means storage changed under us.
            if (read == 0)
            {
                throw new EndOfStreamException("A signed byte range ended before its declared length.");
            }

            _position += read;
            return read;
        }
    }

    /// <summary>A read-only window of a seekable stream; seeks before each read so several windows can share it.</summary>
    private sealed class WindowStream(Stream inner, long start, long length) : Stream
    {
        private long _position;

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => length;

        public override long Position
        {
            get => _position;
            set => throw new NotSupportedException();
        }

        public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

        public override int Read(Span<byte> buffer)
        {
            var remaining = length - _position;
            if (remaining <= 0 || buffer.IsEmpty)
            {
                return 0;
            }

            inner.Position = start + _position;
            var read = inner.Read(buffer[..(int)Math.Min(buffer.Length, remaining)]);
            _position += read;
            return read;
        }

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
