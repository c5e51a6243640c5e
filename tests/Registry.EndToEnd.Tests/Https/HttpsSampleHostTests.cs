using System.Net;
using Registry.EndToEnd.Tests.Infrastructure;

namespace Registry.EndToEnd.Tests.Https;

/// <summary>
/// The sample host serving HTTPS from a certificate file through Kestrel's own settings
/// (<c>Kestrel__Certificates__Default__Path</c>/<c>__Password</c>), as the README shows: the set-up terraform and go need.
/// </summary>
public sealed class HttpsSampleHostTests : IClassFixture<HttpsSampleHostTests.Host>
{
    private readonly Host _host;

    public HttpsSampleHostTests(Host host) => _host = host;

    [ClientFact("curl")]
    public async Task Curl_trusting_the_ca_reaches_the_api_over_https_by_ip_address()
    {
        var certificates = _host.Certificates ?? throw new InvalidOperationException("the host serves HTTPS");

        var version = await ExternalTool.RunAsync("curl", ["--silent", "--show-error", "--fail", "--cacert", certificates.CaCertificatePath, "--header", $"PRIVATE-TOKEN: {SampleHostProcess.AdminToken}", $"{_host.BaseUrl}/api/v4/user"]);

        version.ExitCode.Should().Be(0, version.StdErr);
        version.StdOut.Should().Contain("\"username\"");
    }

    [ClientFact("curl")]
    public async Task Curl_without_the_ca_refuses_the_certificate()
    {
        var untrusted = await ExternalTool.RunAsync("curl", ["--silent", "--output", "/dev/null", "--write-out", "%{http_code}", $"{_host.BaseUrl}/"]);

        untrusted.ExitCode.Should().Be(60, "curl exits 60 when the peer's certificate cannot be verified");
    }

    [Fact]
    public async Task An_http_client_trusting_only_the_ca_gets_the_root_page()
    {
        using var http = _host.CreateHttpClient();

        using var response = await http.GetAsync(_host.BaseUrl + "/");

        response.StatusCode.Should().Be(HttpStatusCode.OK);
        response.RequestMessage?.RequestUri?.Scheme.Should().Be("https");
    }

    /// <summary>The sample host process serving HTTPS.</summary>
    public sealed class Host : SampleHostProcess
    {
        public Host() => Https = true;
    }
}
