using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Npgsql;

namespace Registry.Testing;

/// <summary>
/// The PostgreSQL server of a test run: the one <c>REGISTRY_TEST_POSTGRES</c> names (an admin connection string), or
/// else a throwaway server that the first test to need it starts on a free loopback port in a temp directory
/// (<c>initdb</c> and <c>pg_ctl</c> from the PATH, as the <c>postgres</c> user when the tests run as root) and that
/// is stopped and deleted when the test process exits. Each caller gets a database of its own.
/// </summary>
public static class PostgreSqlTestServer
{
    /// <summary>The variable that points the tests at an existing server instead.</summary>
    public const string ConnectionVariable = "REGISTRY_TEST_POSTGRES";

    private const string DirectoryPrefix = "registry-pg-";
    private static readonly string[] ServerTools = ["initdb", "pg_ctl"];
    private static readonly Lazy<Task<string>> Admin = new(StartAsync);

    /// <summary>Why PostgreSQL tests are skipped here, or null when they run (always under <c>REGISTRY_E2E_REQUIRED=1</c>).</summary>
    public static string? SkipReason
    {
        get
        {
            if (Environment.GetEnvironmentVariable(ConnectionVariable) is { Length: > 0 }
                || Environment.GetEnvironmentVariable("REGISTRY_E2E_REQUIRED") == "1")
            {
                return null;
            }

            var missing = ServerTools.Where(e => FindOrNull(e) is null).ToArray();
            return missing.Length == 0
                ? null
                : $"PostgreSQL not installed ({string.Join(", ", missing)} not on PATH) and {ConnectionVariable} not set (set REGISTRY_E2E_REQUIRED=1 to fail instead)";
        }
    }

    /// <summary>Creates an empty database and returns a connection string to it.</summary>
    public static async Task<string> CreateDatabaseAsync()
    {
        var admin = await Admin.Value;
        var name = "registry_test_" + Guid.NewGuid().ToString("N");
        await using (var connection = new NpgsqlConnection(admin))
        {
            await connection.OpenAsync();
            await using var command = new NpgsqlCommand($"CREATE DATABASE \"{name}\"", connection);
            await command.ExecuteNonQueryAsync();
        }

        return new NpgsqlConnectionStringBuilder(admin) { Database = name, Pooling = true }.ToString();
    }

    /// <summary>Drops a database made by <see cref="CreateDatabaseAsync"/>, closing what is still connected to it.</summary>
    public static async Task DropDatabaseAsync(string connectionString)
    {
        var database = new NpgsqlConnectionStringBuilder(connectionString).Database;
        await using var connection = new NpgsqlConnection(await Admin.Value);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{database}\" WITH (FORCE)", connection);
        await command.ExecuteNonQueryAsync();
    }

    private static Task<string> StartAsync() => Task.Run(() =>
    {
        if (Environment.GetEnvironmentVariable(ConnectionVariable) is { Length: > 0 } configured)
        {
            return new NpgsqlConnectionStringBuilder(configured) { Pooling = false }.ToString();
        }

        SweepStopped();
        var directory = Path.Combine(Path.GetTempPath(), DirectoryPrefix + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(directory);
        var asRoot = Environment.UserName == "root";
        if (asRoot)
        {
            // initdb refuses to run as root; the server's files must belong to the user it runs as.
            Run("chown", "postgres:postgres", directory);
        }

        var port = FreePort();
        RunAsServerUser(asRoot, "initdb", "-D", directory, "-A", "trust", "-U", "postgres", "-E", "UTF8", "--no-sync");
        AppDomain.CurrentDomain.ProcessExit += (_, _) => Stop(asRoot, directory);

        // Durability is worthless for a throwaway server; max_connections covers two hosts' pools plus the tests'.
        RunAsServerUser(
            asRoot,
            "pg_ctl", "-D", directory, "-l", Path.Combine(directory, "server.log"), "-w", "-o",
            $"-p {port} -k {directory} -c listen_addresses=127.0.0.1 -c max_connections=500 -c fsync=off -c synchronous_commit=off -c full_page_writes=off",
            "start");
        return $"Host=127.0.0.1;Port={port};Username=postgres;Database=postgres;Pooling=false";
    });

    private static void Stop(bool asRoot, string directory)
    {
        try
        {
            RunAsServerUser(asRoot, "pg_ctl", "-D", directory, "-m", "immediate", "-w", "stop");
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    /// <summary>
    /// Deletes data directories of servers that are no longer running: the test host may be ended before its exit
    /// handler has removed its own.
    /// </summary>
    private static void SweepStopped()
    {
        foreach (var stale in Directory.EnumerateDirectories(Path.GetTempPath(), DirectoryPrefix + "*"))
        {
            // The age check spares a directory another test process has just made and not started yet.
            if (!File.Exists(Path.Combine(stale, "postmaster.pid"))
                && Directory.GetLastWriteTimeUtc(stale) < DateTime.UtcNow.AddMinutes(-10))
            {
                try
                {
                    Directory.Delete(stale, recursive: true);
                }
                catch (IOException)
                {
                    // Another test process may be sweeping it at the same moment.
                }
            }
        }
    }

    private static void RunAsServerUser(bool asRoot, string executable, params string[] arguments)
    {
        var path = FindOrNull(executable) ?? throw new InvalidOperationException($"{executable} is not on PATH");
        if (asRoot)
        {
            Run("runuser", ["-u", "postgres", "--", path, .. arguments]);
        }
        else
        {
            Run(path, arguments);
        }
    }

    private static void Run(string executable, params string[] arguments)
    {
        var info = new ProcessStartInfo(executable)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        using var process = Process.Start(info) ?? throw new InvalidOperationException($"could not start {executable}");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        process.WaitForExit();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{executable} {string.Join(' ', arguments)} exited with {process.ExitCode}:\n{stdout.Result}\n{stderr.Result}");
        }
    }

    private static string? FindOrNull(string executable) =>
        (Environment.GetEnvironmentVariable("PATH") ?? string.Empty)
            .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Select(dir => Path.Combine(dir, executable))
            .FirstOrDefault(File.Exists);

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
