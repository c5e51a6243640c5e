namespace Registry.Core.Storage;

/// <summary>How recording a file ended.</summary>
public enum AddFileOutcome
{
    /// <summary>Recorded.</summary>
    Added = 0,
    /// <summary>Refused by the duplicate rule; nothing was written.</summary>
    Duplicate = 1,
    /// <summary>
    /// Refused because one of <see cref="NewPackageFile.NameOwnedElsewhereIn"/> holds a live package of the name;
    /// nothing was written.
    /// </summary>
    NameTaken = 2,
}
