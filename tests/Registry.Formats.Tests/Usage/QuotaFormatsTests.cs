using System.Net.Http.Json;
using System.Text.Json;
using Registry.Core.Security;
using Registry.Formats.Tests.Authorization;
using Registry.Formats.Tests.Infrastructure;
using Registry.Formats.Tests.Protection;

namespace Registry.Formats.Tests.Usage;

/// <summary>
/// A top-level group's quota over every format, through each format's own publish route and client credential: a
/// publish over the byte quota or the package quota is refused with a 413 in the format's client error shape, saying
/// "Storage quota exceeded", and leaves no package and no blob; lifting the quota lets the same publish in. The tests
/// of this class share the group <c>acme</c> and run one after another, each setting the quota it needs.
/// </summary>
public sealed class QuotaFormatsTests(ProtectionHost host) : IClassFixture<ProtectionHost>
{
    private const string Refused = "413 Payload Too Large - Storage quota exceeded";

    private static readonly IReadOnlyList<MatrixFormat> Formats = [new ProtectedFormatsTests.GenericProtectionFormat(), .. MatrixFormats.All];

    public static TheoryData<string> FormatNames() => [.. Formats.Select(f => f.Name)];

    [Theory]
    [MemberData(nameof(FormatNames))]
    public async Task A_publish_over_the_byte_quota_is_refused_in_the_client_shape_and_stores_nothing(string formatName)
    {
        var format = Formats.Single(f => f.Name == formatName);
        var project = await host.NewProjectAsync();
        var used = await SetQuotaAsync(new Dictionary<string, object?> { ["max_packages"] = null });
        await SetQuotaAsync(new Dictionary<string, object?> { ["max_bytes"] = used.GetProperty("used_bytes").GetInt64() });
        var blobs = host.Host.StoredFiles().Count;

        using (var refused = await PublishAsync(format, project.Id, "quota-bytes"))
        {
            (await ClientErrorAssertions.ReadErrorAsync(format, refused, 413)).Should().StartWith(Refused + ": the group's packages use");
        }

        (await host.FindPackageIdAsync(project.Id, format.Name, format.PackageName("quota-bytes"))).Should().BeNull("a refused publish stores no package");
        host.Host.StoredFiles().Count.Should().Be(blobs, "a refused publish keeps no blob nor temporary file");

        await LiftQuotaAsync();
        using var accepted = await PublishAsync(format, project.Id, "quota-bytes");
        ((int)accepted.StatusCode).Should().Be(201, "without the quota the same publish goes in: {0}", await accepted.Content.ReadAsStringAsync());
    }

    [Theory]
    [MemberData(nameof(FormatNames))]
    public async Task A_new_package_over_the_package_quota_is_refused_in_the_client_shape(string formatName)
    {
        var format = Formats.Single(f => f.Name == formatName);
        var project = await host.NewProjectAsync();
        var used = await SetQuotaAsync(new Dictionary<string, object?> { ["max_bytes"] = null });
        await SetQuotaAsync(new Dictionary<string, object?> { ["max_packages"] = used.GetProperty("used_packages").GetInt64() });

        using (var refused = await PublishAsync(format, project.Id, "quota-count"))
        {
            (await ClientErrorAssertions.ReadErrorAsync(format, refused, 413)).Should().StartWith(Refused + ": the group holds its limit of");
        }

        (await host.FindPackageIdAsync(project.Id, format.Name, format.PackageName("quota-count"))).Should().BeNull();
        await LiftQuotaAsync();
    }

    [Fact]
    public async Task The_quota_counts_every_project_of_the_group_and_a_file_within_it_goes_in()
    {
        var format = Formats.Single(f => f.Name == "generic");
        var first = await host.NewProjectAsync();
        var second = await host.NewProjectAsync();
        var used = await SetQuotaAsync(new Dictionary<string, object?> { ["max_packages"] = null, ["max_bytes"] = null });
        var start = used.GetProperty("used_bytes").GetInt64();

        // The generic test format's file holds its base name: 9 bytes for "quota-one".
        await SetQuotaAsync(new Dictionary<string, object?> { ["max_bytes"] = start + 9 + 8 });
        using (var accepted = await PublishAsync(format, first.Id, "quota-one"))
        {
            ((int)accepted.StatusCode).Should().Be(201);
        }

        using (var refused = await PublishAsync(format, second.Id, "quota-two"))
        {
            ((int)refused.StatusCode).Should().Be(413, "9 more bytes in another project of the group take it over by one");
        }

        using (var fits = await PublishAsync(format, second.Id, "quota-2"))
        {
            ((int)fits.StatusCode).Should().Be(201, "7 bytes fit");
        }

        (await SetQuotaAsync([])).GetProperty("used_bytes").GetInt64().Should().Be(start + 16);
        await LiftQuotaAsync();
    }

    private async Task<HttpResponseMessage> PublishAsync(MatrixFormat format, long projectId, string baseName)
    {
        var route = format.Routes.First(r => r.Permission == PackageAction.Publish);
        using var request = format.Publish(projectId, baseName).Request;
        MatrixFormat.Authenticate(request, route.Credential, AuthorizationMatrix.PrivateToken, host.Maintainer);
        return await host.Client.SendAsync(request);
    }

    private async Task<JsonElement> SetQuotaAsync(Dictionary<string, object?> limits)
    {
        using var request = new HttpRequestMessage(HttpMethod.Put, $"/api/v4/groups/{host.Group.Id}/packages/quota") { Content = JsonContent.Create(limits) };
        using var response = await host.Client.SendAsync(request.WithToken(SampleHostFactory.AdminToken));
        var body = await response.Content.ReadAsStringAsync();
        ((int)response.StatusCode).Should().Be(200, body);
        return JsonDocument.Parse(body).RootElement.Clone();
    }

    private async Task LiftQuotaAsync()
    {
        using var response = await host.Client.SendAsync(new HttpRequestMessage(HttpMethod.Delete, $"/api/v4/groups/{host.Group.Id}/packages/quota").WithToken(SampleHostFactory.AdminToken));
        ((int)response.StatusCode).Should().Be(200, await response.Content.ReadAsStringAsync());
    }
}
