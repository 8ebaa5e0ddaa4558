using System.Collections.Concurrent;
using Microsoft.Extensions.Options;

namespace Evaluation.Infrastructure.Evidence;

/// <summary>
/// The memory every evidence upload in this process shares: block buffers of <see cref="BlockSize"/>, at most
/// <see cref="EvidenceOptions.UploadBufferMegabytes"/> in all, reused rather than left to the garbage collector.
/// One upload alone gets large blocks and staging in parallel (fast); fifty at once wait their turn for a buffer
/// instead of growing the host's memory with every request. An upload waits only while it holds no buffer or
/// while the buffers it holds are being staged, so the waits always end.
/// </summary>
public sealed class UploadBufferPool : IDisposable
{
    /// <summary>Block size of a staged upload: few enough requests per file for the storage service to keep up.</summary>
    public const int BlockSize = 4 * 1024 * 1024;

    private readonly ConcurrentBag<byte[]> _free = [];
    private readonly SemaphoreSlim _permits;

    public UploadBufferPool(IOptions<EvidenceOptions> options)
    {
        Capacity = Math.Max(2, options.Value.UploadBufferMegabytes * 1024 * 1024 / BlockSize);
        _permits = new SemaphoreSlim(Capacity, Capacity);
    }

    /// <summary>How many buffers may exist at once.</summary>
    public int Capacity { get; }

    public async Task<byte[]> RentAsync(CancellationToken cancellationToken)
    {
        await _permits.WaitAsync(cancellationToken);
        return _free.TryTake(out var buffer) ? buffer : GC.AllocateUninitializedArray<byte>(BlockSize);
    }

    public void Return(byte[] buffer)
    {
        _free.Add(buffer);
        _permits.Release();
    }

    public void Dispose() => _permits.Dispose();
}
