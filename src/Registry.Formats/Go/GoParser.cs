using System.IO.Compression;
using Microsoft.AspNetCore.Http;
using Registry.Formats.Protocol;

namespace Registry.Formats.Go;

/// <summary>
/// Checks an uploaded module zip as the go command checks the zips it downloads (golang.org/x/mod/zip <c>CheckZip</c>,
/// https://go.dev/ref/mod#zip-files): every entry under <c>module@version/</c>, a valid module path and canonical
/// version whose major version matches the path, clean file paths valid on every OS, no two names that collide on a
/// case-insensitive file system, regular files only, the size limits, and a <c>go.mod</c> that declares the same
/// module. Directory entries are refused too: <c>go mod verify</c> fails on a zip that has them. No HTTP here.
/// </summary>
internal static class GoParser
{
    /// <summary>The largest go.mod go accepts (golang.org/x/mod/zip <c>MaxGoMod</c>).</summary>
    public const int MaxGoModBytes = 16 << 20;

    /// <summary>The largest LICENSE go accepts (golang.org/x/mod/zip <c>MaxLICENSE</c>).</summary>
    public const int MaxLicenseBytes = 16 << 20;

    private const int TooLarge = StatusCodes.Status413PayloadTooLarge;
    private const uint FileTypeMask = 0xF000;
    private const uint RegularFile = 0x8000;
    private const uint SymbolicLink = 0xA000;

    /// <summary>Checks <paramref name="zip"/> (seekable).</summary>
    public static ParseResult<GoModuleZip> Parse(Stream zip, long maxZipBytes, int maxEntries)
    {
        try
        {
            var count = ZipEndRecord.EntryCountOrNull(zip);
            if (count is null)
            {
                return new ParseError("the body is not a zip archive (it has no end of central directory record)");
            }

            if (count > maxEntries)
            {
                return new ParseError($"the module zip holds {count} files; the limit is {maxEntries}", TooLarge);
            }

            zip.Position = 0;
            using var archive = new ZipArchive(zip, ZipArchiveMode.Read, leaveOpen: true);
            return Check(archive, maxZipBytes);
        }
        catch (Exception ex) when (ex is InvalidDataException or EndOfStreamException)
        {
            return new ParseError($"the body is not a valid zip archive ({ex.Message})");
        }
    }

    /// <summary>The bytes of the zip's go.mod, at most <see cref="MaxGoModBytes"/>; null when it is missing or larger.</summary>
    public static byte[]? ReadGoModOrNull(ZipArchive archive, GoModuleZip module) =>
        archive.GetEntry(module.GoModEntry) is { } entry ? ReadCapped(entry, MaxGoModBytes) : null;

    private static ParseResult<GoModuleZip> Check(ZipArchive archive, long maxZipBytes)
    {
        if (archive.Entries.Count == 0)
        {
            return new ParseError("the module zip is empty");
        }

        if (!ModuleOf(archive.Entries[0].FullName).Succeeded(out var module, out var invalid))
        {
            return invalid;
        }

        var files = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        var directories = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        ZipArchiveEntry? goMod = null;
        long total = 0;
        foreach (var entry in archive.Entries)
        {
            if (CheckEntry(entry, module.Prefix, files, directories) is { } refused)
            {
                return refused;
            }

            total += entry.Length;
            if (total > maxZipBytes)
            {
                return new ParseError($"the module's files total more than {maxZipBytes} bytes uncompressed", TooLarge);
            }

            var name = entry.FullName[module.Prefix.Length..];
            if (name == "go.mod")
            {
                goMod = entry;
            }

            var limit = name switch
            {
                "go.mod" => MaxGoModBytes,
                "LICENSE" => MaxLicenseBytes,
                _ => long.MaxValue,
            };
            if (entry.Length > limit)
            {
                return new ParseError($"{name} is larger than {limit} bytes", TooLarge);
            }
        }

        if (goMod is null)
        {
            return new ParseError($"the module zip has no go.mod (expected {module.GoModEntry})");
        }

        return CheckGoMod(goMod, module);
    }

