using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Net.Http.Headers;
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
/// Documents of clients that revalidate by date (Composer sends <c>If-Modified-Since</c> only) also carry a
/// <c>Last-Modified</c> (RFC 9110, section 8.8.2) that moves forward with every change of the fingerprint.
/// </summary>
internal sealed class DocumentCache(TimeProvider time, RegistryMetrics metrics) : IDisposable
{
    /// <summary>The most rendered bytes kept; the least recently used documents go first.</summary>
    internal const long SizeLimitBytes = 64L * 1024 * 1024;

    private readonly MemoryCache _documents = new(new MemoryCacheOptions { SizeLimit = SizeLimitBytes });

    // Renders in flight by key and fingerprint: after a publish, every connection asking for the package misses at
    // once (16 of 32 re-rendered the same packument in one benchmark); they wait for one render instead.
    private readonly ConcurrentDictionary<(string Key, string Fingerprint), Task<Entry?>> _rendering = new();

    /// <summary>
    /// Answers with the document named <paramref name="key"/> (which must name everything the bytes depend on: format,
    /// variant, base URL, projects, package) as of <paramref name="fingerprint"/>: 304 when the client has it, the
    /// cached bytes when they are of that fingerprint, otherwise what <paramref name="render"/> makes (null: not found).
    /// With <paramref name="lastModified"/>, the answer carries <c>Last-Modified</c> and a request whose
    /// <c>If-Modified-Since</c> is not older than it gets 304.
    /// </summary>
    public Task<IResult> ServeAsync(HttpContext context, string key, string fingerprint, string contentType, Func<Task<byte[]?>> render, IResult notFound, bool lastModified = false) =>
        ServeAsync(context, key, fingerprint, contentType, async () => await render().ConfigureAwait(false) is { } bytes ? DocumentBody.Of(bytes) : null, notFound, lastModified);

    /// <summary>
    /// <see cref="ServeAsync(HttpContext, string, string, string, Func{Task{byte[]}}, IResult, bool)"/> for a document
    /// rendered as a <see cref="DocumentBody"/> (a large one, kept in chunks).
    /// </summary>
    public async Task<IResult> ServeAsync(HttpContext context, string key, string fingerprint, string contentType, Func<Task<DocumentBody?>> render, IResult notFound, bool lastModified = false)
    {
        using var activity = RegistryTelemetry.ActivitySource.StartActivity("registry.document");
        var etag = ETag(key, fingerprint);
        _documents.TryGetValue(key, out Entry? entry);
        var current = entry is not null && entry.Fingerprint == fingerprint ? entry : null;
        if (RegistryResults.IfNoneMatchHas(context, etag) || (lastModified && current is not null && NotModifiedSince(context, current.LastModified)))
        {
            metrics.RecordDocument("not_modified");
            context.Response.Headers.ETag = etag;
            if (lastModified && current is not null)
            {
                context.Response.Headers.LastModified = HeaderUtilities.FormatDate(current.LastModified);
            }

            return Results.StatusCode(StatusCodes.Status304NotModified);
        }

        metrics.RecordDocument(current is null ? "miss" : "hit");
        activity?.SetTag("registry.cache", current is null ? "miss" : "hit");
        if (current is null)
        {
            current = await RenderOnceAsync(key, fingerprint, entry, render, context.RequestAborted).ConfigureAwait(false);
            if (current is null)
            {
                return notFound;
            }
        }

        context.Response.Headers.ETag = etag;
        if (lastModified)
        {
            context.Response.Headers.LastModified = HeaderUtilities.FormatDate(current.LastModified);
        }

        return current.Body.ToResult(contentType);
    }

