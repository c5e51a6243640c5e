using Microsoft.Extensions.Logging;
using Registry.Core.Packages;
using Registry.Core.Security;
using Registry.Core.Storage;

namespace Registry.Core.Updating;

/// <summary>
/// The deprecation use case (<c>npm deprecate</c>; Publish permission, as npm's document PUT needs): sets or clears the
/// deprecation of several versions of one package in one store transaction, following <see cref="PackageChanges.SetDeprecation"/>.
/// </summary>
public sealed partial class PackageDeprecator
{
    private readonly IPackageStore _packages;
    private readonly TimeProvider _time;
    private readonly ILogger<PackageDeprecator> _logger;

    /// <summary>Creates the use case.</summary>
    public PackageDeprecator(IPackageStore packages, TimeProvider time, ILogger<PackageDeprecator> logger)
    {
        _packages = packages;
        _time = time;
        _logger = logger;
    }

    /// <summary>
    /// Deprecates each version named in <paramref name="messagesByVersion"/> with its message, or undeprecates it when the
    /// message is null or empty (npm's <c>npm deprecate pkg ""</c>); versions not named are left alone.
    /// <see cref="PackageUpdateOutcome.NotFound"/> when none of the named versions exists.
    /// </summary>
    public async Task<PackageUpdateResult> SetDeprecationAsync(AuthorizedProject project, PackageType type, string name, IReadOnlyDictionary<string, string?> messagesByVersion, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(project);
        ArgumentNullException.ThrowIfNull(type);
        ArgumentNullException.ThrowIfNull(messagesByVersion);
        project.Require(PackageAction.Publish);
        var normalizedName = type.NormalizeName(name);

        // Two spellings of one version would make the outcome depend on dictionary order: the last one wins, as in the document.
        var messages = new Dictionary<string, string?>(StringComparer.Ordinal);
        foreach (var (version, message) in messagesByVersion)
        {
            messages[type.NormalizeVersion(version)] = message;
        }

        var result = await _packages.SetDeprecationAsync(project.Project.Id, type, normalizedName, messages, _time.GetUtcNow(), cancellationToken).ConfigureAwait(false);
        if (result.Outcome == PackageUpdateOutcome.Updated)
        {
            LogDeprecation(_logger, type.Name, normalizedName, result.Changed.Count, project.Project.Id);
        }

        return result;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Changed the deprecation of {Count} versions of {PackageType} {PackageName} in project {ProjectId}")]
    private static partial void LogDeprecation(ILogger logger, string packageType, string packageName, int count, long projectId);
}
