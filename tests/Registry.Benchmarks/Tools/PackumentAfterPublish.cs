using System.Diagnostics;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Registry.Core.Directory;
using Registry.Core.Packages;
using Registry.Core.Publishing;
using Registry.Core.Security;
using Registry.Core.Storage;
using Registry.Formats.Npm;
using Registry.Formats.Protocol;

namespace Registry.Benchmarks.Tools;

/// <summary>
/// Issue 19's figure: how long the GET of a many-version packument takes right after a publish. An in-process host (SQLite,
/// local blobs, npm) on a loopback port; the versions are published through Core's <see cref="PackagePublisher"/> (each
/// its own transaction, as npm's PUT does, minus the HTTP); then, per repetition, one more version is published and the
/// next GET of the full and of the abbreviated packument are timed, with a warm GET (the cached document) for reference.
/// Prints the figures; asserts nothing.
/// </summary>
internal static class PackumentAfterPublish
{
    private const string Name = "@bench/many";

    private const int WarmUpRounds = 40;

    public static async Task<int> RunAsync(string dataPath, int versions, int repetitions, CancellationToken cancellationToken)
    {
        var builder = WebApplication.CreateBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Configuration.AddInMemoryCollection([new("PackageRegistry:DataPath", dataPath)]);
        builder.Services.AddPackageRegistry().UseLocalStorage().UseEmbeddedDirectory().AddNpm();
        var app = builder.Build();
        await using (app.ConfigureAwait(false))
        {
            app.MapPackageRegistry();
            await app.StartAsync(cancellationToken).ConfigureAwait(false);
            var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses.First() ?? throw new InvalidOperationException("no address");

            var (project, authorized, fresh) = await CreateProjectAsync(app.Services, cancellationToken).ConfigureAwait(false);
            var publisher = app.Services.GetRequiredService<PackagePublisher>();
            var store = app.Services.GetRequiredService<IPackageStore>();
            var watch = Stopwatch.StartNew();
            var published = fresh ? 0 : (await store.ListVersionSummariesAsync(project.Id, new PackageType("npm"), Name, cancellationToken).ConfigureAwait(false)).Count;
            for (var i = published; i < versions; i++)
            {
                await PublishAsync(publisher, authorized, Version(i), cancellationToken).ConfigureAwait(false);
            }

            Console.WriteLine($"published {Math.Max(0, versions - published):N0} versions through PackagePublisher in {watch.Elapsed.TotalSeconds:F1} s");
            versions = Math.Max(versions, published);

            using var http = new HttpClient { BaseAddress = new Uri(address) };
            var url = $"/api/v4/projects/{project.Id}/packages/npm/{Uri.EscapeDataString(Name)}";
            var cold = await TimeGetAsync(http, url, abbreviated: false, cancellationToken).ConfigureAwait(false);
            Console.WriteLine($"first GET (nothing cached): full {cold.Milliseconds:F1} ms (CPU {cold.CpuMilliseconds:F1} ms), {cold.Bytes:N0} bytes");

            // Warm-up, untimed: rounds of publish and GETs until the paths run as a host that has served for a while runs
            // them (the runtime recompiles a method optimized after 30 calls, and a loop's method on its first long run),
            // so the timed rounds measure the registry rather than the JIT.
            for (var w = 0; w < WarmUpRounds; w++)
            {
                await PublishAsync(publisher, authorized, Version(versions++), cancellationToken).ConfigureAwait(false);
                _ = await TimeGetAsync(http, url, abbreviated: false, cancellationToken).ConfigureAwait(false);
                _ = await TimeGetAsync(http, url, abbreviated: true, cancellationToken).ConfigureAwait(false);
            }

            Console.WriteLine($"{WarmUpRounds} untimed warm-up rounds (publish, full GET, abbreviated GET)");

            var full = new List<double>();
            var fullCpu = new List<double>();
            var fullGc = new List<double>();
            var abbreviatedGc = new List<double>();
            var abbreviated = new List<double>();
            var abbreviatedCpu = new List<double>();
            var warm = new List<double>();
            var load = new List<double>();
            var gcPause = GC.GetTotalPauseDuration();
            var gen2 = GC.CollectionCount(2);
            var gen1 = GC.CollectionCount(1);
            var gen0 = GC.CollectionCount(0);
            var blocking = GC.GetGCMemoryInfo(GCKind.FullBlocking).Index;
            for (var r = 0; r < repetitions; r++)
            {
                await PublishAsync(publisher, authorized, Version(versions++), cancellationToken).ConfigureAwait(false);
                var (fullMs, _, fullCpuMs, fullGcMs) = await TimeGetAsync(http, url, abbreviated: false, cancellationToken).ConfigureAwait(false);
                full.Add(fullMs);
                fullCpu.Add(fullCpuMs);
                fullGc.Add(fullGcMs);
                var (abbreviatedMs, _, abbreviatedCpuMs, abbreviatedGcMs) = await TimeGetAsync(http, url, abbreviated: true, cancellationToken).ConfigureAwait(false);
                abbreviated.Add(abbreviatedMs);
                abbreviatedCpu.Add(abbreviatedCpuMs);
                abbreviatedGc.Add(abbreviatedGcMs);
                warm.Add((await TimeGetAsync(http, url, abbreviated: false, cancellationToken).ConfigureAwait(false)).Milliseconds);

                // The catalog load alone, as the render does it, to show its share of the GET.
                var loading = Stopwatch.StartNew();
                _ = await store.ListVersionsAsync(project.Id, new PackageType("npm"), Name, cancellationToken).ConfigureAwait(false);
                load.Add(loading.Elapsed.TotalMilliseconds);
            }

            // Garbage collection's share of the loop (publishes and all GETs): a 6 MB document is a large-object allocation.
            var loopGcPause = (GC.GetTotalPauseDuration() - gcPause).TotalMilliseconds;
            var loopGen2 = GC.CollectionCount(2) - gen2;
            var loopGen1 = GC.CollectionCount(1) - gen1;
            var loopGen0 = GC.CollectionCount(0) - gen0;
            var lastBlocking = GC.GetGCMemoryInfo(GCKind.FullBlocking);
            var heap = GC.GetGCMemoryInfo();

            // Where a render after a publish goes, step by step, outside HTTP (the steps the endpoint takes, in order).
            var fingerprints = new List<double>();
            var summaries = new List<double>();
            var renders = new List<double>();
            var rendersCpu = new List<double>();
            var wholeRenders = new List<double>();
            var wholeRendersCpu = new List<double>();
            var inMemory = new List<double>();
            var revs = new List<double>();
            var fragments = new DocumentFragmentCache();
            using (fragments)
            {
                var scope = "bench";
                _ = await NpmPackumentLoader.RenderAsync(store, fragments, scope, false, Name, project.Id, "http://bench/npm", cancellationToken).ConfigureAwait(false);
                for (var r = 0; r < repetitions; r++)
                {
                    await PublishAsync(publisher, authorized, Version(versions + r), cancellationToken).ConfigureAwait(false);
                    var step = Stopwatch.StartNew();
                    _ = await store.FindVersionsFingerprintOrNullAsync(project.Id, new PackageType("npm"), Name, cancellationToken).ConfigureAwait(false);
                    fingerprints.Add(step.Elapsed.TotalMilliseconds);
                    step.Restart();
                    _ = await store.ListVersionSummariesAsync(project.Id, new PackageType("npm"), Name, cancellationToken).ConfigureAwait(false);
                    summaries.Add(step.Elapsed.TotalMilliseconds);
                    step.Restart();
                    var cpu = CpuMilliseconds();
                    _ = await NpmPackumentLoader.RenderAsync(store, fragments, scope, false, Name, project.Id, "http://bench/npm", cancellationToken).ConfigureAwait(false);
                    renders.Add(step.Elapsed.TotalMilliseconds);
                    rendersCpu.Add(CpuMilliseconds() - cpu);

                    // The same document rendered whole, as before fragments were kept (every row read, every version
                    // rendered), in the same minute: the ratio holds whatever the machine's load.
                    using var nothingKept = new DocumentFragmentCache();
                    step.Restart();
                    cpu = CpuMilliseconds();
                    var all = await store.ListVersionsAsync(project.Id, new PackageType("npm"), Name, cancellationToken).ConfigureAwait(false);
                    _ = NpmPackuments.Render(nothingKept, scope, false, Name, all, "http://bench/npm");
                    wholeRenders.Add(step.Elapsed.TotalMilliseconds);
                    wholeRendersCpu.Add(CpuMilliseconds() - cpu);
                }

                // The render alone, every fragment kept and the rows in memory: what is left besides the two queries.
                var rows = await store.ListVersionSummariesAsync(project.Id, new PackageType("npm"), Name, cancellationToken).ConfigureAwait(false);
                var kept = rows.ToDictionary(r => r.Package.Id, r => NpmDocuments.FullFragment(Name, r.Package, "http://bench/npm"));
                var packages = rows.Select(r => r.Package).ToList();
                for (var r = 0; r < repetitions; r++)
                {
                    var step = Stopwatch.StartNew();
                    _ = NpmPackuments.Full(Name, packages, p => kept[p.Id]);
                    inMemory.Add(step.Elapsed.TotalMilliseconds);
                    step.Restart();
                    _ = NpmDocuments.Rev(packages);
                    revs.Add(step.Elapsed.TotalMilliseconds);
                }
            }

            Console.WriteLine($"{versions:N0}+ versions, {repetitions} publishes, median (min-max) ms:");
            Console.WriteLine($"  full packument GET after a publish:        {Summary(full)}, CPU {Summary(fullCpu)}, GC pause {Summary(fullGc)}");
            Console.WriteLine($"  abbreviated packument GET after a publish: {Summary(abbreviated)}, CPU {Summary(abbreviatedCpu)}, GC pause {Summary(abbreviatedGc)}");
            Console.WriteLine($"  full packument GET, unchanged (cached):   {Summary(warm)}");
            Console.WriteLine($"  catalog load (ListVersionsAsync) alone:   {Summary(load)}");
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  GC in those {repetitions} rounds ({(System.Runtime.GCSettings.IsServerGC ? "server" : "workstation")}): {loopGen0} gen0, {loopGen1} gen1, {loopGen2} gen2 collections (full blocking since: {lastBlocking.Index > blocking}), {loopGcPause:F1} ms paused in all; heap {heap.HeapSizeBytes / 1048576.0:F0} MiB"));
            Console.WriteLine($"  steps: fingerprint query                  {Summary(fingerprints)}");
            Console.WriteLine($"         versions without metadata          {Summary(summaries)}");
            Console.WriteLine($"         incremental render (list included) {Summary(renders)}, CPU {Summary(rendersCpu)}");
            Console.WriteLine($"         whole render, as before (all read)  {Summary(wholeRenders)}, CPU {Summary(wholeRendersCpu)}");
            Console.WriteLine($"         render from memory, all kept       {Summary(inMemory)}");
            Console.WriteLine($"         of which _rev                      {Summary(revs)}");
            await app.StopAsync(cancellationToken).ConfigureAwait(false);
            return 0;
        }
    }

