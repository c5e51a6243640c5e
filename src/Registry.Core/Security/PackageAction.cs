namespace Registry.Core.Security;

/// <summary>What a caller wants to do with a project's package registry.</summary>
public enum PackageAction
{
    /// <summary>See the registry: listings, metadata documents.</summary>
    View = 0,
    /// <summary>Download package files.</summary>
    Pull = 1,
    /// <summary>Upload package files, change tags.</summary>
    Publish = 2,
    /// <summary>Delete packages or files.</summary>
    Delete = 3,
    /// <summary>Change registry settings of the project.</summary>
    ManageSettings = 4,
}
