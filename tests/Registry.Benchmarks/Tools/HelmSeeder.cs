using System.Net.Http.Headers;
using System.Text;

namespace Registry.Benchmarks.Tools;

/// <summary>
/// Helm: the chart <c>bench-big</c> with <c>versions</c> versions of about <c>chartBytes</c> each in channel
/// <c>stable</c>, uploaded as <c>helm cm-push</c> does (a multipart POST with the chart as <c>chart</c>). The reads are
/// what <c>helm repo update</c> and <c>helm pull</c> fetch: <c>index.yaml</c> and the chart.
/// </summary>
internal sealed class HelmSeeder(int versions, int chartBytes) : IFormatSeeder
{
    private const string Chart = "bench-big";
    private const string Channel = "stable";

    public IReadOnlyList<BenchEndpoint> Endpoints(BenchProject project) =>
    [
        new("Helm index.yaml", $"{project.ProjectApi}/packages/helm/{Channel}/index.yaml", null, BenchEndpoint.MetadataTarget),
        new("Helm chart .tgz (200 KB)", $"{project.ProjectApi}/packages/helm/{Channel}/charts/{Chart}-{Version(versions - 1)}.tgz", null, BenchEndpoint.FileTarget),
    ];

    public async Task SeedAsync(HttpClient client, BenchProject project, CancellationToken cancellationToken)
    {
        for (var i = 0; i < versions; i++)
        {
            var chartYaml = $"apiVersion: v2\nname: {Chart}\nversion: {Version(i)}\ndescription: The load benchmark's chart\ntype: application\nappVersion: \"{Version(i)}\"\n";
            var chart = BenchArchives.Tgz(
            [
                ($"{Chart}/Chart.yaml", Encoding.UTF8.GetBytes(chartYaml)),
                ($"{Chart}/values.yaml", Encoding.UTF8.GetBytes("replicaCount: 1\n")),
                ($"{Chart}/files/payload.bin", BenchArchives.Payload(chartBytes, 6000 + i)),
            ]);
            using var form = new MultipartFormDataContent();
            var part = new ByteArrayContent(chart);
            part.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
            form.Add(part, "chart", $"{Chart}-{Version(i)}.tgz");
            using var response = await client.PostAsync(new Uri($"{project.ProjectApi}/packages/helm/api/{Channel}/charts"), form, cancellationToken).ConfigureAwait(false);
            await HttpSeeding.EnsureSuccessAsync(response, cancellationToken).ConfigureAwait(false);
        }
    }

    private static string Version(int index) => $"1.0.{index}";
}
