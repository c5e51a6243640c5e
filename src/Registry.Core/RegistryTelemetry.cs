using System.Diagnostics;

namespace Registry.Core;

/// <summary>
/// The <c>Registry</c> activity source: spans for publishes (<c>registry.publish</c>), downloads
/// (<c>registry.download</c>) and metadata documents (<c>registry.document</c>); OpenTelemetry picks them up with
/// <c>AddSource("Registry")</c>. Formats of a host's own start their spans here too. Counters are <see cref="RegistryMetrics"/>.
/// </summary>
public static class RegistryTelemetry
{
    /// <summary>The activity source's and the meter's name.</summary>
    public const string Name = "Registry";

    /// <summary>The activity source.</summary>
    public static ActivitySource ActivitySource { get; } = new(Name);
}
