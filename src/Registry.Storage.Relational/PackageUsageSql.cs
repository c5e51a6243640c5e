using System.Data.Common;
using System.Globalization;
using System.Text;
using Registry.Core.Usage;

namespace Registry.Storage.Relational;

/// <summary>
/// The one aggregate query behind storage usage and quota checks: per package type the live packages, their live files
/// and bytes, and, in a last row, the bytes of the distinct contents (SHA-256) among those files. Projects are
/// parameters, never text.
/// </summary>
internal static class PackageUsageSql
{
    /// <summary>Reads the usage of <paramref name="projectIds"/> on <paramref name="connection"/> (inside <paramref name="transaction"/> when given).</summary>
    public static async Task<PackageUsage> ReadAsync(DbConnection connection, DbTransaction? transaction, IReadOnlyCollection<long> projectIds, CancellationToken cancellationToken)
    {
        if (projectIds.Count == 0)
        {
            return PackageUsage.Empty;
        }

        var parameters = new List<(string Name, object? Value)>(projectIds.Count);
        var names = new StringBuilder();
        foreach (var projectId in projectIds)
        {
            var name = "@project" + parameters.Count.ToString(CultureInfo.InvariantCulture);
            names.Append(parameters.Count == 0 ? string.Empty : ", ").Append(name);
            parameters.Add((name, projectId));
        }

        // Packages without a live file still count as packages (LEFT JOIN); the distinct contents' row has no type.
        var sql = $"""
            WITH live AS (
                SELECT p.id, p.type FROM packages p WHERE p.project_id IN ({names}) AND p.status <> 4
            ), files AS (
                SELECT f.package_id, f.size, f.sha256 FROM package_files f WHERE f.status = 0 AND f.package_id IN (SELECT id FROM live)
            )
            SELECT l.type, COUNT(DISTINCT l.id), COUNT(f.package_id), COALESCE(SUM(f.size), 0), 0
            FROM live l LEFT JOIN files f ON f.package_id = l.id
            GROUP BY l.type
            UNION ALL
            SELECT NULL, 0, 0, 0, COALESCE(SUM(d.size), 0) FROM (SELECT MAX(size) AS size FROM files GROUP BY sha256) d
            """;
        var rows = await connection.ListAsync(
            transaction,
            sql,
            static r => (Type: r.GetStringOrNull(0), Packages: Int64(r, 1), Files: Int64(r, 2), Bytes: Int64(r, 3), Distinct: Int64(r, 4)),
            cancellationToken,
            [.. parameters]).ConfigureAwait(false);

        var formats = rows.Where(static r => r.Type is not null)
            .Select(static r => new FormatUsage(r.Type ?? string.Empty, r.Packages, r.Files, r.Bytes))
            .OrderBy(static f => f.PackageType, StringComparer.Ordinal)
            .ToList();
        return new PackageUsage(
            formats,
            formats.Sum(static f => f.Packages),
            formats.Sum(static f => f.Files),
            formats.Sum(static f => f.Bytes),
            rows.Where(static r => r.Type is null).Sum(static r => r.Distinct));
    }

    // PostgreSQL's SUM of a BIGINT is NUMERIC; SQLite's is an integer.
    private static long Int64(DbDataReader reader, int ordinal) => Convert.ToInt64(reader.GetValue(ordinal), CultureInfo.InvariantCulture);
}
