namespace Registry.Benchmarks.Tools;

/// <summary>
/// Publishes one format's benchmark package into a project through the registry's HTTP API, as the format's client
/// would, and names the reads to measure. A new format (PyPI, Maven) is one more implementation listed in
/// <see cref="HttpSeeding.Seeders"/>.
/// </summary>
internal interface IFormatSeeder
{
    /// <summary>Publishes every version; <paramref name="projectApi"/> is <c>{base}/api/v4/projects/{id}</c>.</summary>
    Task SeedAsync(HttpClient client, string projectApi, CancellationToken cancellationToken);

    /// <summary>The reads to measure, under the project's API root.</summary>
    IReadOnlyList<BenchEndpoint> Endpoints { get; }
}
