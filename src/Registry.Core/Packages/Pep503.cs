using System.Text.RegularExpressions;

namespace Registry.Core.Packages;

/// <summary>PEP 503 project name normalization (https://peps.python.org/pep-0503/#normalized-names).</summary>
public static partial class Pep503
{
    /// <summary>Lowercases <paramref name="name"/> and turns each run of <c>-</c>, <c>_</c> and <c>.</c> into one <c>-</c>.</summary>
    public static string Normalize(string name) => Separators().Replace(name, "-").ToLowerInvariant();

    [GeneratedRegex("[-_.]+", RegexOptions.CultureInvariant)]
    private static partial Regex Separators();
}