    private static string Version(int i) => string.Create(CultureInfo.InvariantCulture, $"1.{i / 1000}.{i % 1000}");

    private static async Task<(Project Project, AuthorizedProject Authorized, bool Fresh)> CreateProjectAsync(IServiceProvider services, CancellationToken cancellationToken)
    {
        // A data directory of an earlier run is reused as it is (its versions already published), to time the GETs again.
        var project = await services.GetRequiredService<IProjectDirectory>().FindProjectOrNullAsync("bench/many", cancellationToken).ConfigureAwait(false);
        var fresh = project is null;
        if (project is null)
        {
            var directory = services.GetRequiredService<IDirectoryAdministration>();
            var group = await directory.TryCreateGroupAsync("bench", "bench", null, ProjectVisibility.Public, cancellationToken).ConfigureAwait(false)
                ?? throw new InvalidOperationException("Group bench exists without project bench/many.");
            project = await directory.TryCreateProjectAsync("many", "many", group.Id, ProjectVisibility.Public, PackageRegistryAccessLevel.Enabled, cancellationToken).ConfigureAwait(false)
                ?? throw new InvalidOperationException("Project bench/many could not be created.");
        }

        var admin = new RegistryPrincipal { Kind = PrincipalKind.User, UserId = 1, IsAdmin = true, Scopes = TokenScopes.Api, DisplayName = "bench" };
        var access = await services.GetRequiredService<ProjectAccessService>()
            .AuthorizeAsync(admin, project.Id.ToString(CultureInfo.InvariantCulture), PackageAction.Publish, EndpointScope.Project, cancellationToken).ConfigureAwait(false);
        return (project, access.Project ?? throw new InvalidOperationException($"Not authorized: {access.Decision}"), fresh);
    }

