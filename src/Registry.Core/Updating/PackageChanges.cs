using System.Text.Json;
using System.Text.Json.Nodes;
using Registry.Core.Packages;

namespace Registry.Core.Updating;

/// <summary>
/// The rules of tag, listing and deprecation changes, as pure functions over the versions a store has read inside its
/// write transaction (with those rows locked). Every <see cref="Storage.IPackageStore"/> applies the same rules, so the
/// providers cannot drift apart; each returns only the versions that change, with <see cref="Package.UpdatedAt"/> set,
/// for the store to write back in the same transaction.
/// </summary>
public static class PackageChanges
{
    /// <summary>The metadata property that holds a deprecation message (npm's <c>deprecated</c> manifest field).</summary>
    public const string DeprecatedProperty = "deprecated";

    /// <summary>
    /// Points <paramref name="tags"/> at the version <paramref name="normalizedVersion"/> and takes them off every other
    /// version, so each tag is held by exactly one version. Null when no such version is among <paramref name="versions"/>.
    /// </summary>
    /// <param name="versions">Every live version of one package name in one project.</param>
    /// <param name="normalizedVersion">The version the tags move to.</param>
    /// <param name="tags">The tags to move.</param>
    /// <param name="updatedAt">The time the changed versions get.</param>
    public static IReadOnlyList<Package>? MoveTags(IReadOnlyList<Package> versions, string normalizedVersion, IReadOnlyCollection<string> tags, DateTimeOffset updatedAt)
    {
        ArgumentNullException.ThrowIfNull(versions);
        ArgumentNullException.ThrowIfNull(tags);
        var target = versions.FirstOrDefault(p => p.NormalizedVersion == normalizedVersion);
        if (target is null)
        {
            return null;
        }

        var changed = versions
            .Where(p => p.Id != target.Id && p.Tags.Any(tags.Contains))
            .Select(p => p with { Tags = [.. p.Tags.Where(t => !tags.Contains(t))], UpdatedAt = updatedAt })
            .ToList();

        // Sorted, so the stored text (and the versions fingerprint) does not depend on the order tags arrived in.
        var wanted = target.Tags.Union(tags, StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        if (!wanted.SequenceEqual(target.Tags, StringComparer.Ordinal))
        {
            changed.Add(target with { Tags = wanted, UpdatedAt = updatedAt });
        }

        return changed;
    }

    /// <summary>Takes <paramref name="tag"/> off every version that holds it; null when none does.</summary>
    /// <param name="versions">Every live version of one package name in one project.</param>
    /// <param name="tag">The tag to remove.</param>
    /// <param name="updatedAt">The time the changed versions get.</param>
    public static IReadOnlyList<Package>? RemoveTag(IReadOnlyList<Package> versions, string tag, DateTimeOffset updatedAt)
    {
        ArgumentNullException.ThrowIfNull(versions);
        var changed = versions
            .Where(p => p.Tags.Contains(tag, StringComparer.Ordinal))
            .Select(p => p with { Tags = [.. p.Tags.Where(t => !string.Equals(t, tag, StringComparison.Ordinal))], UpdatedAt = updatedAt })
            .ToList();
        return changed.Count == 0 ? null : changed;
    }

    /// <summary>
    /// Lists (<see cref="PackageStatus.Default"/>) or unlists (<see cref="PackageStatus.Hidden"/>) a version; null when
    /// nothing changes. The status is the only record of it: other statuses (deprecated, processing, error) are left
    /// alone, so a relist cannot make a failed upload installable.
    /// </summary>
    /// <param name="package">The version as read inside the transaction.</param>
    /// <param name="listed">Whether it should show in listings and searches.</param>
    /// <param name="updatedAt">The time it gets when it changes.</param>
    public static Package? SetListed(Package package, bool listed, DateTimeOffset updatedAt)
    {
        ArgumentNullException.ThrowIfNull(package);
        var (from, to) = listed ? (PackageStatus.Hidden, PackageStatus.Default) : (PackageStatus.Default, PackageStatus.Hidden);
        return package.Status == from ? package with { Status = to, UpdatedAt = updatedAt } : null;
    }

    /// <summary>
    /// Deprecates or undeprecates the versions named in <paramref name="messagesByNormalizedVersion"/>, with npm's
    /// semantics: a non-empty message sets <see cref="PackageStatus.Deprecated"/> and the metadata's
    /// <see cref="DeprecatedProperty"/>; null or empty removes both (a deprecated version goes back to
    /// <see cref="PackageStatus.Default"/>). Versions not named are left alone. Null when none of the named versions
    /// is among <paramref name="versions"/>.
    /// </summary>
    /// <param name="versions">Every live version of one package name in one project.</param>
    /// <param name="messagesByNormalizedVersion">The message per version; null or empty to undeprecate.</param>
    /// <param name="updatedAt">The time the changed versions get.</param>
    public static IReadOnlyList<Package>? SetDeprecation(IReadOnlyList<Package> versions, IReadOnlyDictionary<string, string?> messagesByNormalizedVersion, DateTimeOffset updatedAt)
    {
        ArgumentNullException.ThrowIfNull(versions);
        ArgumentNullException.ThrowIfNull(messagesByNormalizedVersion);
        var found = false;
        var changed = new List<Package>();
        foreach (var package in versions)
        {
            if (!messagesByNormalizedVersion.TryGetValue(package.NormalizedVersion, out var message))
            {
                continue;
            }

            found = true;
            var deprecated = !string.IsNullOrEmpty(message);
            var status = deprecated
                ? PackageStatus.Deprecated
                : package.Status == PackageStatus.Deprecated ? PackageStatus.Default : package.Status;
            var metadata = WithDeprecation(package.Metadata, deprecated ? message : null);
            if (status != package.Status || !string.Equals(metadata, package.Metadata, StringComparison.Ordinal))
            {
                changed.Add(package with { Status = status, Metadata = metadata, UpdatedAt = updatedAt });
            }
        }

        return found ? changed : null;
    }

    /// <summary>
    /// Replaces a version's metadata with what <paramref name="change"/> makes of it, leaving status and tags alone;
    /// null when the text stays the same.
    /// </summary>
    /// <param name="package">The version as read inside the transaction.</param>
    /// <param name="change">From the current metadata to the new one; pure, since a retried transaction runs it again.</param>
    /// <param name="updatedAt">The time it gets when it changes.</param>
    public static Package? SetMetadata(Package package, Func<string?, string?> change, DateTimeOffset updatedAt)
    {
        ArgumentNullException.ThrowIfNull(package);
        ArgumentNullException.ThrowIfNull(change);
        var metadata = change(package.Metadata);
        return string.Equals(metadata, package.Metadata, StringComparison.Ordinal) ? null : package with { Metadata = metadata, UpdatedAt = updatedAt };
    }

    /// <summary>
    /// The metadata with <see cref="DeprecatedProperty"/> set to <paramref name="message"/>, or removed when it is null;
    /// unchanged text when it already says so, or when the metadata is not a JSON object (the status still records it).
    /// </summary>
    private static string? WithDeprecation(string? metadata, string? message)
    {
        if (string.IsNullOrEmpty(metadata))
        {
            return metadata;
        }

        JsonObject? document;
        try
        {
            document = JsonNode.Parse(metadata) as JsonObject;
        }
        catch (JsonException)
        {
            document = null;
        }

        if (document is null)
        {
            return metadata;
        }

        var current = document[DeprecatedProperty] is JsonValue value && value.TryGetValue<string>(out var text) ? text : null;
        if (string.Equals(current, message, StringComparison.Ordinal) && (message is not null || !document.ContainsKey(DeprecatedProperty)))
        {
            // Leave the text as the client sent it: rewriting would change the fingerprint for nothing.
            return metadata;
        }

        if (message is null)
        {
            document.Remove(DeprecatedProperty);
        }
        else
        {
            document[DeprecatedProperty] = message;
        }

        return document.ToJsonString();
    }
}
