using Microsoft.AspNetCore.Http;
using Registry.Core.Packages;
using Registry.Core.Storage;
using Registry.Formats.Api;

namespace Registry.Formats.Tests.Api;

/// <summary>GitLab's pagination headers, including its rule for listings past 10,000 matches.</summary>
public sealed class PaginationTests
{
    [Fact]
    public void A_counted_listing_names_its_total_and_last_page()
    {
        var context = Context();
        Pagination.WriteHeaders(context, new PackagePage(Items(20), 45), new PageRequest(2, 20));

        var headers = context.Response.Headers;
        headers["X-Total"].ToString().Should().Be("45");
        headers["X-Total-Pages"].ToString().Should().Be("3");
        headers["X-Next-Page"].ToString().Should().Be("3");
        headers["X-Prev-Page"].ToString().Should().Be("1");
        headers.Link.ToString().Should().Contain("rel=\"last\"");
    }

    [Fact]
    public void Past_ten_thousand_matches_the_total_and_last_link_are_left_out_as_GitLab_does()
    {
        var context = Context();
        var page = new PackagePage(Items(20), PackagePage.MaxCountedTotal + 1) { IsTotalCapped = true };
        Pagination.WriteHeaders(context, page, new PageRequest(1, 20));

        var headers = context.Response.Headers;
        headers.ContainsKey("X-Total").Should().BeFalse();
        headers.ContainsKey("X-Total-Pages").Should().BeFalse();
        headers["X-Page"].ToString().Should().Be("1");
        headers["X-Per-Page"].ToString().Should().Be("20");
        headers["X-Next-Page"].ToString().Should().Be("2");
        headers["X-Prev-Page"].ToString().Should().BeEmpty();
        headers.Link.ToString().Should().Contain("page=2>; rel=\"next\"").And.Contain("rel=\"first\"").And.NotContain("rel=\"last\"");
    }

    [Fact]
    public void Past_ten_thousand_matches_a_short_page_is_the_last()
    {
        var context = Context();
        var page = new PackagePage(Items(3), PackagePage.MaxCountedTotal + 1) { IsTotalCapped = true };
        Pagination.WriteHeaders(context, page, new PageRequest(7, 20));

        context.Response.Headers["X-Next-Page"].ToString().Should().BeEmpty();
        context.Response.Headers["X-Prev-Page"].ToString().Should().Be("6");
    }

    private static DefaultHttpContext Context()
    {
        var context = new DefaultHttpContext();
        context.Request.Scheme = "http";
        context.Request.Host = new HostString("registry.test");
        context.Request.Path = "/api/v4/projects/1/packages";
        return context;
    }

    private static List<Package> Items(int count) =>
        [.. Enumerable.Range(1, count).Select(i => new Package
        {
            Id = i,
            ProjectId = 1,
            Type = "generic",
            Name = "p",
            NormalizedName = "p",
            Version = "1." + i,
            NormalizedVersion = "1." + i,
            Status = PackageStatus.Default,
            CreatedAt = DateTimeOffset.UnixEpoch,
            UpdatedAt = DateTimeOffset.UnixEpoch,
        })];
}
