using System.Diagnostics;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.Data.Sqlite;

namespace Registry.Benchmarks.Tools;

/// <summary>
/// The scaling run's catalogs, written straight into the SQLite store while the host is stopped (publishing a million
/// packages over HTTP would take hours): one npm package per version count in <c>scale/versions</c>, one project per
/// listing size with that many generic packages, and 10,000 packages spread over the fifty projects of group <c>fifty</c>.
/// One transaction and one prepared statement per table: a million rows take seconds.
/// </summary>
internal static class CatalogSeeding
{
    public const string VersionsProject = "versions";
    public const int FiftyPackages = 10_000;

    public static IReadOnlyList<int> VersionCounts { get; } = [1, 100, 1_000, 10_000];

    public static IReadOnlyList<int> ListingSizes { get; } = [10_000, 100_000, 1_000_000];

    public static string ListingProject(int size) => "list-" + size.ToString(CultureInfo.InvariantCulture);

    public static string VersionsPackage(int count) => "scale-" + count.ToString(CultureInfo.InvariantCulture);

    public static async Task RunAsync(string dataPath, CancellationToken cancellationToken)
    {
        var connection = new SqliteConnection($"Data Source={Path.Combine(dataPath, "registry.db")}");
        await using (connection.ConfigureAwait(false))
        {
            await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
            var watch = Stopwatch.StartNew();
            var transaction = (SqliteTransaction)await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
            await using (transaction.ConfigureAwait(false))
            {
                var insert = new PackageInserter(connection, transaction);
                var versionsProject = await ProjectIdAsync(connection, transaction, $"{BenchDirectory.ScaleGroup}/{VersionsProject}", cancellationToken).ConfigureAwait(false);
                foreach (var count in VersionCounts)
                {
                    var name = VersionsPackage(count);
                    for (var i = 0; i < count; i++)
                    {
                        var version = $"1.{i / 1000}.{i % 1000}";
                        insert.Add(versionsProject, "npm", name, version, NpmManifest(name, version));
                    }
                }

                foreach (var size in ListingSizes)
                {
                    var project = await ProjectIdAsync(connection, transaction, $"{BenchDirectory.ScaleGroup}/{ListingProject(size)}", cancellationToken).ConfigureAwait(false);
                    for (var i = 0; i < size; i++)
                    {
                        insert.Add(project, "generic", "pkg-" + i.ToString("D7", CultureInfo.InvariantCulture), "1.0.0", null);
                    }
                }

                for (var p = 0; p < BenchDirectory.FiftyProjects; p++)
                {
                    var project = await ProjectIdAsync(connection, transaction, $"{BenchDirectory.FiftyGroup}/p{p:D2}", cancellationToken).ConfigureAwait(false);
                    for (var i = 0; i < FiftyPackages / BenchDirectory.FiftyProjects; i++)
                    {
                        insert.Add(project, "generic", $"p{p:D2}-pkg-{i:D4}", "1.0.0", null);
                    }
                }

                await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
                Console.WriteLine($"seeded {insert.Count:N0} packages in {watch.Elapsed.TotalSeconds:F1} s");
            }
        }

        SqliteConnection.ClearAllPools();
    }

    private static async Task<long> ProjectIdAsync(SqliteConnection connection, SqliteTransaction transaction, string fullPath, CancellationToken cancellationToken)
    {
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = "SELECT id FROM projects WHERE full_path = @path";
        command.Parameters.AddWithValue("@path", fullPath);
        return await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) as long?
            ?? throw new InvalidOperationException($"No project {fullPath}: run `tool prepare` first.");
    }

    /// <summary>A manifest as npm sends it, with digests of a made-up tarball, so the packument has its real size per version.</summary>
    private static string NpmManifest(string name, string version)
    {
        var digest = SHA512.HashData(Encoding.UTF8.GetBytes(name + version));
        return new JsonObject
        {
            ["name"] = name,
            ["version"] = version,
            ["description"] = "The scaling run's npm package",
            ["main"] = "index.js",
            ["license"] = "MIT",
            ["dependencies"] = new JsonObject { ["left-pad"] = "^1.3.0" },
            ["_id"] = $"{name}@{version}",
            ["dist"] = new JsonObject
            {
                ["integrity"] = "sha512-" + Convert.ToBase64String(digest),
                ["shasum"] = Convert.ToHexStringLower(digest.AsSpan(0, 20)),
            },
        }.ToJsonString();
    }

    /// <summary>One prepared INSERT reused for every row.</summary>
    private sealed class PackageInserter
    {
        private readonly SqliteCommand _command;
        private readonly SqliteParameter _project;
        private readonly SqliteParameter _type;
        private readonly SqliteParameter _name;
        private readonly SqliteParameter _version;
        private readonly SqliteParameter _metadata;
        private readonly SqliteParameter _createdAt;
        private readonly long _start = DateTimeOffset.UtcNow.AddDays(-30).ToUnixTimeMilliseconds();

        public PackageInserter(SqliteConnection connection, SqliteTransaction transaction)
        {
            _command = connection.CreateCommand();
            _command.Transaction = transaction;
            _command.CommandText = """
                INSERT INTO packages (project_id, type, name, normalized_name, version, normalized_version, status, tags, metadata, created_at, updated_at)
                VALUES (@project, @type, @name, @name, @version, @version, 0, '[]', @metadata, @created_at, @created_at)
                """;
            _project = _command.Parameters.Add("@project", SqliteType.Integer);
            _type = _command.Parameters.Add("@type", SqliteType.Text);
            _name = _command.Parameters.Add("@name", SqliteType.Text);
            _version = _command.Parameters.Add("@version", SqliteType.Text);
            _metadata = _command.Parameters.Add("@metadata", SqliteType.Text);
            _createdAt = _command.Parameters.Add("@created_at", SqliteType.Integer);
            _command.Prepare();
        }

        public int Count { get; private set; }

        public void Add(long projectId, string type, string name, string version, string? metadata)
        {
            _project.Value = projectId;
            _type.Value = type;
            _name.Value = name;
            _version.Value = version;
            _metadata.Value = (object?)metadata ?? DBNull.Value;
            _createdAt.Value = _start + Count;
            _command.ExecuteNonQuery();
            Count++;
        }
    }
}
