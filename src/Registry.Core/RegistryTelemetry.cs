using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace Registry.Core;

/// <summary>The <c>Registry</c> meter and activity source; OpenTelemetry picks them up by name without a dependency.</summary>
internal static class RegistryTelemetry
{
    public const string Name = "Registry";

    public static readonly ActivitySource ActivitySource = new(Name);

    private static readonly Meter Meter = new(Name);

    public static readonly Counter<long> Published = Meter.CreateCounter<long>("registry.packages.published", "{file}", "Package files published");

    public static readonly Counter<long> PublishedBytes = Meter.CreateCounter<long>("registry.packages.published_bytes", "By", "Bytes published");

    public static readonly Counter<long> Downloaded = Meter.CreateCounter<long>("registry.packages.downloaded", "{file}", "Package files downloaded");
}
