namespace Registry.Core.Publishing;

/// <summary>
/// What a format's inspector learned from the uploaded bytes before they were committed: a refusal, or the
/// name, version and metadata the content declares (formats such as NuGet take identity from the file).
/// </summary>
public sealed record ContentInspection
{
    /// <summary>Why the content is refused; null when it is accepted.</summary>
    public string? Error { get; init; }
    /// <summary>The name the content declares, replacing the request's when not null.</summary>
    public string? Name { get; init; }
    /// <summary>The version the content declares, replacing the request's when not null.</summary>
    public string? Version { get; init; }
    /// <summary>The file name the content implies (NuGet's <c>{id}.{version}.nupkg</c>), replacing the request's when not null.</summary>
    public string? FileName { get; init; }
    /// <summary>Metadata to store as JSON, replacing the request's when not null.</summary>
    public string? Metadata { get; init; }
    /// <summary>
    /// For metadata that accumulates over uploads of one version (Helm's channels): computes the package's metadata from
    /// the stored one (null for a new package) inside the transaction that records the file, so two concurrent uploads
    /// both land. Replaces <see cref="Metadata"/> when set; may run more than once (a retried transaction), so it must be
    /// a pure function.
    /// </summary>
    public Func<string?, string?>? MergeMetadata { get; init; }

    /// <summary>Accepts the content as the request describes it.</summary>
    public static ContentInspection Accepted { get; } = new();

    /// <summary>Refuses the content.</summary>
    public static ContentInspection Refused(string error) => new() { Error = error };
}
