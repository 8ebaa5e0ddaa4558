namespace Evaluation.LoadTests;

/// <summary>
/// A read-only PDF-looking stream of an exact length, made on the fly: <c>%PDF-1.4</c>, filler bytes, <c>%%EOF</c>.
/// Fifty concurrent 20 MB uploads must not cost the client 1 GB, or the client would compete with the host it
/// measures. It is seekable with a known length so HttpClient sends a Content-Length (the API refuses an oversized
/// body before reading it) and the Azure SDK uploads it without buffering a copy.
/// </summary>
public sealed class GeneratedPdfStream : Stream
{
    private static readonly byte[] Header = "%PDF-1.4\n"u8.ToArray();
    private static readonly byte[] Trailer = "\n%%EOF\n"u8.ToArray();

    /// <summary>
    /// 64 KiB of fixed pseudo-random bytes, repeated: incompressible like a scanned document. No '/' in it, so the
    /// host's signature scanner never meets a "/ByteRange" by chance and every file is a plain unsigned PDF.
    /// </summary>
    private static readonly byte[] Filler = CreateFiller();

    private readonly long _length;
    private long _position;

    public GeneratedPdfStream(long length)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(length, Header.Length + Trailer.Length);
        _length = length;
    }

    public override bool CanRead => true;

    public override bool CanSeek => true;

    public override bool CanWrite => false;

    public override long Length => _length;

    public override long Position
    {
        get => _position;
        set => _position = value is >= 0 ? value : throw new ArgumentOutOfRangeException(nameof(value));
    }

    public override int Read(Span<byte> buffer)
    {
        var count = (int)Math.Clamp(_length - _position, 0, buffer.Length);
        var trailerStart = _length - Trailer.Length;
        var written = 0;
        while (written < count)
        {
            var at = _position + written;
            ReadOnlySpan<byte> source;
            if (at < Header.Length)
            {
                source = Header.AsSpan((int)at);
            }
            else if (at >= trailerStart)
            {
                source = Trailer.AsSpan((int)(at - trailerStart));
            }
            else
            {
                var offset = (int)(at % Filler.Length);
                source = Filler.AsSpan(offset, (int)Math.Min(Filler.Length - offset, trailerStart - at));
            }

            var take = Math.Min(source.Length, count - written);
            source[..take].CopyTo(buffer[written..]);
            written += take;
        }

        _position += written;
        return written;
    }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
        cancellationToken.IsCancellationRequested ? ValueTask.FromCanceled<int>(cancellationToken) : ValueTask.FromResult(Read(buffer.Span));

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override long Seek(long offset, SeekOrigin origin) => Position = origin switch
    {
        SeekOrigin.Begin => offset,
        SeekOrigin.Current => _position + offset,
        _ => _length + offset,
    };

    public override void Flush()
    {
    }

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    private static byte[] CreateFiller()
    {
        var bytes = new byte[64 * 1024];
        new Random(20_250_101).NextBytes(bytes);
        for (var i = 0; i < bytes.Length; i++)
        {
            if (bytes[i] == (byte)'/')
            {
                bytes[i] = (byte)'.';
            }
        }

        return bytes;
    }
}
