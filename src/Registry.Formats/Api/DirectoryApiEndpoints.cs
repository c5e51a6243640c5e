using Microsoft.AspNetCore.Routing;

namespace Registry.Formats.Api;

/// <summary>
/// The embedded directory's management API, GitLab-shaped; mapped only where the host uses the embedded directory.
/// Package settings are not part of it: they are mapped with the registry, whoever owns the directory.
/// </summary>
internal static class DirectoryApiEndpoints
{
    public static void Map(IEndpointRouteBuilder root)
    {
        UsersApiEndpoints.Map(root);
        GroupsApiEndpoints.Map(root);
        ProjectsApiEndpoints.Map(root);
        AccessApiEndpoints.Map(root);
        AccessListingApiEndpoints.Map(root);
        PersonalAccessTokensApiEndpoints.Map(root);
        ResourceAccessTokensApiEndpoints.Map(root);
        JobsApiEndpoints.Map(root);
    }
}
