using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Registry.Formats.Tests.Infrastructure;

namespace Registry.Formats.Tests.Protocol;

/// <summary>
/// Every GET route answers HEAD too (gem, Terraform and Maven probe with HEAD; ASP.NET Core's <c>MapGet</c> alone does
/// not answer it): the sample host's whole route table, every format and API included, is walked.
/// </summary>
public sealed class HeadForEveryGetTests
{
    /// <summary>Routes that deliberately answer GET only, with the reason. None today.</summary>
    private static readonly Dictionary<string, string> GetOnly = new(StringComparer.Ordinal);

    [Fact]
    public void Every_endpoint_that_answers_GET_answers_HEAD()
    {
        using var factory = new SampleHostFactory();
        using var client = factory.CreateClient();
        var endpoints = factory.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>().ToList();

        var gets = endpoints
            .Select(e => (Pattern: e.RoutePattern.RawText ?? e.DisplayName ?? "?", Methods: e.Metadata.GetMetadata<IHttpMethodMetadata>()?.HttpMethods ?? []))
            .Where(e => e.Methods.Contains("GET"))
            .ToList();
        var missing = gets
            .Where(e => !e.Methods.Contains("HEAD"))
            .Select(e => e.Pattern)
            .Where(pattern => !GetOnly.ContainsKey(pattern))
            .ToList();

        gets.Should().HaveCountGreaterThan(40, "the walk must see every format's and API's routes");
        missing.Should().BeEmpty("every GET must answer HEAD; map it with MapGetAndHead or list it in GetOnly with the reason");
    }
}
