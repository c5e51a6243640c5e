using System.Text.RegularExpressions;
using Registry.Core.Packages;
using Registry.Core.Publishing;
using Registry.Formats.Protocol;

namespace Registry.Formats.PyPI;

/// <summary>
/// An upload whose form fields passed the checks that need no bytes (action, name, version, file type, file name,
/// digests), and the checks made on the bytes before they are kept: digests, then the archive's core metadata
/// against the form.
/// </summary>
internal sealed partial record PyPIUpload(string Name, string Version, PyPIFileName File, string? Sha256Digest, string? Md5Digest, string? RequiresPython)
{
    /// <summary>Null when the form is acceptable, with <paramref name="upload"/> set; else why not.</summary>
    public static string? ValidateOrNull(StreamedUploadForm form, out PyPIUpload upload)
    {
        upload = new PyPIUpload(string.Empty, string.Empty, new PyPIFileName(string.Empty, PyPIDistributionKind.Wheel, []), null, null, null);
        if (form[":action"] is { } action && action != "file_upload")
        {
            return $":action={action} is not supported; only file_upload is";
        }

        if (form["protocol_version"] is { } protocol && protocol != "1")
        {
            return $"protocol_version={protocol} is not supported; only 1 is";
        }

        if (form["name"] is not { } name || !ProjectName().IsMatch(name))
        {
            return "the name field must be a valid project name (letters, digits, and . _ - inside)";
        }

        if (form["version"] is not { } version || !Pep440.TryNormalize(version, out _))
        {
            return $"the version field '{form["version"]}' is not a PEP 440 version";
        }

        if (!PyPIFileName.TryParse(form.FileName, out var file, out var fileError))
        {
            return fileError;
        }

        if (form["filetype"] is { } filetype && filetype != (file.IsWheel ? "bdist_wheel" : "sdist"))
        {
            return $"filetype={filetype} does not match the file {file.Value}";
        }

        if (!file.AgreesWith(name, version))
        {
            return $"the file name {file.Value} does not match name={name} version={version}";
        }

        var sha256 = form["sha256_digest"]?.ToLowerInvariant();
        var md5 = form["md5_digest"]?.ToLowerInvariant();
        if (sha256 is null && md5 is null)
        {
            return "the upload must carry sha256_digest or md5_digest";
        }

        upload = new PyPIUpload(name, version, file, sha256, md5, form["requires_python"]);
        return null;
    }

    /// <summary>
    /// Checks the digests against the bytes as they streamed in, then reads the core metadata from the stored copy
    /// (<paramref name="written"/>) and compares it with the form. Returns the refusal, or the metadata read.
    /// </summary>
    public async Task<(ContentInspection Inspection, PyPICoreMetadata? Metadata)> InspectAsync(Stream written, DigestingStream streamed, long maxUncompressedBytes, UploadLimits limits, CancellationToken cancellationToken)
    {
        if (Sha256Digest is { } sha256 && sha256 != streamed.Sha256)
        {
            return (ContentInspection.Refused($"sha256_digest {sha256} does not match the uploaded file ({streamed.Sha256})"), null);
        }

        if (Md5Digest is { } md5 && md5 != streamed.Md5)
        {
            return (ContentInspection.Refused($"md5_digest {md5} does not match the uploaded file ({streamed.Md5})"), null);
        }

        // A source tarball is read forwards only; a wheel (a zip) needs a seekable copy.
        var parsed = File.Kind == PyPIDistributionKind.SourceTarGz
            ? PyPIParser.Parse(written, File, maxUncompressedBytes, limits)
            : await SeekableContent.ReadAsync(written, seekable => PyPIParser.Parse(seekable, File, maxUncompressedBytes, limits), cancellationToken).ConfigureAwait(false);
        if (!parsed.Succeeded(out var metadata, out var error))
        {
            return (ContentInspection.Refused(error.Message), null);
        }

        var source = File.IsWheel ? "METADATA" : "PKG-INFO";
        if (!PyPIFileName.Same(metadata.Name, metadata.Version, Name, Version))
        {
            return (ContentInspection.Refused($"the {source} says {metadata.Name} {metadata.Version}, the form says name={Name} version={Version}"), null);
        }

        if (RequiresPython is { } requires && requires != metadata.RequiresPython)
        {
            return (ContentInspection.Refused($"the {source} says Requires-Python: {metadata.RequiresPython}, the form says requires_python={requires}"), null);
        }

        return (ContentInspection.Accepted, metadata);
    }

    /// <summary>A valid project name (https://packaging.python.org/en/latest/specifications/name-normalization/).</summary>
    [GeneratedRegex(@"\A(?:[A-Z0-9]|[A-Z0-9][A-Z0-9._-]*[A-Z0-9])\z", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex ProjectName();
}
