using Registry.EndToEnd.Tests.Infrastructure;

namespace Registry.EndToEnd.Tests.Limits;

/// <summary>The sample host with rate limits on: 3 reads and 1 write per caller in an hour (no test waits for a window).</summary>
public sealed class RateLimitedHostProcess : SampleHostProcess
{
    protected override IReadOnlyDictionary<string, string> ExtraEnvironment { get; } = new Dictionary<string, string>
    {
        ["PackageRegistry__RateLimits__Enabled"] = "true",
        ["PackageRegistry__RateLimits__Reads__PermitLimit"] = "3",
        ["PackageRegistry__RateLimits__Reads__Window"] = "01:00:00",
        ["PackageRegistry__RateLimits__Writes__PermitLimit"] = "1",
        ["PackageRegistry__RateLimits__Writes__Window"] = "01:00:00",
    };
}
