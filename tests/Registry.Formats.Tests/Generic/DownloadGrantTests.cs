using System.Net;
using System.Security.Claims;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Registry.Core;
using Registry.Core.Directory;
using Registry.Core.Security;
using Registry.Formats.Generic;
using Registry.Formats.Tests.Infrastructure;
using Registry.Storage;

namespace Registry.Formats.Tests.Generic;

/// <summary>
/// Download grants (<c>PackageRegistry:Downloads:Offload:GrantSeconds</c>, issue 19): the host lets nginx reuse an
/// offloaded download's answer with <c>X-Accel-Expires</c>, and only when nginx's key (the URL and the headers a registry
/// token is read from) covers everything the answer rested on. nginx itself is driven in the end-to-end
/// NginxGrantOffloadTests.
/// </summary>
public sealed class DownloadGrantTests : IDisposable
{
    private const string File = "/api/v4/projects/open%2Flib/packages/generic/tool/1.0.0/tool.bin";
    private readonly string _root = Path.Combine(Path.GetTempPath(), "registry-grant-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(_root))
        {
            Directory.Delete(_root, recursive: true);
        }
    }

    [Fact]
    public async Task A_download_by_a_registry_token_or_anonymously_carries_the_grant_and_one_by_a_host_scheme_does_not()
    {
        await using var app = await StartAsync(grantSeconds: 30);
        using var client = app.GetTestClient();
        var token = await SeedAsync(app);

        using (var byToken = await client.GetAsync(File, token))
        {
            byToken.StatusCode.Should().Be(HttpStatusCode.OK);
            byToken.Headers.Contains("X-Accel-Redirect").Should().BeTrue();
            byToken.Headers.GetValues("X-Accel-Expires").Should().Equal("30");
        }

        using (var anonymous = await client.GetAsync(File, token: null))
        {
            anonymous.StatusCode.Should().Be(HttpStatusCode.OK, "the project is public");
            anonymous.Headers.GetValues("X-Accel-Expires").Should().Equal("30");
        }

        // Signed in by the host's own scheme (here a header nginx does not key on): the file is sent, never granted.
        using var byHost = new HttpRequestMessage(HttpMethod.Get, File);
        byHost.Headers.Add(HeaderSchemeHandler.Header, "reader");
        using (var response = await client.SendAsync(byHost))
        {
            response.StatusCode.Should().Be(HttpStatusCode.OK);
            response.Headers.Contains("X-Accel-Redirect").Should().BeTrue();
            response.Headers.Contains("X-Accel-Expires").Should().BeFalse();
        }
    }

    [Fact]
    public async Task A_refused_download_and_a_host_without_grants_send_no_grant()
    {
        await using (var granting = await StartAsync(grantSeconds: 30))
        {
            using var client = granting.GetTestClient();
            await SeedAsync(granting);
            using var refused = await client.GetAsync(File, "glpat-not-a-token-000000000");
            refused.StatusCode.Should().Be(HttpStatusCode.Unauthorized);
            refused.Headers.Contains("X-Accel-Expires").Should().BeFalse();
        }

        await using var plain = await StartAsync(grantSeconds: 0);
        using var plainClient = plain.GetTestClient();
        var token = await SeedAsync(plain);
        using var response = await plainClient.GetAsync(File, token);
        response.Headers.Contains("X-Accel-Redirect").Should().BeTrue();
        response.Headers.Contains("X-Accel-Expires").Should().BeFalse();
    }

    [Theory]
    [InlineData("XAccelRedirect", "-1")]
    [InlineData("XAccelRedirect", "3601")]
    [InlineData("XSendfile", "30")]
    [InlineData("None", "30")]
    public void A_grant_nginx_cannot_honour_or_too_long_stops_the_host_at_start(string mode, string seconds)
    {
        using var host = new SampleHostFactory(new Dictionary<string, string?>
        {
            ["PackageRegistry:Downloads:Offload:Mode"] = mode,
            ["PackageRegistry:Downloads:Offload:Root"] = "/srv/blobs",
            ["PackageRegistry:Downloads:Offload:GrantSeconds"] = seconds,
        });

        host.Invoking(h => h.CreateClient()).Should().Throw<Exception>()
            .Where(e => e.ToString().Contains("GrantSeconds must be 0, or 1 to 3600 with Mode XAccelRedirect", StringComparison.Ordinal));
    }

    private async Task<WebApplication> StartAsync(int grantSeconds)
    {
        var blobs = Path.Combine(_root, grantSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture));
        var builder = WebApplication.CreateBuilder();
        builder.WebHost.UseTestServer();
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["PackageRegistry:Downloads:Offload:Mode"] = "XAccelRedirect",
            ["PackageRegistry:Downloads:Offload:Root"] = blobs,
            ["PackageRegistry:Downloads:Offload:GrantSeconds"] = grantSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["PackageRegistry:FileMemoryCacheBytes"] = "0",
        });
        builder.Services.AddAuthentication().AddScheme<AuthenticationSchemeOptions, HeaderSchemeHandler>(HeaderSchemeHandler.Name, null);
        builder.Services.AddPackageRegistry().UseInMemorySqlite().UseFileSystemBlobs(blobs).UseEmbeddedDirectory().AddGeneric()
            .UseHostIdentity([HeaderSchemeHandler.Name]);
        var app = builder.Build();
        app.MapPackageRegistry();
        await app.StartAsync();
        return app;
    }

    /// <summary>A public project open/lib holding tool.bin, published by a developer; the developer's token.</summary>
    private static async Task<string> SeedAsync(WebApplication app)
    {
        var admin = app.Services.GetRequiredService<IDirectoryAdministration>();
        var user = await admin.TryCreateUserAsync("dev", "Dev", isAdmin: false, default) ?? throw new InvalidOperationException("no user");
        await admin.TryCreateUserAsync("reader", "Reader", isAdmin: false, default);
        var group = await admin.TryCreateGroupAsync("open", "open", null, ProjectVisibility.Public, default) ?? throw new InvalidOperationException("no group");
        var project = await admin.TryCreateProjectAsync("lib", "lib", group.Id, ProjectVisibility.Public, PackageRegistryAccessLevel.Enabled, default)
            ?? throw new InvalidOperationException("no project");
        await admin.SetProjectMemberAsync(project.Id, user.Id, AccessLevel.Developer, default);
        var token = (await admin.CreatePersonalAccessTokenAsync(user.Id, "test", TokenScopes.Api, null, null, default)).Token;
        using var client = app.GetTestClient();
        using var put = await client.PutBytesAsync(File, "tool"u8.ToArray(), token);
        put.StatusCode.Should().Be(HttpStatusCode.Created);
        return token;
    }

    /// <summary>A host's own scheme: signs in the user named in a header of its own.</summary>
    private sealed class HeaderSchemeHandler(IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder)
        : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
    {
        public const string Name = "HostHeader";
        public const string Header = "X-Host-User";

        protected override Task<AuthenticateResult> HandleAuthenticateAsync()
        {
            if (!Request.Headers.TryGetValue(Header, out var user) || string.IsNullOrEmpty(user))
            {
                return Task.FromResult(AuthenticateResult.NoResult());
            }

            var identity = new ClaimsIdentity([new Claim(ClaimTypes.Name, user.ToString())], Name);
            return Task.FromResult(AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), Name)));
        }
    }
}
