using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using FluentAssertions;
using Microsoft.Extensions.DependencyInjection;
using Registry.Core.Directory;
using Registry.Formats.Tests.Infrastructure;
using Xunit;

namespace Registry.Formats.Tests.Api;

/// <summary>
/// A top-level group's duplicate settings (<c>generic_duplicates_allowed</c>, <c>generic_duplicate_exception_regex</c>,
/// and NuGet's), applied by the publish use case to every project below the group.
/// </summary>
public sealed class PackageSettingsApiTests : IDisposable
{
    private const string Settings = "/api/v4/groups/demo/packages/settings";
    private readonly SampleHostFactory _factory = new();
    private readonly HttpClient _admin;

    public PackageSettingsApiTests()
    {
        _admin = _factory.CreateClient();
        _admin.DefaultRequestHeaders.Add("PRIVATE-TOKEN", SampleHostFactory.AdminToken);
    }

    public void Dispose() => _factory.Dispose();

    [Fact]
    public async Task Defaults_come_from_the_formats_options()
    {
        var settings = await _admin.GetFromJsonAsync<JsonElement>(Settings);
        settings.GetProperty("generic_duplicates_allowed").GetBoolean().Should().BeTrue();
        settings.GetProperty("nuget_duplicates_allowed").GetBoolean().Should().BeFalse();
        settings.GetProperty("generic_duplicate_exception_regex").GetString().Should().BeEmpty();
        settings.TryGetProperty("npm_duplicates_allowed", out _).Should().BeFalse("npm never accepts a duplicate");
    }

    [Fact]
    public async Task Duplicates_off_refuses_a_second_upload_except_for_names_or_versions_the_regex_matches_whole()
    {
        await PutAsync(new { generic_duplicates_allowed = false, generic_duplicate_exception_regex = @".*-SNAPSHOT|9\.9\.9" }, HttpStatusCode.OK);

        (await UploadAsync("tool", "1.0.0")).Should().Be(HttpStatusCode.Created);
        (await UploadAsync("tool", "1.0.0")).Should().Be(HttpStatusCode.Forbidden);
        (await UploadAsync("tool", "1.0.0-SNAPSHOT")).Should().Be(HttpStatusCode.Created);
        (await UploadAsync("tool", "1.0.0-SNAPSHOT")).Should().Be(HttpStatusCode.Created);
        (await UploadAsync("tool", "9.9.9")).Should().Be(HttpStatusCode.Created);
        (await UploadAsync("tool", "9.9.9")).Should().Be(HttpStatusCode.Created);

        // Each alternative must match the whole version, so 9.9.9-rc is no exception (GitLab issue 636345).
        (await UploadAsync("tool", "9.9.9-rc")).Should().Be(HttpStatusCode.Created);
        (await UploadAsync("tool", "9.9.9-rc")).Should().Be(HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task Duplicates_on_refuses_only_what_the_regex_matches()
    {
        await PutAsync(new { generic_duplicate_exception_regex = "release-.*" }, HttpStatusCode.OK);
        (await UploadAsync("release-tool", "1.0.0")).Should().Be(HttpStatusCode.Created);
        (await UploadAsync("release-tool", "1.0.0")).Should().Be(HttpStatusCode.Forbidden);
        (await UploadAsync("dev-tool", "1.0.0")).Should().Be(HttpStatusCode.Created);
        (await UploadAsync("dev-tool", "1.0.0")).Should().Be(HttpStatusCode.Created);
    }

    [Theory]
    [InlineData("[")]
    [InlineData(@"(a)\1")]
    [InlineData("(?<=a)b")]
    public async Task A_regex_that_is_invalid_or_needs_backtracking_is_refused_and_nothing_changes(string regex)
    {
        using var response = await _admin.PutAsJsonAsync(Settings, new { generic_duplicates_allowed = false, generic_duplicate_exception_regex = regex });
        response.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        problem.GetProperty("errors").TryGetProperty("generic_duplicate_exception_regex", out _).Should().BeTrue();
        (await _admin.GetFromJsonAsync<JsonElement>(Settings)).GetProperty("generic_duplicates_allowed").GetBoolean().Should().BeTrue();
    }

    [Fact]
    public async Task Only_owners_change_settings_and_only_on_top_level_groups()
    {
        var (user, token) = await _factory.CreateUserAsync("maintainer");
        var group = await _factory.Services.GetRequiredService<IProjectDirectory>().FindGroupOrNullAsync("demo", default);
        await _factory.Directory.SetGroupMemberAsync(group?.Id ?? 0, user.Id, AccessLevel.Maintainer, default);
        using var maintainer = _factory.CreateClient();
        maintainer.DefaultRequestHeaders.Add("PRIVATE-TOKEN", token);
        (await maintainer.GetAsync(Settings)).StatusCode.Should().Be(HttpStatusCode.OK);
        (await maintainer.PutAsJsonAsync(Settings, new { generic_duplicates_allowed = false })).StatusCode.Should().Be(HttpStatusCode.Forbidden);

        await _factory.Directory.TryCreateGroupAsync("sub", "sub", group?.Id, ProjectVisibility.Private, default);
        (await _admin.PutAsJsonAsync("/api/v4/groups/demo%2Fsub/packages/settings", new { generic_duplicates_allowed = false })).StatusCode.Should().Be(HttpStatusCode.BadRequest);
    }

    private async Task PutAsync(object body, HttpStatusCode expected)
    {
        using var response = await _admin.PutAsJsonAsync(Settings, body);
        response.StatusCode.Should().Be(expected, await response.Content.ReadAsStringAsync());
    }

    private async Task<HttpStatusCode> UploadAsync(string name, string version)
    {
        using var response = await _admin.PutAsync($"/api/v4/projects/demo%2Fapp/packages/generic/{name}/{version}/file.bin", new ByteArrayContent([1, 2, 3]));
        return response.StatusCode;
    }
}
