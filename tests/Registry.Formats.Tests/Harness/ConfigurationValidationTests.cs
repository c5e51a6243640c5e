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
    [InlineData("PackageRegistry:FileMemoryCacheBytes", "-1")]
    [InlineData("PackageRegistry:FileMemoryCacheMaxFileBytes", "-1")]
    [InlineData("PackageRegistry:Maven:MaxFileSizeBytes", "0")]
    [InlineData("PackageRegistry:Blobs:Provider", "Tape")]
    [InlineData("PackageRegistry:RateLimits:Writes:PermitLimit", "0")]
    [InlineData("PackageRegistry:RateLimits:Reads:Window", "00:00:00")]
    public void A_bad_setting_stops_the_host_naming_the_key(string key, string value)
    {
        var failure = StartFailure(new Dictionary<string, string?> { [key] = value });

        failure.Should().BeOfType<OptionsValidationException>().Which.Message.Should().Contain(key);
    }

    [Fact]
    public void S3_blobs_without_a_bucket_stop_the_host_naming_the_bucket_key()
    {
        var failure = StartFailure(new Dictionary<string, string?> { ["PackageRegistry:Blobs:Provider"] = "S3" });

        failure.Should().BeOfType<OptionsValidationException>().Which.Message.Should().Contain("PackageRegistry:Blobs:S3:Bucket");
    }

    [Fact]
    public void A_data_path_that_cannot_be_created_stops_the_host_naming_the_key_and_the_path()
    {
        var file = Path.GetTempFileName();
        try
        {
            var failure = StartFailure([], dataPath: Path.Combine(file, "data"));

            failure.Should().BeOfType<OptionsValidationException>().Which.Message.Should()
                .Contain("PackageRegistry:DataPath").And.Contain(Path.Combine(file, "data")).And.Contain("Point it at a directory");
        }
        finally
        {
            File.Delete(file);
        }
    }

    /// <summary>
    /// Starts the sample host with <paramref name="settings"/> and returns what stopped it. WebApplicationFactory lets the
    /// sample's own <c>app.Run()</c> start the host; when that start fails, the entry point disposes the host, and on a
    /// loaded machine the factory can observe the disposal before the start failure and report ObjectDisposedException
    /// instead. That is the harness losing a race, not the host starting: such an attempt is repeated with a new host.
    /// </summary>
    private static Exception? StartFailure(Dictionary<string, string?> settings, string? dataPath = null)
    {
        for (var attempt = 1; ; attempt++)
        {
            using var host = new SampleHostFactory(settings, dataPath);
            try
            {
                host.CreateClient().Dispose();
                return null;
            }
            catch (ObjectDisposedException) when (attempt < 5)
            {
            }
            catch (Exception exception) when (exception is not ObjectDisposedException)
            {
                return exception;
            }
        }
    }
}
