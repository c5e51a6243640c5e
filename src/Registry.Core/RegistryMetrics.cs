using System.Diagnostics.Metrics;

namespace Registry.Core;

/// <summary>
/// The registry's counters, on a meter named <see cref="MeterName"/> created through the host's
/// <see cref="IMeterFactory"/> (so tests and hosts observe one instance's meter without seeing another's).
/// OpenTelemetry picks them up with <c>AddMeter("Registry")</c>; traces come from the activity source of the same name.
/// Every counter is tagged with low-cardinality values only (package type, outcome), never a package or user name.
/// </summary>
public sealed class RegistryMetrics
{
    /// <summary>The meter's and the activity source's name.</summary>
    public const string MeterName = RegistryTelemetry.Name;

    private readonly Counter<long> _published;
    private readonly Counter<long> _publishedBytes;
    private readonly Counter<long> _downloaded;
    private readonly Counter<long> _downloadedBytes;
    private readonly Counter<long> _documents;
    private readonly Counter<long> _refusedAuthentications;
    private readonly Counter<long> _unrecordedDownloads;

    /// <summary>Creates the counters on a meter from <paramref name="meterFactory"/>, or on a meter of its own without one.</summary>
    public RegistryMetrics(IMeterFactory? meterFactory = null)
    {
        var meter = meterFactory?.Create(MeterName) ?? new Meter(MeterName);
        _published = meter.CreateCounter<long>("registry.packages.published", "{file}", "Package files published");
        _publishedBytes = meter.CreateCounter<long>("registry.packages.published_bytes", "By", "Bytes of package files published");
        _downloaded = meter.CreateCounter<long>("registry.packages.downloaded", "{file}", "Package files handed out for download (tag source: memory, storage, redirect)");
        _downloadedBytes = meter.CreateCounter<long>("registry.packages.downloaded_bytes", "By", "Bytes of package files handed out for download");
        _documents = meter.CreateCounter<long>("registry.documents.served", "{document}", "Metadata documents served (tag cache: hit, miss, not_modified)");
        _refusedAuthentications = meter.CreateCounter<long>("registry.authentications.refused", "{request}", "Requests whose credential was refused");
        _unrecordedDownloads = meter.CreateCounter<long>("registry.downloads.unrecorded", "{download}", "Downloads whose time was not recorded because too many packages awaited the next write");
    }

    /// <summary>Counts a published file of <paramref name="bytes"/> bytes.</summary>
    public void RecordPublished(string packageType, long bytes)
    {
        var tag = new KeyValuePair<string, object?>("package_type", packageType);
        _published.Add(1, tag);
        _publishedBytes.Add(bytes, tag);
    }

    /// <summary>Counts a file handed out for download, from <paramref name="source"/> (<c>memory</c>, <c>storage</c> or <c>redirect</c>).</summary>
    public void RecordDownloaded(string packageType, long bytes, string source)
    {
        var type = new KeyValuePair<string, object?>("package_type", packageType);
        var from = new KeyValuePair<string, object?>("source", source);
        _downloaded.Add(1, type, from);
        _downloadedBytes.Add(bytes, type, from);
    }

    /// <summary>Counts a metadata document served from the document cache (<c>hit</c>), rendered (<c>miss</c>) or answered 304 (<c>not_modified</c>).</summary>
    public void RecordDocument(string cache) => _documents.Add(1, new KeyValuePair<string, object?>("cache", cache));

    /// <summary>Counts a request whose credential was refused (unknown, expired or revoked token).</summary>
    public void RecordRefusedAuthentication() => _refusedAuthentications.Add(1);

    /// <summary>Counts a download whose time was dropped because <see cref="Reading.DownloadRecorder"/> held its most packages.</summary>
    public void RecordUnrecordedDownload() => _unrecordedDownloads.Add(1);
}
