using System.Globalization;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Registry.Core.Packages;
using Registry.Core.Storage;

namespace Registry.Formats.Api;

/// <summary>
/// The query parameters of GitLab's package listings (https://docs.gitlab.com/ee/api/packages.html), validated:
/// an invalid value answers 400 with a ProblemDetails that names the parameter, as GitLab's own validation does.
/// </summary>
internal sealed record PackageListRequest
{
    public const int MaxPerPage = 100;

    private static readonly Dictionary<string, PackageStatus> Statuses = Enum.GetValues<PackageStatus>()
        .ToDictionary(StatusName, static s => s, StringComparer.Ordinal);

    public string? PackageType { get; init; }
    public string? NameContains { get; init; }
    public string? Version { get; init; }
    public PackageStatus? Status { get; init; }
    public PackageOrder OrderBy { get; init; } = PackageOrder.CreatedAt;
    public bool Descending { get; init; }
    public PageRequest Paging { get; init; } = new(1, 20);
    public bool ExcludeSubgroups { get; init; }

    /// <summary>GitLab's lowercase snake name of a status (<c>pending_destruction</c>).</summary>
    public static string StatusName(PackageStatus status) => JsonNamingPolicy.SnakeCaseLower.ConvertName(status.ToString());

    /// <summary>Parses a listing's parameters; returns the 400 answer instead when one is invalid.</summary>
    public static IResult? TryParse(IQueryCollection query, IReadOnlyCollection<string> packageTypes, bool groupListing, out PackageListRequest request)
    {
        request = new PackageListRequest();
        if (PageRequest.TryParse(query, out var paging) is { } pagingProblem)
        {
            return pagingProblem;
        }

        var packageType = Value(query, "package_type");
        if (packageType is not null && !packageTypes.Contains(packageType, StringComparer.Ordinal))
        {
            return Invalid("package_type", $"package_type does not have a valid value; expected one of: {string.Join(", ", packageTypes)}");
        }

        PackageStatus? status = null;
        if (Value(query, "status") is { } statusText)
        {
            if (!Statuses.TryGetValue(statusText, out var parsed))
            {
                return Invalid("status", $"status does not have a valid value; expected one of: {string.Join(", ", Statuses.Keys)}");
            }

            status = parsed;
        }

        var orderBy = PackageOrder.CreatedAt;
        if (Value(query, "order_by") is { } orderText)
        {
            var order = ParseOrder(orderText, groupListing);
            if (order is null)
            {
                var allowed = groupListing ? "created_at, name, version, type, project_path" : "created_at, name, version, type";
                return Invalid("order_by", $"order_by does not have a valid value; expected one of: {allowed}");
            }

            orderBy = order.Value;
        }

        var descending = false;
        if (Value(query, "sort") is { } sort)
        {
            if (sort is not ("asc" or "desc"))
            {
                return Invalid("sort", "sort does not have a valid value; expected asc or desc");
            }

            descending = sort == "desc";
        }

        var excludeSubgroups = false;
        if (groupListing && Value(query, "exclude_subgroups") is { } exclude && !bool.TryParse(exclude, out excludeSubgroups))
        {
            return Invalid("exclude_subgroups", "exclude_subgroups is invalid; expected true or false");
        }

        // GitLab's include_versionless shows packages that have no version (Maven's plugin metadata, ...). Every package
        // here has a version, so both values list the same; the parameter is still validated as GitLab does.
        if (Value(query, "include_versionless") is { } versionless && !bool.TryParse(versionless, out _))
        {
            return Invalid("include_versionless", "include_versionless is invalid; expected true or false");
        }

        request = new PackageListRequest
        {
            PackageType = packageType,
            NameContains = Value(query, "package_name"),
            Version = Value(query, "package_version"),
            Status = status,
            OrderBy = orderBy,
            Descending = descending,
            Paging = paging,
            ExcludeSubgroups = excludeSubgroups,
        };
        return null;
    }

    public PackageQuery ToQuery(IReadOnlyCollection<long> projectIds) => new()
    {
        ProjectIds = projectIds,
        PackageType = PackageType,
        NameContains = NameContains,
        Version = Version,
        Status = Status,
        OrderBy = OrderBy,
        Descending = Descending,
        Page = Paging.Page,
        PerPage = Paging.PerPage,
    };

    /// <summary>A single query value; absent and empty are the same (GitLab ignores empty filters).</summary>
    internal static string? Value(IQueryCollection query, string name) =>
        query.TryGetValue(name, out var values) && values.Count > 0 && !string.IsNullOrEmpty(values.ToString()) ? values.ToString() : null;

    internal static IResult Invalid(string parameter, string detail) => ApiProblems.Invalid(parameter, detail);

    private static PackageOrder? ParseOrder(string text, bool groupListing) => text switch
    {
        "created_at" => PackageOrder.CreatedAt,
        "name" => PackageOrder.Name,
        "version" => PackageOrder.Version,
        "type" => PackageOrder.Type,
        "project_path" when groupListing => PackageOrder.ProjectPath,
        _ => null,
    };
}

/// <summary>GitLab's offset pagination parameters: <c>page</c> (from 1) and <c>per_page</c> (1 to 100, default 20).</summary>
internal readonly record struct PageRequest(int Page, int PerPage)
{
    public static IResult? TryParse(IQueryCollection query, out PageRequest request)
    {
        request = new PageRequest(1, 20);
        var page = 1;
        if (PackageListRequest.Value(query, "page") is { } pageText
            && (!int.TryParse(pageText, NumberStyles.None, CultureInfo.InvariantCulture, out page) || page < 1))
        {
            return PackageListRequest.Invalid("page", "page is invalid; expected an integer of at least 1");
        }

        var perPage = 20;
        if (PackageListRequest.Value(query, "per_page") is { } perPageText
            && (!int.TryParse(perPageText, NumberStyles.None, CultureInfo.InvariantCulture, out perPage) || perPage < 1 || perPage > PackageListRequest.MaxPerPage))
        {
            return PackageListRequest.Invalid("per_page", $"per_page is invalid; expected an integer from 1 to {PackageListRequest.MaxPerPage}");
        }

        request = new PageRequest(page, perPage);
        return null;
    }
}
