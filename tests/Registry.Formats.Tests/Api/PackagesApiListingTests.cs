using System.Net;
using System.Text.Json;
using Registry.Formats.Tests.Infrastructure;

namespace Registry.Formats.Tests.Api;

public sealed class PackagesApiListingTests : PackagesApiTestBase
{
    private async Task PublishSetAsync()
    {
        await PublishAsync("tool-a", "1.0.0");
        await PublishAsync("tool-b", "2.0.0");
        await PublishAsync("Other", "1.5.0");
        await PublishAsync("secret", "1.0.0", query: "?status=hidden");
    }

    [Fact]
    public async Task Listing_returns_gitlab_fields_and_leaves_hidden_packages_out()
    {
        await PublishSetAsync();

        var (_, json) = await GetJsonAsync($"{Demo}/packages");

        json.GetArrayLength().Should().Be(3);
        var first = json[0];
        first.GetProperty("name").GetString().Should().Be("tool-a");
        first.GetProperty("version").GetString().Should().Be("1.0.0");
        first.GetProperty("package_type").GetString().Should().Be("generic");
        first.GetProperty("status").GetString().Should().Be("default");
        first.GetProperty("id").GetInt64().Should().BePositive();
        first.GetProperty("created_at").ValueKind.Should().Be(JsonValueKind.String);
        first.GetProperty("last_downloaded_at").ValueKind.Should().Be(JsonValueKind.Null);
        first.GetProperty("tags").GetArrayLength().Should().Be(0);
        first.TryGetProperty("pipelines", out _).Should().BeFalse("GitLab leaves pipelines out of a package without build info");
        first.GetProperty("_links").GetProperty("web_path").GetString().Should().Be($"/demo/app/-/packages/{first.GetProperty("id").GetInt64()}");
        first.TryGetProperty("project_path", out _).Should().BeFalse();
    }

    [Theory]
    [InlineData("package_name=tool", "tool-a,tool-b")]
    [InlineData("package_name=TOOL-", "tool-a,tool-b")]
    [InlineData("package_name=other", "Other")]
    [InlineData("package_version=2.0.0", "tool-b")]
    [InlineData("package_type=generic", "tool-a,tool-b,Other")]
    [InlineData("status=hidden", "secret")]
    [InlineData("status=default&package_name=a", "tool-a")]
    [InlineData("include_versionless=true", "tool-a,tool-b,Other")]
    [InlineData("package_name=", "tool-a,tool-b,Other")]
    public async Task Filters_narrow_the_listing(string query, string expected)
    {
        await PublishSetAsync();

        var names = await NamesAsync($"{Demo}/packages?{query}");

        names.Should().Equal(expected.Split(','));
    }

    [Theory]
    [InlineData("", "tool-a,tool-b,Other")]
    [InlineData("sort=desc", "Other,tool-b,tool-a")]
    [InlineData("order_by=name", "Other,tool-a,tool-b")]
    [InlineData("order_by=name&sort=desc", "tool-b,tool-a,Other")]
    [InlineData("order_by=version", "tool-a,Other,tool-b")]
    [InlineData("order_by=version&sort=desc", "tool-b,Other,tool-a")]
    [InlineData("order_by=created_at&sort=asc", "tool-a,tool-b,Other")]
    [InlineData("order_by=type", "tool-a,tool-b,Other")]
    public async Task Order_by_and_sort_order_the_listing(string query, string expected)
    {
        await PublishSetAsync();

        var names = await NamesAsync($"{Demo}/packages?{query}");

        names.Should().Equal(expected.Split(','));
    }

