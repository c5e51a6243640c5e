using Registry.Core.Security;

namespace Registry.Formats.Tests.Authorization;

/// <summary>The five HTTP calls the matrix makes, each with the permission it needs and the status it answers on success.</summary>
public enum MatrixAction
{
    /// <summary><c>GET /api/v4/projects/{id}/packages</c>.</summary>
    List,
    /// <summary><c>GET /api/v4/projects/{id}/packages/{package_id}</c>.</summary>
    Get,
    /// <summary><c>GET /api/v4/projects/{id}/packages/generic/{name}/{version}/{file}</c>.</summary>
    Download,
    /// <summary><c>PUT /api/v4/projects/{id}/packages/generic/{name}/{version}/{file}</c>.</summary>
    Publish,
    /// <summary><c>DELETE /api/v4/projects/{id}/packages/{package_id}</c>.</summary>
    Delete,
}

internal static class MatrixActionExtensions
{
    /// <summary>What GitLab's permission table calls the action: listings and package documents are "view", files are "pull".</summary>
    public static PackageAction Permission(this MatrixAction action) => action switch
    {
        MatrixAction.List or MatrixAction.Get => PackageAction.View,
        MatrixAction.Download => PackageAction.Pull,
        MatrixAction.Publish => PackageAction.Publish,
        MatrixAction.Delete => PackageAction.Delete,
        _ => throw new ArgumentOutOfRangeException(nameof(action)),
    };

    /// <summary>GitLab's success status: 201 for the generic upload, 204 for a deletion, 200 for reads.</summary>
    public static int SuccessStatus(this MatrixAction action) => action switch
    {
        MatrixAction.Publish => 201,
        MatrixAction.Delete => 204,
        _ => 200,
    };
}
