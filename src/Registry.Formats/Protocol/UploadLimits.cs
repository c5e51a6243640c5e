namespace Registry.Formats.Protocol;

/// <summary>
/// Bounds on the structure of an upload, beside a format's file-size limit: what a parser may hold in memory or spend
/// time on whatever the input. Bound from <c>PackageRegistry:&lt;Format&gt;:Limits</c> (for example
/// <c>PackageRegistry:Maven:Limits:MaxXmlDepth</c>); a format reads only the limits that apply to what it parses.
/// An upload over a limit answers 400 (413 for sizes) in the client's error shape and leaves nothing behind.
/// </summary>
public sealed class UploadLimits
{
    /// <summary>
    /// The most entries an archive (zip, tar) may hold (<c>MaxArchiveEntries</c>). A zip's count is read from its end of
    /// central directory record before the directory is read, since every entry of a read directory is kept in memory.
    /// </summary>
    public int MaxArchiveEntries { get; set; } = 100_000;

    /// <summary>
    /// How many times its compressed size an archive may expand to (<c>MaxCompressionRatio</c>), on top of the format's
    /// uncompressed-size limit, so a small gzip bomb is stopped early; archives under 1 MiB compressed may always expand
    /// to 100 MiB. Real packages compress 2 to 20 times.
    /// </summary>
    public int MaxCompressionRatio { get; set; } = 200;

    /// <summary>The deepest element nesting of an XML document (<c>MaxXmlDepth</c>): a POM, maven-metadata.xml, a nuspec.</summary>
    public int MaxXmlDepth { get; set; } = 64;

    /// <summary>The most elements an XML document may hold (<c>MaxXmlElements</c>).</summary>
    public int MaxXmlElements { get; set; } = 100_000;

    /// <summary>The most characters an XML document may hold (<c>MaxXmlCharacters</c>); POMs are rarely over a megabyte.</summary>
    public long MaxXmlCharacters { get; set; } = 16L * 1024 * 1024;

    /// <summary>The deepest nesting of a JSON document (<c>MaxJsonDepth</c>): npm's publish document, composer.json.</summary>
    public int MaxJsonDepth { get; set; } = 64;

    /// <summary>
    /// The most object properties a JSON document may hold, counted at every depth (<c>MaxJsonProperties</c>). npm's
    /// deprecate and unpublish send the whole packument back, about 35 properties a version: the default takes a
    /// package of several thousand versions and keeps a hostile document's tree under about 100 MB.
    /// </summary>
    public int MaxJsonProperties { get; set; } = 250_000;

    /// <summary>
    /// The most parts a <c>multipart/form-data</c> upload may hold (<c>MaxMultipartParts</c>). twine sends about 25 plus
    /// one per classifier and per <c>Requires-Dist</c> line, which passes 700 for some large packages.
    /// </summary>
    public int MaxMultipartParts { get; set; } = 2_000;

    /// <summary>The largest header block of one multipart part, in bytes (<c>MaxMultipartHeaderBytes</c>).</summary>
    public int MaxMultipartHeaderBytes { get; set; } = 16 * 1024;

    /// <summary>
    /// The most bytes an archive of <paramref name="compressedBytes"/> may expand to: the format's
    /// <paramref name="maxUncompressedBytes"/>, or less by <see cref="MaxCompressionRatio"/>.
    /// </summary>
    public long MaxExpandedBytes(long compressedBytes, long maxUncompressedBytes)
    {
        const long floor = 100L * 1024 * 1024;
        var byRatio = compressedBytes > long.MaxValue / Math.Max(1, MaxCompressionRatio) ? long.MaxValue : compressedBytes * MaxCompressionRatio;
        return Math.Min(maxUncompressedBytes, Math.Max(floor, byRatio));
    }
}