    [Fact]
    public async Task Pagination_headers_and_link_describe_the_pages()
    {
        for (var i = 1; i <= 5; i++)
        {
            await PublishAsync($"pkg{i}", "1.0.0");
        }

        var (middle, json) = await GetJsonAsync($"{Demo}/packages?per_page=2&page=2&order_by=name");

        json.EnumerateArray().Select(p => p.GetProperty("name").GetString()).Should().Equal("pkg3", "pkg4");
        Header(middle, "X-Total").Should().Be("5");
        Header(middle, "X-Total-Pages").Should().Be("3");
        Header(middle, "X-Page").Should().Be("2");
        Header(middle, "X-Per-Page").Should().Be("2");
        Header(middle, "X-Next-Page").Should().Be("3");
        Header(middle, "X-Prev-Page").Should().Be("1");
        var link = Header(middle, "Link");
        link.Should().Contain("/api/v4/projects/demo%2Fapp/packages?");
        link.Should().MatchRegex("<[^>]*per_page=2[^>]*page=3[^>]*>; rel=\"next\"");
        link.Should().MatchRegex("<[^>]*[?&]page=1[^>]*>; rel=\"prev\"");
        link.Should().MatchRegex("<[^>]*[?&]page=1[^>]*>; rel=\"first\"");
        link.Should().MatchRegex("<[^>]*[?&]page=3[^>]*>; rel=\"last\"");
        link.Should().Contain("order_by=name");

        var (last, lastJson) = await GetJsonAsync($"{Demo}/packages?per_page=2&page=3");
        lastJson.GetArrayLength().Should().Be(1);
        Header(last, "X-Next-Page").Should().BeEmpty();
        Header(last, "X-Prev-Page").Should().Be("2");
        Header(last, "Link").Should().NotContain("rel=\"next\"");

        var (first, _) = await GetJsonAsync($"{Demo}/packages");
        Header(first, "X-Per-Page").Should().Be("20");
        Header(first, "X-Page").Should().Be("1");
        Header(first, "X-Total-Pages").Should().Be("1");
        Header(first, "X-Prev-Page").Should().BeEmpty();
        Header(first, "Link").Should().NotContain("rel=\"prev\"");
    }

    [Theory]
    [InlineData("per_page=101", "per_page")]
    [InlineData("per_page=0", "per_page")]
    [InlineData("per_page=many", "per_page")]
    [InlineData("page=0", "page")]
    [InlineData("page=-1", "page")]
    [InlineData("order_by=size", "order_by")]
    [InlineData("order_by=project_path", "order_by")]
    [InlineData("sort=up", "sort")]
    [InlineData("package_type=rubygems", "package_type")]
    [InlineData("status=deleted", "status")]
    public async Task Invalid_parameters_answer_400_problem_details_naming_the_parameter(string query, string parameter)
    {
        var response = await Client.GetAsync($"{Demo}/packages?{query}", Admin);

        response.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        response.Content.Headers.ContentType!.ToString().Should().Be("application/json");
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        json.RootElement.GetProperty("status").GetInt32().Should().Be(400);
        json.RootElement.GetProperty("error").GetString().Should().Contain(parameter);
        json.RootElement.GetProperty("message").GetString().Should().Contain(parameter);
        json.RootElement.GetProperty("detail").GetString().Should().Contain(parameter);
        json.RootElement.GetProperty("errors").TryGetProperty(parameter, out _).Should().BeTrue();
    }

    [Fact]
    public async Task Listing_needs_view_permission()
    {
        await PublishAsync("tool", "1.0.0");

        (await Client.GetAsync($"{Demo}/packages", token: null)).StatusCode.Should().Be(HttpStatusCode.Unauthorized);
        var (_, outsider) = await Host.CreateUserAsync("outsider");
        (await Client.GetAsync($"{Demo}/packages", outsider)).StatusCode.Should().Be(HttpStatusCode.NotFound);
        (await Client.GetAsync($"{Demo}/packages", "glpat-wrong")).StatusCode.Should().Be(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task Head_answers_the_listing_headers()
    {
        await PublishAsync("tool", "1.0.0");

        var head = await Client.SendAsync(new HttpRequestMessage(HttpMethod.Head, $"{Demo}/packages") { Headers = { { "PRIVATE-TOKEN", Admin } } });

        head.StatusCode.Should().Be(HttpStatusCode.OK);
        Header(head, "X-Total").Should().Be("1");
    }
}
