using System.Text;

namespace Registry.Formats.Go;

/// <summary>
/// Reads the module path out of a <c>go.mod</c> (https://go.dev/ref/mod#go-mod-file-module): the first <c>module</c>
/// directive, bare or quoted (<c>"..."</c> or <c>`...`</c>), on its own line or in a <c>module ( ... )</c> block.
/// </summary>
internal static class GoModFile
{
    /// <summary>The declared module path, or null when the file declares none.</summary>
    public static string? ModulePathOrNull(byte[] goMod)
    {
        var text = new UTF8Encoding(false, throwOnInvalidBytes: false).GetString(goMod);
        var inBlock = false;
        foreach (var rawLine in text.Split('\n'))
        {
            var line = StripComment(rawLine).Trim();
            if (line.Length == 0)
            {
                continue;
            }

            if (inBlock)
            {
                return line == ")" ? null : Unquote(line);
            }

            if (!line.StartsWith("module", StringComparison.Ordinal) || (line.Length > 6 && !char.IsWhiteSpace(line[6]) && line[6] != '('))
            {
                continue;
            }

            var rest = line[6..].Trim();
            if (rest == "(")
            {
                inBlock = true;
                continue;
            }

            return Unquote(rest);
        }

        return null;
    }

    private static string StripComment(string line)
    {
        // A "//" inside a quoted path would be a double slash, which no valid module path has.
        var comment = line.IndexOf("//", StringComparison.Ordinal);
        return comment < 0 ? line : line[..comment];
    }

    private static string? Unquote(string token)
    {
        if (token.Length >= 2 && ((token[0] == '"' && token[^1] == '"') || (token[0] == '`' && token[^1] == '`')))
        {
            return token[1..^1];
        }

        return token.Length == 0 || token.Any(char.IsWhiteSpace) || token.Contains('"', StringComparison.Ordinal) ? null : token;
    }
}
