using System.Globalization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Extensions;
using Registry.Core.Storage;

namespace Registry.Formats.Api;

/// <summary>
/// GitLab's offset-pagination headers (https://docs.gitlab.com/ee/api/rest/#pagination-link-header):
/// <c>X-Total</c>, <c>X-Total-Pages</c>, <c>X-Page</c>, <c>X-Per-Page</c>, <c>X-Next-Page</c>, <c>X-Prev-Page</c>
/// (empty when there is none) and a <c>Link</c> header built from the request URL with <c>page</c> replaced.
/// </summary>
internal static class Pagination
{
    public static void WriteHeaders(HttpContext context, long total, PageRequest paging)
    {
        var totalPages = Math.Max(1, (int)((total + paging.PerPage - 1) / paging.PerPage));
        var next = paging.Page < totalPages ? paging.Page + 1 : (int?)null;
        var prev = paging.Page > 1 ? Math.Min(paging.Page - 1, totalPages) : (int?)null;
        context.Response.Headers["X-Total"] = total.ToString(CultureInfo.InvariantCulture);
        context.Response.Headers["X-Total-Pages"] = Text(totalPages);
        WritePageHeaders(context, paging, prev, next, totalPages);
    }

    /// <summary>
    /// The headers for a page from the catalog. Past <see cref="PackagePage.MaxCountedTotal"/> matches, as GitLab does,
    /// without <c>X-Total</c>, <c>X-Total-Pages</c> and the <c>last</c> link; a next page is named while this one is full.
    /// </summary>
    public static void WriteHeaders(HttpContext context, PackagePage page, PageRequest paging)
    {
        if (!page.IsTotalCapped)
        {
            WriteHeaders(context, page.Total, paging);
            return;
        }

        var next = page.Items.Count == paging.PerPage ? paging.Page + 1 : (int?)null;
        var prev = paging.Page > 1 ? paging.Page - 1 : (int?)null;
        WritePageHeaders(context, paging, prev, next, lastPage: null);
    }

    /// <summary>Pages a list already in memory (a package's files) and writes the headers.</summary>
    public static IReadOnlyList<T> Page<T>(HttpContext context, IReadOnlyList<T> all, PageRequest paging)
    {
        WriteHeaders(context, all.Count, paging);
        return [.. all.Skip((int)Math.Min(int.MaxValue, (paging.Page - 1L) * paging.PerPage)).Take(paging.PerPage)];
    }

    private static void WritePageHeaders(HttpContext context, PageRequest paging, int? prev, int? next, int? lastPage)
    {
        var headers = context.Response.Headers;
        headers["X-Page"] = Text(paging.Page);
        headers["X-Per-Page"] = Text(paging.PerPage);
        headers["X-Next-Page"] = next is { } n ? Text(n) : string.Empty;
        headers["X-Prev-Page"] = prev is { } p ? Text(p) : string.Empty;

        var links = new List<string>(4);
        if (prev is { } prevPage)
        {
            links.Add(Link(context.Request, prevPage, "prev"));
        }

        if (next is { } nextPage)
        {
            links.Add(Link(context.Request, nextPage, "next"));
        }

        links.Add(Link(context.Request, 1, "first"));
        if (lastPage is { } last)
        {
            links.Add(Link(context.Request, last, "last"));
        }

        headers.Link = string.Join(", ", links);
    }

    private static string Link(HttpRequest request, int page, string rel)
    {
        var query = new QueryBuilder(request.Query
            .Where(static q => !string.Equals(q.Key, "page", StringComparison.Ordinal))
            .SelectMany(static q => q.Value.Select(v => new KeyValuePair<string, string>(q.Key, v ?? string.Empty))))
        {
            { "page", Text(page) },
        };
        var url = UriHelper.BuildAbsolute(request.Scheme, request.Host, request.PathBase, request.Path, query.ToQueryString());
        return $"<{url}>; rel=\"{rel}\"";
    }

    private static string Text(int value) => value.ToString(CultureInfo.InvariantCulture);
}
