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
    public async Task<bool> DeleteProjectAsync(long projectId, long deletedBy, CancellationToken cancellationToken)
    {
        var deleted = await _directory.DeleteProjectAsync(projectId, cancellationToken).ConfigureAwait(false);
        if (deleted)
        {
            LogDeleted(_logger, "project", projectId, deletedBy);
        }

        return deleted;
    }

    /// <summary>Deletes a group, its subgroups and their projects; false when there is no such group.</summary>
    public async Task<bool> DeleteGroupAsync(long groupId, long deletedBy, CancellationToken cancellationToken)
    {
        var deleted = await _directory.DeleteGroupAsync(groupId, cancellationToken).ConfigureAwait(false);
        if (deleted)
        {
            LogDeleted(_logger, "group", groupId, deletedBy);
        }

        return deleted;
    }

    /// <summary>Deletes a user with their memberships and tokens; false when there is no such user.</summary>
    public async Task<bool> DeleteUserAsync(long userId, long deletedBy, CancellationToken cancellationToken)
    {
        var deleted = await _directory.DeleteUserAsync(userId, cancellationToken).ConfigureAwait(false);
        if (deleted)
        {
            LogDeleted(_logger, "user", userId, deletedBy);
        }

        return deleted;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Directory {Kind} {Id} deleted by user {UserId}")]
    private static partial void LogDeleted(ILogger logger, string kind, long id, long userId);
}
