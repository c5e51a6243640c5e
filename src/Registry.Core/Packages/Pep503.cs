using System.Text.RegularExpressions;

namespace Registry.Core.Packages;

/// <summary>PEP 503 project name normalization (https://peps.python.org/pep-0503/#normalized-names).</summary>
internal static partial class Pep503
{
    public static string Normalize(string name) => Separators().Replace(name, "-").ToLowerInvariant();

    [GeneratedRegex("[-_.]+", RegexOptions.CultureInvariant)]
    private static partial Regex Separators();
}