    private static ParseResult<GoModuleZip> ModuleOf(string firstEntry)
    {
        var at = firstEntry.IndexOf('@', StringComparison.Ordinal);
        var slash = at < 0 ? -1 : firstEntry.IndexOf('/', at);
        if (at <= 0 || slash < 0)
        {
            return new ParseError($"entry {firstEntry} is not under a module@version/ directory");
        }

        var path = firstEntry[..at];
        var version = firstEntry[(at + 1)..slash];
        if (GoModulePath.CheckModulePath(path) is { } badPath)
        {
            return new ParseError($"the module path {path} is invalid: {badPath}");
        }

        if (version.EndsWith("+incompatible", StringComparison.Ordinal))
        {
            return new ParseError($"{version}: +incompatible versions have no go.mod, and this registry stores modules with one");
        }

        if (!GoSemver.IsCanonical(version))
        {
            return new ParseError($"{version} is not a canonical semantic version (vMAJOR.MINOR.PATCH or vMAJOR.MINOR.PATCH-prerelease)");
        }

        var pathMajor = GoModulePath.SplitPathMajor(path) ?? string.Empty;
        if (!GoModulePath.MatchesPathMajor(version, pathMajor))
        {
            var major = GoSemver.Major(version);
            return new ParseError(pathMajor.Length == 0
                ? $"{path}@{version}: the version should be v0 or v1, not {major} (a module at {major} has a path ending in /{major})"
                : $"{path}@{version}: the version should be {pathMajor.TrimStart('/', '.')}, not {major}");
        }

        return new GoModuleZip(path, version);
    }

    private static ParseError? CheckEntry(ZipArchiveEntry entry, string prefix, HashSet<string> files, HashSet<string> directories)
    {
        var fullName = entry.FullName;
        if (!fullName.StartsWith(prefix, StringComparison.Ordinal))
        {
            return new ParseError($"entry {fullName} is not under {prefix}");
        }

        var name = fullName[prefix.Length..];
        if (name.Length == 0 || name.EndsWith('/'))
        {
            return new ParseError($"entry {fullName} is a directory entry; a module zip holds files only (go mod verify fails on directory entries)");
        }

        if (GoModulePath.CheckFilePath(name) is { } badPath)
        {
            return new ParseError($"entry {fullName} has an invalid file path: {badPath}");
        }

        var type = ((uint)entry.ExternalAttributes >> 16) & FileTypeMask;
        if (type != 0 && type != RegularFile)
        {
            return new ParseError(type == SymbolicLink ? $"entry {fullName} is a symbolic link" : $"entry {fullName} is not a regular file");
        }

        if (!files.Add(name))
        {
            return new ParseError($"entries {fullName} and another collide: names that differ only in case are the same file on case-insensitive file systems");
        }

        if (directories.Contains(name))
        {
            return new ParseError($"entry {fullName} is both a file and a directory");
        }

        for (var slash = name.IndexOf('/', StringComparison.Ordinal); slash >= 0; slash = name.IndexOf('/', slash + 1))
        {
            var directory = name[..slash];
            if (files.Contains(directory))
            {
                return new ParseError($"entry {prefix}{directory} is both a file and a directory");
            }

            directories.Add(directory);
        }

        return null;
    }

    private static ParseResult<GoModuleZip> CheckGoMod(ZipArchiveEntry goMod, GoModuleZip module)
    {
        var bytes = ReadCapped(goMod, MaxGoModBytes);
        if (bytes is null)
        {
            return new ParseError($"go.mod is larger than {MaxGoModBytes} bytes", TooLarge);
        }

        return GoModFile.ModulePathOrNull(bytes) switch
        {
            null => new ParseError("go.mod has no module directive"),
            var declared when declared != module.ModulePath =>
                new ParseError($"go.mod declares module {declared}, but the zip's entries are under {module.Prefix}"),
            _ => module,
        };
    }

    // The declared size may lie; what is read is capped whatever the header says.
    private static byte[]? ReadCapped(ZipArchiveEntry entry, int maxBytes)
    {
        using var stream = entry.Open();
        using var buffer = new MemoryStream();
        var chunk = new byte[81920];
        int read;
        while ((read = stream.Read(chunk, 0, chunk.Length)) > 0)
        {
            if (buffer.Length + read > maxBytes)
            {
                return null;
            }

            buffer.Write(chunk, 0, read);
        }

        return buffer.ToArray();
    }
}