    private static async Task PublishAsync(PackagePublisher publisher, AuthorizedProject project, string version, CancellationToken cancellationToken)
    {
        var tarball = Encoding.UTF8.GetBytes(Name + version);
        var result = await publisher.PublishAsync(project, new PublishRequest
        {
            Type = new PackageType("npm"),
            Name = Name,
            Version = version,
            FileName = $"many-{version}.tgz",
            MaxBytes = 1024,
            Metadata = Manifest(version, tarball),
        }, new MemoryStream(tarball), cancellationToken).ConfigureAwait(false);
        if (result.Outcome != PublishOutcome.Published)
        {
            throw new InvalidOperationException($"publish {version}: {result.Outcome} {result.Error}");
        }
    }

    /// <summary>A manifest as npm sends it (the fields of a typical library), so each version has its real weight in the packument.</summary>
    private static string Manifest(string version, byte[] tarball) => new JsonObject
    {
        ["name"] = Name,
        ["version"] = version,
        ["description"] = "A package with many versions",
        ["main"] = "index.js",
        ["license"] = "MIT",
        ["scripts"] = new JsonObject { ["test"] = "node test.js" },
        ["dependencies"] = new JsonObject { ["left-pad"] = "^1.3.0", ["lodash"] = "^4.17.21" },
        ["engines"] = new JsonObject { ["node"] = ">=18" },
        ["_npmUser"] = new JsonObject { ["name"] = "bench" },
        ["dist"] = new JsonObject
        {
            ["integrity"] = "sha512-" + Convert.ToBase64String(SHA512.HashData(tarball)),
            ["shasum"] = Convert.ToHexStringLower(SHA1.HashData(tarball)),
        },
    }.ToJsonString();

