using Microsoft.Extensions.Options;
using Registry.Core.Options;

namespace Registry.Storage;

/// <summary>
/// Checks at start that <c>PackageRegistry:DataPath</c> can hold the local database and blobs: the directory can be
/// created and written. Without it, a path under a file or a read-only mount surfaced as a bare
/// <see cref="IOException"/> from deep inside the first store that touched it, naming no setting.
/// </summary>
internal sealed class DataPathValidation : IValidateOptions<PackageRegistryOptions>
{
    public ValidateOptionsResult Validate(string? name, PackageRegistryOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (string.IsNullOrWhiteSpace(options.DataPath))
        {
            // PackageRegistryOptionsValidator names the empty key.
            return ValidateOptionsResult.Skip;
        }

        var path = Path.GetFullPath(options.DataPath);
        try
        {
            Directory.CreateDirectory(path);
            var probe = Path.Combine(path, $".write-probe-{Guid.NewGuid():N}");
            File.WriteAllBytes(probe, []);
            File.Delete(probe);
            return ValidateOptionsResult.Success;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or NotSupportedException)
        {
            return ValidateOptionsResult.Fail(
                $"PackageRegistry:DataPath '{path}' cannot hold the registry's database and blobs: {e.Message} Point it at a directory the host may create and write to.");
        }
    }
}
