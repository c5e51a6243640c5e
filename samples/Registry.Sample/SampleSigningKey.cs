using System.Security.Cryptography;
using Microsoft.Extensions.Options;
using Registry.Core;
using Registry.Core.Options;
using Registry.Formats.Protocol;

namespace Registry.Sample;

/// <summary>
/// The sample's signing key for download URLs (<c>PackageRegistry:SignedUrls:Key</c>) when none is configured: made once at
/// first start and kept in <c>&lt;data&gt;/signed-urls.key</c>, so hosts sharing the data directory agree and a restart does
/// not void the URLs handed out. A production host configures the key (the same on every host) instead.
/// </summary>
internal static class SampleSigningKey
{
    private const string FileName = "signed-urls.key";

    public static PackageRegistryBuilder UseDataPathSigningKey(this PackageRegistryBuilder builder)
    {
        builder.Services.AddOptions<SignedUrlOptions>().PostConfigure<IOptions<PackageRegistryOptions>>(static (options, registry) =>
        {
            if (string.IsNullOrWhiteSpace(options.Key) && !string.IsNullOrWhiteSpace(registry.Value.DataPath))
            {
                options.Key = ReadOrCreate(registry.Value.DataPath);
            }
        });
        return builder;
    }

    private static string ReadOrCreate(string dataPath)
    {
        var path = Path.Combine(dataPath, FileName);
        if (!File.Exists(path))
        {
            Directory.CreateDirectory(dataPath);
            var temp = path + "." + Guid.NewGuid().ToString("N") + ".tmp";
            File.WriteAllText(temp, Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)));
            try
            {
                // Atomic, and refused when another host got there first: then its key is the one.
                File.Move(temp, path, overwrite: false);
            }
            catch (IOException)
            {
                File.Delete(temp);
            }
        }

        return File.ReadAllText(path).Trim();
    }
}
