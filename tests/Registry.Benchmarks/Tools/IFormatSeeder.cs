namespace Registry.Benchmarks.Tools;

/// <summary>
/// Publishes one format's benchmark package into a project through the registry's HTTP API, as the format's client
/// would, and names the reads to measure. A new format is one more implementation listed in
/// <see cref="HttpSeeding.Seeders"/>.
/// </summary>
internal interface IFormatSeeder
{
    /// <summary>Publishes every version into <paramref name="project"/>.</summary>
    Task SeedAsync(HttpClient client, BenchProject project, CancellationToken cancellationToken);

    /// <summary>The reads to measure of what <see cref="SeedAsync"/> published into <paramref name="project"/>.</summary>
    IReadOnlyList<BenchEndpoint> Endpoints(BenchProject project);
}
