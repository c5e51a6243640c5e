using System.Security.Claims;
using Microsoft.Extensions.Options;
using Registry.Core.Directory;
using Registry.Core.Security;

namespace Registry.Formats.Hosting;

/// <summary>
/// Maps a host-signed-in user to the embedded directory's user of the same username, creating it at first sight when
/// <see cref="HostIdentityOptions.CreateUsers"/> is on. Roles in groups and projects are then given as for any user.
/// </summary>
internal sealed class DirectoryHostIdentityMapper(IDirectoryAdministration directory, IOptionsMonitor<HostIdentityOptions> options) : IHostIdentityMapper
{
    public async Task<RegistryPrincipal?> MapOrNullAsync(ClaimsPrincipal user, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(user);
        var settings = options.CurrentValue;
        // An all-digit name would be read as a user id by the directory's lookup: such a claim maps to no one.
        var username = settings.UsernameClaims
            .Select(type => user.FindFirst(type)?.Value)
            .FirstOrDefault(name => DirectoryPathSegment.IsValid(name) && !name.All(char.IsAsciiDigit));
        if (username is null)
        {
            return null;
        }

        var found = await FindAsync(username, cancellationToken).ConfigureAwait(false);
        if (found is null && settings.CreateUsers)
        {
            var displayName = user.FindFirst("name")?.Value ?? user.Identity?.Name ?? username;
            // Two first requests at once: the loser of the race finds the winner's row.
            found = await directory.TryCreateUserAsync(username, displayName, isAdmin: false, cancellationToken).ConfigureAwait(false)
                ?? await FindAsync(username, cancellationToken).ConfigureAwait(false);
        }

        if (found is null)
        {
            return null;
        }

        return new RegistryPrincipal
        {
            Kind = PrincipalKind.User,
            UserId = found.Id,
            DisplayName = found.Username,
            IsAdmin = found.IsAdmin || (settings.AdministratorRole is { } role && user.IsInRole(role)),
            Scopes = settings.AllowWrites ? TokenScopes.Api : TokenScopes.ReadApi,
        };
    }

    private async Task<User?> FindAsync(string username, CancellationToken cancellationToken)
    {
        var user = await directory.FindUserOrNullAsync(username, cancellationToken).ConfigureAwait(false);
        return user is not null && string.Equals(user.Username, username, StringComparison.OrdinalIgnoreCase) ? user : null;
    }
}
