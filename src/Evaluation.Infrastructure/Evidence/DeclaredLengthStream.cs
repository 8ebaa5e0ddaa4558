namespace Evaluation.Infrastructure.Evidence;

/// <summary>
/// A request part of a declared length, read forward only, that the storage SDK can send as a single Put Blob
/// (it needs a length up front, and a seekable-looking stream to read it from). Every byte passes
/// <paramref name="observe"/> (hash, signature scan) on its way. The part must be exactly as long as declared: the
/// last bytes are released only after the part is known to end there, so a longer or shorter part fails the
/// request and the blob is never created.
/// </summary>
internal sealed class DeclaredLengthStream(ReadOnlyMemory<byte> head, Stream rest, long declaredLength, Action<ReadOnlySpan<byte>> observe) : Stream
{
    private long _position;

    public override bool CanRead => true;

    // Seekable only in name: the SDK asks for Length and Position; it never needs to go back on the first attempt.
    public override bool CanSeek => true;

    public override bool CanWrite => false;

    public override long Length => declaredLength;

    public override long Position
    {
        get => _position;
        set => Seek(value, SeekOrigin.Begin);
    }

    public override long Seek(long offset, SeekOrigin origin)
    {
        var target = origin switch
        {
            SeekOrigin.Begin => offset,
            SeekOrigin.Current => _position + offset,
            _ => declaredLength + offset,
        };
        return target == _position ? _position : throw new NotSupportedException("An upload in progress cannot be rewound.");
    }

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        var wanted = (int)Math.Min(buffer.Length, declaredLength - _position);
        if (wanted == 0)
        {
            return 0;
        }

        int read;
        if (_position < head.Length)
        {
            read = Math.Min(wanted, head.Length - (int)_position);
            head.Span.Slice((int)_position, read).CopyTo(buffer.Span);
        }
        else
        {
            read = await ReadRestAsync(buffer[..wanted], cancellationToken);
            if (read == 0)
            {
                throw new EvidenceRejectedException(EvidenceRejection.LengthMismatch,
                    $"Tệp ngắn hơn kích thước đã khai báo ({_position:N0} thay vì {declaredLength:N0} byte); tệp tải lên có thể bị gián đoạn. Vui lòng tải lại.");
            }
        }

        if (_position + read == declaredLength && await ReadRestAsync(new byte[1], cancellationToken) > 0)
        {
            throw new EvidenceRejectedException(EvidenceRejection.LengthMismatch,
                $"Tệp dài hơn kích thước đã khai báo ({declaredLength:N0} byte). Vui lòng tải lại.");
        }

        observe(buffer.Span[..read]);
        _position += read;
        return read;
    }

    /// <summary>
    /// Reads the request part. A broken-off or malformed body surfaces here inside the storage SDK's send, which
    /// would report it as a storage failure; it is the client's, so it becomes a refusal of the upload.
    /// </summary>
    private async ValueTask<int> ReadRestAsync(Memory<byte> buffer, CancellationToken cancellationToken)
    {
        try
        {
            return await rest.ReadAsync(buffer, cancellationToken);
        }
        catch (Exception ex) when (ex is IOException or InvalidDataException && !cancellationToken.IsCancellationRequested)
        {
            throw new EvidenceRejectedException(EvidenceRejection.Interrupted,
                "Tệp tải lên bị gián đoạn hoặc nội dung gửi lên không đúng định dạng multipart. Vui lòng tải lại tệp.", ex);
        }
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override int Read(byte[] buffer, int offset, int count) =>
        throw new NotSupportedException("Evidence uploads are read asynchronously.");

    public override void Flush()
    {
    }

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
}
