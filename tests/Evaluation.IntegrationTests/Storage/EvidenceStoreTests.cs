using System.Security.Cryptography;
using Evaluation.Infrastructure.Evidence;
using Evaluation.Infrastructure.Storage;
using Evaluation.IntegrationTests.Infrastructure;
using Microsoft.Extensions.Options;

namespace Evaluation.IntegrationTests.Storage;

/// <summary>
/// The evidence store against Azurite, with the shared block buffers squeezed: many uploads at once must all finish
/// (none may wait for a buffer that another waiting upload holds) and every file must arrive unchanged.
/// </summary>
public sealed class EvidenceStoreTests : IAsyncLifetime
{
    private StorageClients _clients = null!;
    private StorageNames _names = null!;

    public async Task InitializeAsync()
    {
        await TestStorage.EnsureReachableAsync();
        _clients = TestStorage.Clients(TestStorage.NewPrefix("e"), out _names);
    }

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    [Trait("Requirement", "R-2.3")]
    public async Task Concurrent_block_uploads_share_two_buffers_and_all_arrive_unchanged()
    {
        // Two buffers in all, six uploads of three blocks each: only a pool that frees a buffer as soon as its block
        // has arrived lets them all through.
        var options = Options.Create(new EvidenceOptions { UploadBufferMegabytes = 8 });
        using var pool = new UploadBufferPool(options);
        using var store = new EvidenceStore(_clients, _names, options, new PdfSignatureVerifier(TrustedRoots.FromDer()), pool);
        var files = Enumerable.Range(0, 6).Select(_ => Evaluation.IntegrationTests.Assessments.AssessmentApiTests.PaddedPdf((2 * UploadBufferPool.BlockSize) + 1000)).ToList();

        var uploads = files.Select((content, i) => store.UploadAsync($"t/{i}", new NonSeekable(content), null, new Dictionary<string, string>(), CancellationToken.None));
        var stored = await Task.WhenAll(uploads).WaitAsync(TimeSpan.FromSeconds(90));

        Assert.Equal(2, pool.Capacity);
        var container = await _clients.ContainerAsync(_names.EvidenceBlobs);
        for (var i = 0; i < files.Count; i++)
        {
            Assert.Equal(files[i].Length, stored[i].Size);
            Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(files[i])), stored[i].Sha256);
            var content = (await container.GetBlobClient($"t/{i}").DownloadContentAsync()).Value.Content.ToArray();
            Assert.Equal(files[i], content);
        }
    }

    /// <summary>A request body: read forward, in pieces of whatever size the network delivers.</summary>
    private sealed class NonSeekable(byte[] content) : Stream
    {
        private int _position;

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
        {
            await Task.Yield();
            var count = Math.Min(Math.Min(buffer.Length, 64 * 1024), content.Length - _position);
            content.AsMemory(_position, count).CopyTo(buffer);
            _position += count;
            return count;
        }

        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
