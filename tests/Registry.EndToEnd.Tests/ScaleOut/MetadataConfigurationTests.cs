using Registry.EndToEnd.Tests.Infrastructure;

namespace Registry.EndToEnd.Tests.ScaleOut;

/// <summary>The sample host refuses to start on a metadata configuration it cannot use, naming the key to fix.</summary>
public sealed class MetadataConfigurationTests
{
    [Theory]
    [InlineData("PostgreSql", null, "PackageRegistry:Metadata:ConnectionString")]
    [InlineData("Oracle", null, "PackageRegistry:Metadata:Provider")]
    public async Task A_host_with_an_unusable_metadata_setting_stops_naming_the_key(string provider, string? connectionString, string key)
    {
        var host = new SampleHostProcess();
        host.Environment["PackageRegistry__Metadata__Provider"] = provider;
        if (connectionString is not null)
        {
            host.Environment["PackageRegistry__Metadata__ConnectionString"] = connectionString;
        }

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
