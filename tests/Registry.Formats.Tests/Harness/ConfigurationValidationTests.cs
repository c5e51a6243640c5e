using Microsoft.Extensions.Options;
using Registry.Formats.Tests.Infrastructure;

namespace Registry.Formats.Tests.Harness;

/// <summary>A wrong setting stops the host at start with a message that names the key and the fix.</summary>
public sealed class ConfigurationValidationTests
{
    [Theory]
    [InlineData("PackageRegistry:Generic:MaxFileSizeBytes", "0")]
    [InlineData("PackageRegistry:OrphanBlobGracePeriod", "-01:00:00")]
    [InlineData("PackageRegistry:GarbageCollectionInterval", "00:00:00")]
    [InlineData("PackageRegistry:Blobs:Provider", "Tape")]
    public void A_bad_setting_stops_the_host_naming_the_key(string key, string value)
    {
        using var host = new SampleHostFactory(new Dictionary<string, string?> { [key] = value });

        var start = () => host.CreateClient();

        start.Should().Throw<OptionsValidationException>().Which.Message.Should().Contain(key);
    }

    [Fact]
    public void S3_blobs_without_a_bucket_stop_the_host_naming_the_bucket_key()
    {
        using var host = new SampleHostFactory(new Dictionary<string, string?> { ["PackageRegistry:Blobs:Provider"] = "S3" });

        var start = () => host.CreateClient();

        start.Should().Throw<OptionsValidationException>().Which.Message.Should().Contain("PackageRegistry:Blobs:S3:Bucket");
    }
}
