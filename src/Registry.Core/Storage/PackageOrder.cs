namespace Registry.Core.Storage;

/// <summary>Sort keys of a package listing (<c>order_by</c>).</summary>
public enum PackageOrder
{
    /// <summary><c>created_at</c></summary>
    CreatedAt = 0,
    /// <summary><c>name</c></summary>
    Name = 1,
    /// <summary><c>version</c></summary>
    Version = 2,
    /// <summary><c>type</c></summary>
    Type = 3,
    /// <summary><c>project_path</c> (group listings)</summary>
    ProjectPath = 4,
}