    /// <summary>
    /// Answers with a document merged from one package name in several projects (a group-level read, or one project):
    /// keyed by <paramref name="keyPrefix"/> (format, variant, base URL when the bytes hold it), the projects and the name,
    /// as of the projects' fingerprints (<see cref="ProjectsFingerprint"/>); <paramref name="notFound"/> when no project
    /// has a live version.
    /// </summary>
    public async Task<IResult> ServeMergedAsync(HttpContext context, IReadOnlyList<AuthorizedProject> projects, PackageType type, string name, string keyPrefix, string contentType, Func<Task<byte[]?>> render, IResult notFound, bool lastModified = false)
    {
        var reader = context.RequestServices.GetRequiredService<PackageReader>();
        if (await ProjectsFingerprint.FindOrNullAsync(reader, projects, type, name, context.RequestAborted).ConfigureAwait(false) is not { } fingerprint)
        {
            return notFound;
        }

        return await ServeAsync(context, $"{keyPrefix}|{ProjectsFingerprint.Key(projects)}|{name}", fingerprint, contentType, render, notFound, lastModified).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public void Dispose() => _documents.Dispose();

    /// <summary>
    /// Renders the document of <paramref name="fingerprint"/> and keeps it, once for all the requests that miss it at
    /// the same time; null when there is no such document. The key names everything the bytes depend on, so any of
    /// those requests may render for the others.
    /// </summary>
    private async Task<Entry?> RenderOnceAsync(string key, string fingerprint, Entry? replaced, Func<Task<DocumentBody?>> render, CancellationToken aborted)
    {
        var flight = (key, fingerprint);
        var mine = new TaskCompletionSource<Entry?>(TaskCreationOptions.RunContinuationsAsynchronously);
        var running = _rendering.GetOrAdd(flight, mine.Task);
        if (running != mine.Task)
        {
            try
            {
                return await running.WaitAsync(aborted).ConfigureAwait(false);
            }
            catch (Exception) when (!aborted.IsCancellationRequested)
            {
                // The render this request waited for failed, perhaps because its own request was aborted: render here.
                return await RenderAndKeepAsync(key, fingerprint, replaced, render).ConfigureAwait(false);
            }
        }

        try
        {
            var rendered = await RenderAndKeepAsync(key, fingerprint, replaced, render).ConfigureAwait(false);
            mine.SetResult(rendered);
            return rendered;
        }
        catch (Exception ex)
        {
            mine.SetException(ex);

            // Observed here: a failure nobody waited for must not surface as an unobserved task exception.
            _ = mine.Task.Exception;
            throw;
        }
        finally
        {
            _rendering.TryRemove(new KeyValuePair<(string Key, string Fingerprint), Task<Entry?>>(flight, mine.Task));
        }
    }

    private async Task<Entry?> RenderAndKeepAsync(string key, string fingerprint, Entry? replaced, Func<Task<DocumentBody?>> render)
    {
        var body = await render().ConfigureAwait(false);
        if (body is null)
        {
            return null;
        }

        var rendered = new Entry(fingerprint, body, NextLastModified(replaced));
        _documents.Set(key, rendered, new MemoryCacheEntryOptions { Size = body.Length + (key.Length * sizeof(char)) });
        return rendered;
    }

    /// <summary>
    /// The date of a newly rendered version of a document: now, rounded up to the second HTTP dates carry, and at least a
    /// second after the version it replaces, so a client holding that one never hears "not modified" for this one. The
    /// fingerprint's own change times cannot serve (a deletion leaves no live row to date it); a host that never saw the
    /// document dates it when it first renders it, which is never before the change it shows, so a client revalidating
    /// against another host gets the document again rather than a wrong 304.
    /// </summary>
    private DateTimeOffset NextLastModified(Entry? replaced)
    {
        var now = time.GetUtcNow();
        var seconds = now.ToUnixTimeSeconds() + (now.Ticks % TimeSpan.TicksPerSecond == 0 ? 0 : 1);
        if (replaced is not null)
        {
            seconds = Math.Max(seconds, replaced.LastModified.ToUnixTimeSeconds() + 1);
        }

        return DateTimeOffset.FromUnixTimeSeconds(seconds);
    }

    private static bool NotModifiedSince(HttpContext context, DateTimeOffset lastModified) =>
        context.Request.GetTypedHeaders().IfModifiedSince is { } since && since >= lastModified;

    private static string ETag(string key, string fingerprint) =>
        $"\"{Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(key + "\n" + fingerprint)))[..40]}\"";

    private sealed record Entry(string Fingerprint, DocumentBody Body, DateTimeOffset LastModified);
}
