namespace Registry.Core.Updating;

/// <summary>How a change of tags, listing or deprecation ended.</summary>
public enum PackageUpdateOutcome
{
    /// <summary>At least one version changed; the versions fingerprint and the database revision moved with it.</summary>
    Updated = 0,
    /// <summary>Everything was already as asked; nothing was written.</summary>
    Unchanged = 1,
    /// <summary>The version (or, for a tag removal, a version holding the tag) does not exist or is pending destruction.</summary>
    NotFound = 2,
}