    private static async Task<(double Milliseconds, long Bytes, double CpuMilliseconds, double GcPauseMilliseconds)> TimeGetAsync(HttpClient http, string url, bool abbreviated, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, url);
        if (abbreviated)
        {
            request.Headers.TryAddWithoutValidation("Accept", "application/vnd.npm.install-v1+json");
        }

        // The process's CPU time too (host and client, all threads): on a shared machine the wall time includes waiting for
        // a core, which the CPU time does not.
        using var process = Process.GetCurrentProcess();
        var cpu = process.TotalProcessorTime;
        var paused = GC.GetTotalPauseDuration();
        var watch = Stopwatch.StartNew();
        using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);

        // Read through a small buffer, as npm streams it to its parser: collecting 6 MB into an array would add the
        // client's large-object garbage to the host's collections in this one process.
        var body = 0L;
        var stream = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
        await using (stream.ConfigureAwait(false))
        {
            var buffer = new byte[32 * 1024];
            int read;
            while ((read = await stream.ReadAsync(buffer, cancellationToken).ConfigureAwait(false)) > 0)
            {
                body += read;
            }
        }

        var elapsed = watch.Elapsed.TotalMilliseconds;
        process.Refresh();
        var cpuElapsed = (process.TotalProcessorTime - cpu).TotalMilliseconds;
        response.EnsureSuccessStatusCode();
        return (elapsed, body, cpuElapsed, (GC.GetTotalPauseDuration() - paused).TotalMilliseconds);
    }

    private static double CpuMilliseconds()
    {
        using var process = Process.GetCurrentProcess();
        return process.TotalProcessorTime.TotalMilliseconds;
    }

    private static string Summary(List<double> values)
    {
        var sorted = values.Order().ToList();
        var median = sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[(sorted.Count / 2) - 1] + sorted[sorted.Count / 2]) / 2;
        return string.Create(CultureInfo.InvariantCulture, $"{median:F1} ({sorted[0]:F1}-{sorted[^1]:F1})");
    }
}
