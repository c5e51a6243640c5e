namespace Registry.Benchmarks.Tools;

/// <summary>
/// One row of the load benchmark: a read the registry answers and nginx serves as a static copy of the same bytes.
/// </summary>
/// <param name="Label">What the table calls it (<c>npm packument (full)</c>).</param>
/// <param name="Url">The absolute URL, e.g. <c>{base}/api/v4/projects/bench%2Fprivate/packages/npm/bench-big</c>.</param>
/// <param name="Accept">The Accept header the client sends, when it picks the document.</param>
/// <param name="TargetRatio">The target: the least share of nginx's requests/s.</param>
internal sealed record BenchEndpoint(string Label, string Url, string? Accept, double TargetRatio)
{
    public const double MetadataTarget = 0.35;
    public const double FileTarget = 0.50;
}
