using Registry.EndToEnd.Tests.Infrastructure;

namespace Registry.EndToEnd.Tests.ScaleOut;

/// <summary>The sample host refuses to start on a metadata configuration it cannot use, naming the key to fix.</summary>
public sealed class MetadataConfigurationTests
{
    [Theory]
    [InlineData("PostgreSql", "PackageRegistry:Metadata:ConnectionString")]
    [InlineData("Oracle", "PackageRegistry:Metadata:Provider")]
    public async Task A_host_with_an_unusable_metadata_setting_stops_naming_the_key(string provider, string key)
    {
        var host = new SampleHostProcess();
        host.Environment["PackageRegistry__Metadata__Provider"] = provider;

        try
        {
            var start = () => host.InitializeAsync();
            (await start.Should().ThrowAsync<InvalidOperationException>()).Which.Message.Should().Contain(key);
        }
        finally
        {
            await host.DisposeAsync();
        }
    }
}
