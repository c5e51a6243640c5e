using System.Text.RegularExpressions;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Registry.Core;
using Registry.Core.Directory;
using Registry.EndToEnd.Tests.Infrastructure;
using Registry.Storage;

namespace Registry.EndToEnd.Tests.PyPI;

/// <summary>
/// The sample host process with ASP.NET Core's request log on (paths only; never headers), so a test can tell which
/// files pip fetched; and the directory's administration API on the host's own database, to add users and projects.
/// </summary>
public sealed partial class PyPIHostProcess : SampleHostProcess
{
    protected override IReadOnlyDictionary<string, string> ExtraEnvironment { get; } = new Dictionary<string, string>
    {
        ["Logging__LogLevel__Microsoft.AspNetCore.Hosting.Diagnostics"] = "Information",
    };

    /// <summary>The path and status of every GET the host has answered so far.</summary>
    public IReadOnlyList<(string Path, int Status)> ServedRequests() =>
        [.. RequestLine().Matches(Output).Select(m => (
            Uri.UnescapeDataString(new Uri(m.Groups["url"].Value).AbsolutePath),
            int.Parse(m.Groups["status"].Value, System.Globalization.CultureInfo.InvariantCulture)))];

    /// <summary>Runs <paramref name="action"/> against the host's directory (the same SQLite database, from this process).</summary>
    public async Task<T> AdministerAsync<T>(Func<IDirectoryAdministration, IProjectDirectory, Task<T>> action)
    {
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddSingleton<IConfiguration>(new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { ["PackageRegistry:DataPath"] = DataPath })
            .Build());
        services.AddPackageRegistry().UseLocalStorage();
        await using var provider = services.BuildServiceProvider();
        return await action(provider.GetRequiredService<IDirectoryAdministration>(), provider.GetRequiredService<IProjectDirectory>());
    }

    [GeneratedRegex(@"Request finished HTTP/[0-9.]+ GET (?<url>\S+) - (?<status>[0-9]{3})")]
    private static partial Regex RequestLine();
}
