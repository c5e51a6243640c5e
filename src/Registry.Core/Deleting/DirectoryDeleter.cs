using Microsoft.Extensions.Logging;
using Registry.Core.Directory;

namespace Registry.Core.Deleting;

/// <summary>
/// The delete use case for the embedded directory's projects, groups and users (GitLab's <c>DELETE /projects/:id</c>,
/// <c>DELETE /groups/:id</c>, <c>DELETE /users/:id</c>). Each is one transaction of the directory: a project's packages
/// are marked pending destruction with it, like a package delete, and <see cref="BlobGarbageCollector"/> removes their
/// rows and unreferenced bytes later; tokens that belonged to what was deleted stop working at once. The caller (the
/// directory API) has checked the role: Owner of the project or group, administrator for a user.
/// </summary>
public sealed partial class DirectoryDeleter
{
    private readonly IDirectoryAdministration _directory;
    private readonly ILogger<DirectoryDeleter> _logger;

    /// <summary>Creates the use case.</summary>
    public DirectoryDeleter(IDirectoryAdministration directory, ILogger<DirectoryDeleter> logger)
    {
        _directory = directory;
        _logger = logger;
    }

    /// <summary>Deletes a project and marks its packages pending destruction; false when there is no such project.</summary>
    public Task<bool> DeleteProjectAsync(long projectId, long deletedBy, CancellationToken cancellationToken) =>
        LoggedAsync("project", projectId, deletedBy, _directory.DeleteProjectAsync(projectId, cancellationToken));

    /// <summary>Deletes a group, its subgroups and their projects; false when there is no such group.</summary>
    public Task<bool> DeleteGroupAsync(long groupId, long deletedBy, CancellationToken cancellationToken) =>
        LoggedAsync("group", groupId, deletedBy, _directory.DeleteGroupAsync(groupId, cancellationToken));

    /// <summary>Deletes a user with their memberships and tokens; false when there is no such user.</summary>
    public Task<bool> DeleteUserAsync(long userId, long deletedBy, CancellationToken cancellationToken) =>
        LoggedAsync("user", userId, deletedBy, _directory.DeleteUserAsync(userId, cancellationToken));

    private async Task<bool> LoggedAsync(string kind, long id, long deletedBy, Task<bool> deletion)
    {
        var deleted = await deletion.ConfigureAwait(false);
        if (deleted)
        {
            LogDeleted(_logger, kind, id, deletedBy);
        }

        return deleted;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Directory {Kind} {Id} deleted by user {UserId}")]
    private static partial void LogDeleted(ILogger logger, string kind, long id, long userId);
}
