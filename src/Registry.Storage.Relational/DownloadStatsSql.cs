namespace Registry.Storage.Relational;

/// <summary>The statements over <c>package_download_stats</c> (migration 11), with one parameter set per package.</summary>
internal static class DownloadStatsSql
{
    /// <summary>
    /// Upserts <paramref name="count"/> packages' times (<c>@p{i}</c>, <c>@a{i}</c>), each only while its package exists
    /// (the <c>SELECT</c> from <c>packages</c>, which the foreign key needs anyway) and only over a time at least
    /// <c>@interval</c> milliseconds older, so hosts sharing a database write a package at most once per interval.
    /// </summary>
    /// <remarks>
    /// Every arm ends in a <c>WHERE</c>: SQLite reads an <c>ON</c> right after a <c>SELECT</c>'s <c>FROM</c> as a join
    /// constraint otherwise. Both dialects accept the whole statement.
    /// </remarks>
    public static string Upsert(int count)
    {
        var arms = Enumerable.Range(0, count).Select(static i => $"SELECT p.id, {Name("@a", i)} FROM packages p WHERE p.id = {Name("@p", i)}");
        return $"""
            INSERT INTO package_download_stats (package_id, last_downloaded_at)
            {string.Join("\nUNION ALL ", arms)}
            ON CONFLICT (package_id) DO UPDATE SET last_downloaded_at = excluded.last_downloaded_at
            WHERE package_download_stats.last_downloaded_at <= excluded.last_downloaded_at - @interval
            """;
    }

    /// <summary>The parameters of <see cref="Upsert"/>.</summary>
    public static (string Name, object? Value)[] Parameters(IReadOnlyList<KeyValuePair<long, DateTimeOffset>> downloads, TimeSpan interval)
    {
        var parameters = new (string Name, object? Value)[(downloads.Count * 2) + 1];
        for (var i = 0; i < downloads.Count; i++)
        {
            parameters[2 * i] = (Name("@p", i), downloads[i].Key);
            parameters[(2 * i) + 1] = (Name("@a", i), downloads[i].Value.ToUnixMs());
        }

        parameters[^1] = ("@interval", (long)interval.TotalMilliseconds);
        return parameters;
    }

    /// <summary>Reads the times of <paramref name="count"/> packages (<c>@p{i}</c>).</summary>
    public static string Select(int count) =>
        $"SELECT package_id, last_downloaded_at FROM package_download_stats WHERE package_id IN ({string.Join(", ", Enumerable.Range(0, count).Select(static i => Name("@p", i)))})";

    /// <summary>The parameters of <see cref="Select"/>.</summary>
    public static (string Name, object? Value)[] IdParameters(IReadOnlyList<long> packageIds) =>
        [.. packageIds.Select(static (id, i) => (Name("@p", i), (object?)id))];

    // The name of the i-th package's parameter: the statements and their parameter lists must spell it alike.
    private static string Name(string prefix, int i) => prefix + i.ToString(System.Globalization.CultureInfo.InvariantCulture);
}
