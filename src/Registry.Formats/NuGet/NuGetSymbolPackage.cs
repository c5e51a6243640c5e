using System.IO.Compression;

namespace Registry.Formats.NuGet;

/// <summary>
/// Reads a symbol package (<c>.snupkg</c>, https://learn.microsoft.com/nuget/create-packages/symbol-packages-snupkg):
/// its nuspec (which must declare the <c>SymbolsPackage</c> type) and every <c>.pdb</c> in it, each a portable PDB
/// copied to a temporary file with its SSQP key and checksum. Disposing it deletes the temporary files.
/// </summary>
internal sealed class NuGetSymbolPackage : IDisposable
{
    private NuGetSymbolPackage(NuGetMetadata metadata, IReadOnlyList<NuGetSymbolFile> files)
    {
        Metadata = metadata;
        Files = files;
    }

    public NuGetMetadata Metadata { get; }

    public IReadOnlyList<NuGetSymbolFile> Files { get; }

    /// <summary>Reads a seekable <c>.snupkg</c>; the error when it is not a valid symbol package of portable PDBs.</summary>
    public static NuGetSymbolPackage? ReadOrNull(Stream snupkg, long maxUncompressedBytes, int maxEntries, out string? error)
    {
        if (!NuGetParser.Parse(snupkg, maxUncompressedBytes, maxEntries).Succeeded(out var metadata, out var invalid))
        {
            error = invalid.Message;
            return null;
        }

        // The nuspec was parsed once already (NuGetParser refuses DTDs); read again for its package types.
        bool symbols;
        try
        {
            symbols = metadata.Nuspec is not null && NuGetParser.ReadNuspec(metadata.Nuspec).GetPackageTypes().Any(t => t.Name == "SymbolsPackage");
        }
        catch (global::NuGet.Packaging.Core.PackagingException ex)
        {
            // Found by fuzzing: a <packageType> without a name is NuGet's own refusal, the client's error.
            error = "the .nuspec is invalid: " + ex.Message;
            return null;
        }

        if (!symbols)
        {
            error = "the package is not a symbol package: its .nuspec declares no SymbolsPackage package type";
            return null;
        }

        var files = new List<NuGetSymbolFile>();
        try
        {
            snupkg.Position = 0;
            using var zip = new ZipArchive(snupkg, ZipArchiveMode.Read, leaveOpen: true);
            foreach (var entry in zip.Entries.Where(e => e.FullName.EndsWith(".pdb", StringComparison.OrdinalIgnoreCase)))
            {
                var file = NuGetSymbolFile.FromEntryOrNull(entry, out error);
                if (file is null)
                {
                    files.ForEach(f => f.Dispose());
                    return null;
                }

                files.Add(file);
            }
        }
        catch (InvalidDataException ex)
        {
            files.ForEach(f => f.Dispose());
            error = "the symbol package is not a valid zip archive: " + ex.Message;
            return null;
        }

        if (files.Count == 0)
        {
            error = "the symbol package holds no .pdb file";
            return null;
        }

        error = null;
        return new NuGetSymbolPackage(metadata, files);
    }

    public void Dispose()
    {
        foreach (var file in Files)
        {
            file.Dispose();
        }
    }
}
