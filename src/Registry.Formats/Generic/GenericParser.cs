using System.Text.RegularExpressions;
using Registry.Formats.Protocol;

namespace Registry.Formats.Generic;

/// <summary>
/// GitLab's rules for generic package names, versions and file names
/// (https://docs.gitlab.com/ee/user/packages/generic_packages/#publish-a-package). File names may carry GitLab's
/// directory structure (<c>linux/amd64/tool</c>) and <c>@</c>; they are only names in the catalog (blobs are stored by
/// checksum), yet anything that could read as a path trick (<c>..</c>, <c>.</c> or empty segments, a leading or
/// trailing separator, control characters) is refused here, before any byte is read.
/// </summary>
internal static partial class GenericParser
{
    private const int MaxLength = 255;

    /// <summary>The coordinates of a file, or which of them is invalid.</summary>
    public static ParseResult<GenericFile> Parse(string packageName, string packageVersion, string fileName)
    {
        if (!IsValid(packageName, Name()))
        {
            return new ParseError("package_name is invalid");
        }

        if (!IsValid(packageVersion, Version()))
        {
            return new ParseError("package_version is invalid");
        }

        return IsValid(fileName, FileName())
            && !fileName.Contains("..", StringComparison.Ordinal)
            && !(fileName.Contains('/', StringComparison.Ordinal) && fileName.Split('/').Any(static segment => segment is "" or "."))
            ? new GenericFile(packageName, packageVersion, fileName)
            : new ParseError("file_name is invalid");
    }

    private static bool IsValid(string value, Regex pattern) =>
        value.Length is > 0 and <= MaxLength && pattern.IsMatch(value);

    [GeneratedRegex(@"\A[A-Za-z0-9._+\-]+\z", RegexOptions.CultureInvariant)]
    private static partial Regex Name();

    [GeneratedRegex(@"\A(?!.*\.\.)[A-Za-z0-9_+.\-]+\z", RegexOptions.CultureInvariant)]
    private static partial Regex Version();

    // GitLab: letters, digits, '.', '-', '_', '+', '~', '@' and '/', not starting or ending with '~', '@' or '/'.
    [GeneratedRegex(@"\A(?![~@/])[A-Za-z0-9._+~@/\-]+(?<![~@/])\z", RegexOptions.CultureInvariant)]
    private static partial Regex FileName();
}
