using Registry.Formats.Terraform;
using Snapshooter.Xunit;

namespace Registry.Formats.Tests.Terraform;

/// <summary>Snapshot of what a package page shows for a Terraform module: the module block, the credentials block, the publish command.</summary>
public sealed class TerraformSnippetsTests
{
    [Fact]
    public void Snippets_show_the_module_block_the_credentials_block_and_curl_publish()
    {
        var snippets = TerraformSnippets.For(new PackageSnippetContext(
            "https://registry.example.com:8443", 7, "acme/infra/modules", "vpc/aws", "1.2.3", ["vpc-aws-1.2.3.tgz"]));

        Snapshot.Match(snippets);
    }
}
