using System.Globalization;
using System.Text;

namespace Registry.Formats.Go;

/// <summary>
/// Go's rules for module paths, file paths inside module zips and the major-version suffix, as golang.org/x/mod/module
/// states them (<c>CheckPath</c>, <c>CheckFilePath</c>, <c>SplitPathVersion</c>, <c>MatchPathMajor</c>;
/// https://go.dev/ref/mod#go-mod-file-ident), and the proxy's case encoding (https://go.dev/ref/mod#goproxy-protocol).
/// Each check answers null when the input is fine, otherwise what is wrong.
/// </summary>
internal static class GoModulePath
{
    private const string FileNamePunctuation = "!#$%&()+,-.=@[]^_{}~ ";
    private static readonly string[] WindowsReservedNames =
        ["CON", "PRN", "AUX", "NUL", "COM1", "COM2", "COM3", "COM4", "COM5", "COM6", "COM7", "COM8", "COM9",
         "LPT1", "LPT2", "LPT3", "LPT4", "LPT5", "LPT6", "LPT7", "LPT8", "LPT9"];

    private enum Kind
    {
        Module,
        File,
    }

    /// <summary>
    /// Undoes the proxy's case encoding (<c>github.com/!azure</c> is <c>github.com/Azure</c>); null when the text is not a
    /// valid encoding (an uppercase letter, or <c>!</c> not followed by a lowercase letter).
    /// </summary>
    public static string? UnescapeOrNull(string escaped)
    {
        var builder = new StringBuilder(escaped.Length);
        var bang = false;
        foreach (var c in escaped)
        {
            if (bang)
            {
                if (c is < 'a' or > 'z')
                {
                    return null;
                }

                builder.Append(char.ToUpperInvariant(c));
                bang = false;
            }
            else if (c == '!')
            {
                bang = true;
            }
            else if (c is >= 'A' and <= 'Z')
            {
                return null;
            }
            else
            {
                builder.Append(c);
            }
        }

        return bang ? null : builder.ToString();
    }

    /// <summary>The proxy's case encoding of a module path or version: every uppercase letter as <c>!</c> and its lowercase.</summary>
    public static string Escape(string value)
    {
        var builder = new StringBuilder(value.Length + 4);
        foreach (var c in value)
        {
            if (c is >= 'A' and <= 'Z')
            {
                builder.Append('!').Append(char.ToLowerInvariant(c));
            }
            else
            {
                builder.Append(c);
            }
        }

        return builder.ToString();
    }

    /// <summary>What is wrong with a module path (<c>module.CheckPath</c>), or null.</summary>
    public static string? CheckModulePath(string path)
    {
        if (CheckPath(path, Kind.Module) is { } invalid)
        {
            return invalid;
        }

        var slash = path.IndexOf('/', StringComparison.Ordinal);
        var first = slash < 0 ? path : path[..slash];
        if (first.Length == 0)
        {
            return "leading slash";
        }

        if (!first.Contains('.', StringComparison.Ordinal))
        {
            return "missing dot in first path element";
        }

        if (first[0] == '-')
        {
            return "leading dash in first path element";
        }

        if (first.Any(c => !(c is '-' or '.' || char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c))))
        {
            return "invalid char in first path element";
        }

