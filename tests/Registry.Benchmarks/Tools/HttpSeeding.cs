using System.Globalization;
using System.Net.Http.Headers;
using System.Text;

namespace Registry.Benchmarks.Tools;

/// <summary>
/// Seeds a running sample host through its HTTP API (every format into the private and the public project), then
/// fetches each benchmark read once and writes the bytes as static files for nginx, with <c>endpoints.tsv</c> listing
/// what to measure: <c>label, our URL, accept, static path, target ratio, auth</c>.
/// </summary>
internal static class HttpSeeding
{
    /// <summary>The formats the load benchmark covers; a new format adds its seeder here.</summary>
    public static IReadOnlyList<IFormatSeeder> Seeders(int versions) =>
    [
        new NpmSeeder(versions, tarballBytes: 200 * 1024),
        new NuGetSeeder(versions, payloadBytes: 200 * 1024),
        new PyPISeeder(versions, wheelBytes: 200 * 1024),
        new TerraformSeeder(versions, archiveBytes: 200 * 1024),
        new GoSeeder(versions, zipBytes: 200 * 1024),
        new ComposerSeeder(versions, zipBytes: 200 * 1024),
        new HelmSeeder(versions, chartBytes: 200 * 1024),
    ];

    public static async Task RunAsync(Uri baseUrl, string token, string exportRoot, int versions, CancellationToken cancellationToken)
    {
        using var client = new HttpClient { BaseAddress = baseUrl, Timeout = TimeSpan.FromMinutes(5) };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        // Anonymous rows are exported without the token, so a read the registry refuses anonymously fails here, not under wrk.
        using var anonymousClient = new HttpClient { BaseAddress = baseUrl, Timeout = TimeSpan.FromMinutes(5) };
        var seeders = Seeders(versions);
        (string Project, string Auth)[] projects = [(BenchDirectory.PrivateProject, "token"), (BenchDirectory.PublicProject, "anonymous")];
        var rows = new StringBuilder();
        foreach (var (project, auth) in projects)
        {
            var target = new BenchProject($"{baseUrl.ToString().TrimEnd('/')}/api/v4", project);
            foreach (var seeder in seeders)
            {
                await seeder.SeedAsync(client, target, cancellationToken).ConfigureAwait(false);
                foreach (var endpoint in seeder.Endpoints(target))
                {
                    var url = endpoint.Url;
                    var staticPath = $"/{auth}/{Slug(endpoint.Label)}";
                    await ExportAsync(auth == "anonymous" ? anonymousClient : client, url, endpoint.Accept, Path.Combine(exportRoot, auth, Slug(endpoint.Label)), cancellationToken).ConfigureAwait(false);
                    rows.Append(CultureInfo.InvariantCulture, $"{endpoint.Label}\t{url}\t{endpoint.Accept ?? "-"}\t{staticPath}\t{endpoint.TargetRatio}\t{auth}\n");
                }
            }
        }

        await File.WriteAllTextAsync(Path.Combine(exportRoot, "endpoints.tsv"), rows.ToString(), cancellationToken).ConfigureAwait(false);
    }

    /// <summary>PUTs <paramref name="body"/> as a raw <c>application/octet-stream</c> body (curl's <c>--upload-file</c>), as GitLab's docs publish Terraform, Go and Composer archives.</summary>
    public static async Task PutBytesAsync(HttpClient client, string url, byte[] body, CancellationToken cancellationToken)
    {
        using var content = new ByteArrayContent(body);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        using var response = await client.PutAsync(new Uri(url), content, cancellationToken).ConfigureAwait(false);
        await EnsureSuccessAsync(response, cancellationToken).ConfigureAwait(false);
    }

    public static async Task EnsureSuccessAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        if (!response.IsSuccessStatusCode)
        {
            var body = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
            throw new InvalidOperationException($"{response.RequestMessage?.Method} {response.RequestMessage?.RequestUri} answered {(int)response.StatusCode}: {body}");
        }
    }

    /// <summary>The document exactly as the registry serves it, so nginx's copy has the same bytes.</summary>
    private static async Task ExportAsync(HttpClient client, string url, string? accept, string file, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, url);
        if (accept is not null)
        {
            request.Headers.Accept.ParseAdd(accept);
        }

        using var response = await client.SendAsync(request, cancellationToken).ConfigureAwait(false);
        await EnsureSuccessAsync(response, cancellationToken).ConfigureAwait(false);
        Directory.CreateDirectory(Path.GetDirectoryName(file) ?? ".");
        await File.WriteAllBytesAsync(file, await response.Content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false), cancellationToken).ConfigureAwait(false);
    }

    private static string Slug(string label) =>
        new([.. label.ToLowerInvariant().Select(c => char.IsAsciiLetterOrDigit(c) ? c : '-')]);
}
