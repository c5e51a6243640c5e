namespace Registry.Formats.Go;

/// <summary>What a GOPROXY request asks for (https://go.dev/ref/mod#goproxy-protocol).</summary>
internal enum GoProxyFile
{
    /// <summary><c>$module/@v/list</c>.</summary>
    List,
    /// <summary><c>$module/@v/$version.info</c>.</summary>
    Info,
    /// <summary><c>$module/@v/$version.mod</c>.</summary>
    Mod,
    /// <summary><c>$module/@v/$version.zip</c>.</summary>
    Zip,
    /// <summary><c>$module/@latest</c>.</summary>
    Latest,
}

/// <summary>A GOPROXY request path, decoded: the module path and version as published (case restored).</summary>
/// <param name="ModulePath">The module path.</param>
/// <param name="File">What is asked for.</param>
/// <param name="Version">The canonical version, for <c>.info</c>, <c>.mod</c> and <c>.zip</c>.</param>
internal sealed record GoProxyRequest(string ModulePath, GoProxyFile File, string? Version)
{
    private const string VersionsSegment = "/@v/";
    private const string LatestSuffix = "/@latest";

    /// <summary>
    /// Decodes a request path under the proxy's base; null for anything that is no valid request (an invalid module path
    /// or encoding, a non-canonical version), which is answered 404 before any authorization or lookup.
    /// </summary>
    /// <param name="path">The path after <c>/packages/go/</c>; percent-encoding (go sends <c>!</c> as <c>%21</c>) is undone first.</param>
    public static GoProxyRequest? ParseOrNull(string path)
    {
        string decoded;
        try
        {
            decoded = Uri.UnescapeDataString(path);
        }
        catch (UriFormatException)
        {
            return null;
        }

        if (decoded.EndsWith(LatestSuffix, StringComparison.Ordinal))
        {
            return Create(decoded[..^LatestSuffix.Length], GoProxyFile.Latest, null);
        }

        var at = decoded.LastIndexOf(VersionsSegment, StringComparison.Ordinal);
        if (at < 0)
        {
            return null;
        }

        var module = decoded[..at];
        var rest = decoded[(at + VersionsSegment.Length)..];
        if (rest == "list")
        {
            return Create(module, GoProxyFile.List, null);
        }

        var dot = rest.LastIndexOf('.');
        var file = dot < 0 ? (GoProxyFile?)null : rest[(dot + 1)..] switch
        {
            "info" => GoProxyFile.Info,
            "mod" => GoProxyFile.Mod,
            "zip" => GoProxyFile.Zip,
            _ => null,
        };
        return file is { } kind ? Create(module, kind, rest[..dot]) : null;
    }

    private static GoProxyRequest? Create(string escapedModule, GoProxyFile file, string? escapedVersion)
    {
        if (GoModulePath.UnescapeOrNull(escapedModule) is not { } module || GoModulePath.CheckModulePath(module) is not null)
        {
            return null;
        }

        if (escapedVersion is null)
        {
            return new GoProxyRequest(module, file, null);
        }

        return GoModulePath.UnescapeOrNull(escapedVersion) is { } version && GoSemver.IsCanonical(version)
            ? new GoProxyRequest(module, file, version)
            : null;
    }
}