        return SplitPathMajor(path) is null ? "invalid version suffix" : null;
    }

    /// <summary>What is wrong with a file's path inside a module (<c>module.CheckFilePath</c>), or null.</summary>
    public static string? CheckFilePath(string path) => CheckPath(path, Kind.File);

    /// <summary>
    /// The path's major-version suffix (<c>/v2</c>, or <c>.v2</c> for gopkg.in), empty for none; null when the suffix is
    /// malformed (<c>/v1</c>, <c>/v0</c>, <c>/v02</c>, <c>/v2.1</c>).
    /// </summary>
    public static string? SplitPathMajor(string path)
    {
        if (path.StartsWith("gopkg.in/", StringComparison.Ordinal))
        {
            return GopkgInMajor(path);
        }

        var i = path.Length;
        var dot = false;
        while (i > 0 && (char.IsAsciiDigit(path[i - 1]) || path[i - 1] == '.'))
        {
            dot |= path[i - 1] == '.';
            i--;
        }

        if (i <= 1 || i == path.Length || path[i - 1] != 'v' || path[i - 2] != '/')
        {
            return string.Empty;
        }

        var major = path[(i - 2)..];
        return dot || major.Length <= 2 || major[2] == '0' || major == "/v1" ? null : major;
    }

    /// <summary>Whether a canonical version belongs with the path's major suffix (<c>module.MatchPathMajor</c>).</summary>
    public static bool MatchesPathMajor(string version, string pathMajor)
    {
        if (pathMajor.StartsWith(".v", StringComparison.Ordinal) && pathMajor.EndsWith("-unstable", StringComparison.Ordinal))
        {
            pathMajor = pathMajor[..^"-unstable".Length];
        }

        var major = GoSemver.Major(version);
        return pathMajor.Length == 0 ? major is "v0" or "v1" : major == pathMajor[1..];
    }

    private static string? GopkgInMajor(string path)
    {
        var end = path.EndsWith("-unstable", StringComparison.Ordinal) ? path.Length - "-unstable".Length : path.Length;
        var i = end;
        while (i > 0 && char.IsAsciiDigit(path[i - 1]))
        {
            i--;
        }

        if (i <= 1 || i == end || path[i - 1] != 'v' || path[i - 2] != '.' || (path[i] == '0' && i + 1 < end))
        {
            return null;
        }

        return path[(i - 2)..];
    }

    private static string? CheckPath(string path, Kind kind)
    {
        if (path.Length == 0)
        {
            return "empty string";
        }

        if (path.Any(char.IsSurrogate) && !IsValidUtf16(path))
        {
            return "invalid UTF-8";
        }

        if (path[0] == '-' && kind != Kind.File)
        {
            return "leading dash";
        }

        if (path.Contains("//", StringComparison.Ordinal))
        {
            return "double slash";
        }

        if (path[^1] == '/')
        {
            return "trailing slash";
        }

        foreach (var element in path.Split('/'))
        {
            if (CheckElement(element, kind) is { } invalid)
            {
                return invalid;
            }
        }

        return null;
    }

    private static string? CheckElement(string element, Kind kind)
    {
        if (element.Length == 0)
        {
            return "empty path element";
        }

        if (element.All(c => c == '.'))
        {
            return $"invalid path element \"{element}\"";
        }

        if (element[0] == '.' && kind == Kind.Module)
        {
            return "leading dot in path element";
        }

        if (element[^1] == '.')
        {
            return "trailing dot in path element";
        }

        var runes = element.EnumerateRunes();
        foreach (var rune in runes)
        {
            if (!(kind == Kind.Module ? IsModulePathChar(rune) : IsFileNameChar(rune)))
            {
                return $"invalid char '{rune}'";
            }
        }

        var dot = element.IndexOf('.', StringComparison.Ordinal);
        var shortName = dot < 0 ? element : element[..dot];
        if (WindowsReservedNames.Contains(shortName, StringComparer.OrdinalIgnoreCase))
        {
            return $"\"{shortName}\" disallowed as path element component on Windows";
        }

        // Windows short names (PROGRA~1) only matter for module paths: go checks them there, not in file names.
        var tilde = shortName.LastIndexOf('~');
        if (kind == Kind.Module && tilde >= 0 && tilde < shortName.Length - 1 && shortName[(tilde + 1)..].All(char.IsAsciiDigit))
        {
            return "trailing tilde and digits in path element";
        }

        return null;
    }

    private static bool IsModulePathChar(Rune rune) =>
        rune.Value < 128 && (char.IsAsciiLetterOrDigit((char)rune.Value) || rune.Value is '-' or '.' or '_' or '~');

    private static bool IsFileNameChar(Rune rune) =>
        rune.Value < 128
            ? char.IsAsciiLetterOrDigit((char)rune.Value) || FileNamePunctuation.Contains((char)rune.Value, StringComparison.Ordinal)
            : Rune.GetUnicodeCategory(rune) is UnicodeCategory.UppercaseLetter or UnicodeCategory.LowercaseLetter
                or UnicodeCategory.TitlecaseLetter or UnicodeCategory.ModifierLetter or UnicodeCategory.OtherLetter;

    private static bool IsValidUtf16(string value)
    {
        for (var i = 0; i < value.Length; i++)
        {
            if (char.IsHighSurrogate(value[i]) && i + 1 < value.Length && char.IsLowSurrogate(value[i + 1]))
            {
                i++;
            }
            else if (char.IsSurrogate(value[i]))
            {
                return false;
            }
        }

        return true;
    }
}
