using System.Text.RegularExpressions;
using Registry.EndToEnd.Tests.Infrastructure;

namespace Registry.EndToEnd.Tests.PyPI;

/// <summary>
/// The sample host process with ASP.NET Core's request log on (paths only; never headers), so a test can tell which
/// files pip fetched.
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

    [GeneratedRegex(@"Request finished HTTP/[0-9.]+ GET (?<url>\S+) - (?<status>[0-9]{3})")]
    private static partial Regex RequestLine();
}
