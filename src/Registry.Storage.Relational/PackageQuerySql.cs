using System.Globalization;
using System.Text;
using Registry.Core.Packages;
using Registry.Core.Storage;

namespace Registry.Storage.Relational;

/// <summary>
/// Turns a <see cref="PackageQuery"/> into a count and a page query. The SQL is assembled from constant
/// fragments only; every value the caller gave is a parameter.
/// </summary>
internal sealed class PackageQuerySql
{
    private PackageQuerySql(string countSql, (string Name, object? Value)[] countParameters, string pageSql, (string Name, object? Value)[] pageParameters)
    {
        CountSql = countSql;
        CountParameters = countParameters;
        PageSql = pageSql;
        PageParameters = pageParameters;
    }

    /// <summary>Counts every matching package.</summary>
    public string CountSql { get; }

    /// <summary>Selects one page with <see cref="PackageRows.PackageColumns"/>.</summary>
    public string PageSql { get; }

    /// <summary>The parameters of <see cref="CountSql"/>.</summary>
    public (string Name, object? Value)[] CountParameters { get; }

    /// <summary>The parameters of <see cref="PageSql"/>.</summary>
    public (string Name, object? Value)[] PageParameters { get; }

    /// <summary>Builds the statements; the query must name at least one project.</summary>
    /// <param name="query">The query.</param>
    /// <param name="binaryCollation">The dialect's code-point collation (<see cref="RelationalDatabase.BinaryCollation"/>), so text sorts alike everywhere.</param>
    public static PackageQuerySql Build(PackageQuery query, string binaryCollation)
    {
        ArgumentNullException.ThrowIfNull(query);
        ArgumentOutOfRangeException.ThrowIfLessThan(query.Page, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(query.PerPage, 1);

        var parameters = new List<(string Name, object? Value)>();
        var where = new StringBuilder("p.project_id IN (");
        var index = 0;
        foreach (var projectId in query.ProjectIds)
        {
            var name = "@project" + index.ToString(CultureInfo.InvariantCulture);
            where.Append(index++ == 0 ? string.Empty : ", ").Append(name);
            parameters.Add((name, projectId));
        }

        where.Append(')');

        if (query.PackageType is not null)
        {
            where.Append(" AND p.type = @type");
            parameters.Add(("@type", query.PackageType));
        }

        if (!string.IsNullOrEmpty(query.NameContains))
        {
            // LOWER on both sides rather than ILIKE or SQLite's ASCII-only case folding, so both databases agree.
            where.Append(@" AND LOWER(p.name) LIKE LOWER(@name) ESCAPE '\'");
            parameters.Add(("@name", "%" + EscapeLike(query.NameContains) + "%"));
        }

        if (query.Version is not null)
        {
            where.Append(" AND p.version = @version");
            parameters.Add(("@version", query.Version));
        }

        if (query.Status is { } status)
        {
            where.Append(" AND p.status = @status");
            parameters.Add(("@status", (int)status));
        }
        else
        {
            where.Append(" AND p.status IN (")
                .Append((int)PackageStatus.Default)
                .Append(", ")
                .Append((int)PackageStatus.Deprecated)
                .Append(')');
        }

        var direction = query.Descending ? " DESC" : " ASC";
        var collate = " COLLATE " + binaryCollation;
        var (join, orderColumn) = query.OrderBy switch
        {
            PackageOrder.CreatedAt => (string.Empty, "p.created_at"),
            PackageOrder.Name => (string.Empty, "p.name" + collate),
            PackageOrder.Version => (string.Empty, "p.version" + collate),
            PackageOrder.Type => (string.Empty, "p.type" + collate),
            // COALESCE: NULLs sort first in SQLite and last in PostgreSQL; a host's own directory leaves projects empty.
            PackageOrder.ProjectPath => (" LEFT JOIN projects pr ON pr.id = p.project_id", "COALESCE(pr.full_path, '')" + collate),
            _ => throw new ArgumentOutOfRangeException(nameof(query), query.OrderBy, "Unknown sort key."),
        };

        (string Name, object? Value)[] countParameters = [.. parameters];
        parameters.Add(("@limit", query.PerPage));
        parameters.Add(("@offset", (query.Page - 1L) * query.PerPage));

        // Counting stops one past the cap (PackagePage.MaxCountedTotal): a million-row catalog is not counted per page.
        countParameters = [.. countParameters, ("@count_limit", PackagePage.MaxCountedTotal + 1)];
        var countSql = "SELECT COUNT(*) FROM (SELECT 1 FROM packages p WHERE " + where + " LIMIT @count_limit) counted";
        var pageSql = "SELECT " + PackageRows.PackageColumns + " FROM packages p" + join + " WHERE " + where
            + " ORDER BY " + orderColumn + direction + ", p.id" + direction
            + " LIMIT @limit OFFSET @offset";
        return new PackageQuerySql(countSql, countParameters, pageSql, [.. parameters]);
    }

    private static string EscapeLike(string value) =>
        value.Replace(@"\", @"\\", StringComparison.Ordinal)
            .Replace("%", @"\%", StringComparison.Ordinal)
            .Replace("_", @"\_", StringComparison.Ordinal);
}
