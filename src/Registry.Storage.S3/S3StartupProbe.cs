using Microsoft.Extensions.Hosting;

namespace Registry.Storage.S3;

/// <summary>
/// Writes a small object the way blobs are written and reads it back when the host starts: a store that answers with
/// other bytes (one that keeps <c>aws-chunked</c> framing) or cannot be reached stops the host with a message naming
/// the setting, instead of corrupting every package published later.
/// </summary>
internal sealed class S3StartupProbe(S3BlobStore store) : IHostedService
{
    private const string ProbePrefix = "tmp/probe-";

    /// <inheritdoc />
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var key = ProbePrefix + Guid.NewGuid().ToString("N");
        var written = new byte[4096];
        System.Security.Cryptography.RandomNumberGenerator.Fill(written);
        try
        {
            using (var body = new MemoryStream(written, writable: false))
            {
                await store.PutObjectAsync(key, body, ifNoneMatch: null, cancellationToken).ConfigureAwait(false);
            }

            using var response = await store.GetObjectAsync(key, 0, written.Length, cancellationToken).ConfigureAwait(false);
            using var read = new MemoryStream();
            await response.ResponseStream.CopyToAsync(read, cancellationToken).ConfigureAwait(false);
            if (!read.ToArray().AsSpan().SequenceEqual(written))
            {
                throw new InvalidOperationException(store.MismatchMessage("A start-up probe object", written.Length, read.Length));
            }
        }
        finally
        {
            try
            {
                await store.DeleteObjectAsync(key, CancellationToken.None).ConfigureAwait(false);
            }
            catch (Amazon.Runtime.AmazonServiceException)
            {
                // Left in tmp/, which the README's lifecycle rule clears; the probe's verdict is what matters.
            }
        }
    }

    /// <inheritdoc />
    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
