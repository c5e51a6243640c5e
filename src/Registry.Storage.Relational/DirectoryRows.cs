using System.Data.Common;
using Registry.Core.Directory;

namespace Registry.Storage.Relational;

/// <summary>Column lists and row readers of the directory tables.</summary>
internal static class DirectoryRows
{
    /// <summary>User columns in the order <see cref="ReadUser"/> reads them.</summary>
    public const string UserColumns = "id, username, name, is_admin, user_type";

    /// <summary>GitLab's <c>user_type</c> of a project or group bot (<c>project_bot</c>); humans are 0.</summary>
    public const int ProjectBotUserType = 6;

    /// <summary>Group columns in the order <see cref="ReadGroup"/> reads them.</summary>
    public const string GroupColumns = "id, parent_id, name, path, full_path, visibility";

    /// <summary>Project columns in the order <see cref="ReadProjectRow"/> reads them.</summary>
    public const string ProjectColumns = "id, group_id, name, path, full_path, visibility, package_registry_access_level";

    /// <summary>The group and its ancestors, nearest first, for <c>@group_id</c>.</summary>
    public const string AncestorsSql = """
        WITH RECURSIVE ancestors (id, parent_id, depth) AS (
            SELECT id, parent_id, 0 FROM groups WHERE id = @group_id
            UNION ALL
            SELECT g.id, g.parent_id, a.depth + 1 FROM groups g JOIN ancestors a ON g.id = a.parent_id
        )
        SELECT id FROM ancestors ORDER BY depth
        """;

    /// <summary>Reads a row selected with <see cref="UserColumns"/>.</summary>
    public static User ReadUser(DbDataReader reader) => new()
    {
        Id = reader.GetInt64(0),
        Username = reader.GetString(1),
        Name = reader.GetString(2),
        IsAdmin = reader.GetBoolean(3),
        IsBot = reader.GetInt32(4) == ProjectBotUserType,
    };

    /// <summary>Reads a row selected with <see cref="GroupColumns"/>.</summary>
    public static Group ReadGroup(DbDataReader reader) => new()
    {
        Id = reader.GetInt64(0),
        ParentId = reader.GetInt64OrNull(1),
        Name = reader.GetString(2),
        Path = reader.GetString(3),
        FullPath = reader.GetString(4),
        Visibility = (ProjectVisibility)reader.GetInt32(5),
    };

    /// <summary>Reads a row selected with <see cref="ProjectColumns"/>; the ancestors are filled in afterwards.</summary>
    public static Project ReadProjectRow(DbDataReader reader) => new()
    {
        Id = reader.GetInt64(0),
        GroupId = reader.GetInt64(1),
        AncestorGroupIds = [],
        Name = reader.GetString(2),
        Path = reader.GetString(3),
        FullPath = reader.GetString(4),
        Visibility = (ProjectVisibility)reader.GetInt32(5),
        PackageRegistryAccessLevel = (PackageRegistryAccessLevel)reader.GetInt32(6),
    };
}
