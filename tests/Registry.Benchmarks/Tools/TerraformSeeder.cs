using System.Text;

namespace Registry.Benchmarks.Tools;

/// <summary>
/// Terraform: a module <c>bench-{project}/local</c> with <c>versions</c> versions of about <c>archiveBytes</c> each, PUT
/// as GitLab's CI template does. The name carries the project's name because GitLab refuses one module name in two
/// projects of a top-level group. Terraform reads the versions document at the namespace level; the download row is
/// GitLab's project-level module route (the archive itself, as go-getter fetches it with <c>.netrc</c> credentials): the
/// namespace route's signed URL expires within minutes, shorter than a run.
/// </summary>
internal sealed class TerraformSeeder(int versions, int archiveBytes) : IFormatSeeder
{
    private const string System = "local";

    public IReadOnlyList<BenchEndpoint> Endpoints(BenchProject project) =>
    [
        new("Terraform module versions", $"{project.ApiRoot}/packages/terraform/modules/v1/{project.TopLevelGroup}/{Name(project)}/{System}/versions", null, BenchEndpoint.MetadataTarget),
        new("Terraform module archive (200 KB)", $"{project.ProjectApi}/packages/terraform/modules/{Name(project)}/{System}/{Version(versions - 1)}", null, BenchEndpoint.FileTarget),
    ];

    public async Task SeedAsync(HttpClient client, BenchProject project, CancellationToken cancellationToken)
    {
        for (var i = 0; i < versions; i++)
        {
            var archive = BenchArchives.Tgz(
            [
                ("main.tf", Encoding.UTF8.GetBytes("variable \"name\" {\n  type = string\n}\n\noutput \"greeting\" {\n  value = \"hello ${var.name}\"\n}\n")),
                ("payload.bin", BenchArchives.Payload(archiveBytes, 3000 + i)),
            ]);
            await HttpSeeding.PutBytesAsync(client, $"{project.ProjectApi}/packages/terraform/modules/{Name(project)}/{System}/{Version(i)}/file", archive, cancellationToken).ConfigureAwait(false);
        }
    }

    private static string Name(BenchProject project) => "bench-" + project.Name;

    private static string Version(int index) => $"1.0.{index}";
}
