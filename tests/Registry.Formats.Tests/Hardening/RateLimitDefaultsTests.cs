using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Registry.Formats.Hosting;
using Registry.Formats.Tests.Infrastructure;

namespace Registry.Formats.Tests.Hardening;

/// <summary>Rate limits are off unless <c>PackageRegistry:RateLimits:Enabled</c> says otherwise, whatever the limits say.</summary>
public sealed class RateLimitDefaultsTests
{
    [Fact]
    public async Task Limits_are_off_by_default_even_when_configured()
    {
        using var host = new SampleHostFactory(new Dictionary<string, string?> { ["PackageRegistry:RateLimits:Reads:PermitLimit"] = "1" });
        using var client = host.CreateClient();
        client.DefaultRequestHeaders.Add("PRIVATE-TOKEN", SampleHostFactory.AdminToken);

        host.Services.GetRequiredService<IOptions<RateLimitOptions>>().Value.Enabled.Should().BeFalse();
        for (var i = 0; i < 5; i++)
        {
            using var answer = await client.GetAsync(new Uri("/api/v4/projects/demo%2Fapp/packages/npm/missing", UriKind.Relative));
            answer.StatusCode.Should().Be(HttpStatusCode.NotFound);
        }
    }
}
