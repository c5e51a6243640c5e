using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.DependencyInjection;
using Registry.Core;
using Registry.Core.Packages;
using Registry.Core.Reading;
using Registry.Core.Security;

namespace Registry.Formats.Protocol;

/// <summary>
/// Rendered metadata documents (packuments, NuGet indexes), kept per package and served while the catalog's
/// fingerprint of that package (<see cref="Core.Storage.IPackageStore.FindVersionsFingerprintOrNullAsync"/>) is
/// unchanged. Every request asks the database for the fingerprint, so a publish on any host sharing the database is
/// seen by the next request on every host; nothing is served from a timer. The ETag derives from the fingerprint, so a
/// client revalidating an unchanged document gets 304 without the document being rendered or even looked up.
/// </summary>
internal sealed class DocumentCache(RegistryMetrics metrics) : IDisposable
{
    /// <summary>The most rendered bytes kept; the least recently used documents go first.</summary>
    internal const long SizeLimitBytes = 64L * 1024 * 1024;

    private readonly MemoryCache _documents = new(new MemoryCacheOptions { SizeLimit = SizeLimitBytes });

    /// <summary>
    /// Answers with the document named <paramref name="key"/> (which must name everything the bytes depend on: format,
    /// variant, base URL, projects, package) as of <paramref name="fingerprint"/>: 304 when the client has it, the
    /// cached bytes when they are of that fingerprint, otherwise what <paramref name="render"/> makes (null: not found).
    /// </summary>
    public async Task<IResult> ServeAsync(HttpContext context, string key, string fingerprint, string contentType, Func<Task<byte[]?>> render, IResult notFound)
    {
        using var activity = RegistryTelemetry.ActivitySource.StartActivity("registry.document");
        var etag = ETag(key, fingerprint);
        if (RegistryResults.IfNoneMatchHas(context, etag))
        {
            metrics.RecordDocument("not_modified");
            context.Response.Headers.ETag = etag;
            return Results.StatusCode(StatusCodes.Status304NotModified);
        }

        var hit = _documents.TryGetValue(key, out Entry? entry) && entry is not null && entry.Fingerprint == fingerprint;
        metrics.RecordDocument(hit ? "hit" : "miss");
        activity?.SetTag("registry.cache", hit ? "hit" : "miss");
        if (!hit || entry is null)
        {
            var body = await render().ConfigureAwait(false);
            if (body is null)
            {
                return notFound;
            }

            entry = new Entry(fingerprint, body);
            _documents.Set(key, entry, new MemoryCacheEntryOptions { Size = body.Length + (key.Length * sizeof(char)) });
        }

        context.Response.Headers.ETag = etag;
        return Results.Bytes(entry.Body, contentType);
    }

    /// <summary>
    /// Answers with a document merged from one package name in several projects (a group-level read, or one project):
    /// keyed by <paramref name="keyPrefix"/> (format, variant, base URL when the bytes hold it), the projects and the name,
    /// as of the projects' fingerprints (<see cref="ProjectsFingerprint"/>); <paramref name="notFound"/> when no project
    /// has a live version.
    /// </summary>
    public async Task<IResult> ServeMergedAsync(HttpContext context, IReadOnlyList<AuthorizedProject> projects, PackageType type, string name, string keyPrefix, string contentType, Func<Task<byte[]?>> render, IResult notFound)
    {
        var reader = context.RequestServices.GetRequiredService<PackageReader>();
        if (await ProjectsFingerprint.FindOrNullAsync(reader, projects, type, name, context.RequestAborted).ConfigureAwait(false) is not { } fingerprint)
        {
            return notFound;
        }

        return await ServeAsync(context, $"{keyPrefix}|{ProjectsFingerprint.Key(projects)}|{name}", fingerprint, contentType, render, notFound).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public void Dispose() => _documents.Dispose();

    private static string ETag(string key, string fingerprint) =>
        $"\"{Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(key + "\n" + fingerprint)))[..40]}\"";

    private sealed record Entry(string Fingerprint, byte[] Body);
}
