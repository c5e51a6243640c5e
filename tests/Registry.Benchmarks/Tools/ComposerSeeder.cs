using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;

namespace Registry.Benchmarks.Tools;

/// <summary>
/// Composer: <c>bench/big-{project}</c> with <c>versions</c> versions, each a zip as <c>composer archive</c> writes it
/// (composer.json at the root, an incompressible payload of about <c>zipBytes</c>), PUT with <c>?version=</c>. The name
/// carries the project's name because GitLab keeps a Composer name to one project of a top-level group. Composer reads
/// <c>p2/{vendor}/{name}.json</c> at the group and downloads the dist URL it lists (<c>archives/...zip?sha=</c>).
/// </summary>
internal sealed class ComposerSeeder(int versions, int zipBytes) : IFormatSeeder
{
    public IReadOnlyList<BenchEndpoint> Endpoints(BenchProject project)
    {
        var name = Name(project);
        // The dist URL names the archive by its SHA-1 (Composer's dist.shasum).
#pragma warning disable CA5350
        var sha1 = Convert.ToHexStringLower(SHA1.HashData(Archive(name, versions - 1)));
#pragma warning restore CA5350
        return
        [
            new("Composer p2 package file", $"{project.ApiRoot}/group/{project.TopLevelGroup}/-/packages/composer/p2/{name}.json", null, BenchEndpoint.MetadataTarget),
            new("Composer dist zip (200 KB)", $"{project.ProjectApi}/packages/composer/archives/{name}.zip?sha={sha1}", null, BenchEndpoint.FileTarget),
        ];
    }

    public async Task SeedAsync(HttpClient client, BenchProject project, CancellationToken cancellationToken)
    {
        for (var i = 0; i < versions; i++)
        {
            await HttpSeeding.PutBytesAsync(client, $"{project.ProjectApi}/packages/composer?version={Version(i)}", Archive(Name(project), i), cancellationToken).ConfigureAwait(false);
        }
    }

    private static string Name(BenchProject project) => "bench/big-" + project.Name;

    private static string Version(int index) => $"1.0.{index}";

    private byte[] Archive(string name, int index)
    {
        var manifest = new JsonObject
        {
            ["name"] = name,
            ["description"] = "The load benchmark's Composer package",
            ["type"] = "library",
            ["license"] = "MIT",
            ["require"] = new JsonObject { ["php"] = ">=8.1" },
            ["autoload"] = new JsonObject { ["psr-4"] = new JsonObject { ["Bench\\Big\\"] = "src/" } },
        };
        return BenchArchives.Zip(
        [
            ("composer.json", Encoding.UTF8.GetBytes(manifest.ToJsonString())),
            ("src/Big.php", Encoding.UTF8.GetBytes("<?php\nnamespace Bench\\Big;\n\nfinal class Big {}\n")),
            ("payload.bin", BenchArchives.Payload(zipBytes, 5000 + index)),
        ]);
    }
}
