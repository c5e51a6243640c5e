using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Registry.Core.Directory;
using Registry.Core.Security;
using Registry.Formats.Protocol;

namespace Registry.Formats.Api;

/// <summary>
/// The directory API's JSON, with the fields of GitLab's users, groups, projects, members, tokens and jobs APIs
/// (https://docs.gitlab.com/ee/api/rest/) that this registry has. Property names are written snake_case.
/// </summary>
internal static class DirectoryApiDocuments
{
    private static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
    };

    public static IResult Ok(object document, int statusCode = StatusCodes.Status200OK) =>
        GitLabJson.Result(document, Options, statusCode);

    /// <summary>GitLab's answer to a project or group delete, which it carries out in the background: 202, <c>{"message": "202 Accepted"}</c>.</summary>
    public static IResult Accepted() => Ok(new { message = "202 Accepted" }, StatusCodes.Status202Accepted);

    public static UserDocument User(User user) => new(user.Id, user.Username, user.Name, "active", user.IsAdmin, user.IsBot);

    public static GroupDocument Group(Group group, string baseUrl) => new(
        group.Id, group.Name, group.Path, group.FullPath, group.FullPath, group.ParentId, VisibilityName(group.Visibility), $"{baseUrl}/groups/{group.FullPath}");

    public static ProjectDocument Project(Project project, Group? group, string baseUrl) => new(
        project.Id,
        project.Name,
        project.Path,
        project.FullPath,
        group is null ? project.FullPath : $"{group.FullPath} / {project.Name}",
        new NamespaceDocument(project.GroupId, group?.Name, group?.Path, group?.FullPath, "group"),
        VisibilityName(project.Visibility),
        AccessLevelName(project.PackageRegistryAccessLevel),
        project.PackageRegistryAccessLevel != PackageRegistryAccessLevel.Disabled,
        $"{baseUrl}/{project.FullPath}");

    public static MemberDocument Member(User user, AccessLevel level) =>
        new(user.Id, user.Username, user.Name, "active", (int)level);

    public static TokenDocument PersonalAccessToken(IssuedToken token, long userId, string name, TokenScopes scopes, DateTimeOffset createdAt) => new(
        token.Id, name, null, userId, TokenScopeNames.Format(scopes), ExpiryDate(token.ExpiresAt), createdAt, Revoked: false, Active: true, Expired: false, token.Token);

    public static TokenDocument DeployToken(IssuedToken token, string name, TokenScopes scopes, DateTimeOffset createdAt) => new(
        token.Id, name, DeployTokenUsername(token.Id), null, TokenScopeNames.Format(scopes), ExpiryDate(token.ExpiresAt), createdAt, Revoked: false, Active: true, Expired: false, token.Token);

    /// <summary>A deploy token as GitLab lists it: no token text, with whether it is revoked or expired.</summary>
    public static DeployTokenListingDocument DeployTokenListing(TokenDetails token, DateTimeOffset now) => new(
        token.Id, token.Name, DeployTokenUsername(token.Id), ExpiryDate(token.ExpiresAt), TokenScopeNames.Format(token.Scopes), token.RevokedAt is not null, token.IsExpiredAt(now));

    /// <summary>A personal access token as GitLab lists it (https://docs.gitlab.com/ee/api/personal_access_tokens.html): no token text.</summary>
    public static PersonalTokenListingDocument PersonalTokenListing(TokenDetails token, DateTimeOffset now) => new(
        token.Id, token.Name, token.RevokedAt is not null, token.CreatedAt, TokenScopeNames.Format(token.Scopes), token.Owner.UserId, LastUsedAt: null, token.IsActiveAt(now), ExpiryDate(token.ExpiresAt));

    /// <summary>
    /// A project or group access token as GitLab's access token APIs answer it; the token text only
    /// in the answers to create and rotate (<paramref name="text"/>).
    /// </summary>
    public static AccessTokenDocument AccessToken(ResourceAccessToken accessToken, DateTimeOffset now, string? text) => new(
        accessToken.Token.Id,
        accessToken.Token.Name,
        accessToken.Token.RevokedAt is not null,
        accessToken.Token.CreatedAt,
        TokenScopeNames.Format(accessToken.Token.Scopes),
        accessToken.Bot.Id,
        LastUsedAt: null,
        accessToken.Token.IsActiveAt(now),
        ExpiryDate(accessToken.Token.ExpiresAt),
        (int)accessToken.AccessLevel,
        text);

    /// <summary>GitLab's generated deploy token user name; the registry accepts any user name with the token.</summary>
    public static string DeployTokenUsername(long tokenId) => $"gitlab+deploy-token-{tokenId}";

    public static string VisibilityName(ProjectVisibility visibility) => visibility switch
    {
        ProjectVisibility.Public => "public",
        ProjectVisibility.Internal => "internal",
        _ => "private",
    };

    public static bool TryParseVisibility(string text, out ProjectVisibility visibility)
    {
        visibility = text switch
        {
            "public" => ProjectVisibility.Public,
            "internal" => ProjectVisibility.Internal,
            "private" => ProjectVisibility.Private,
            _ => (ProjectVisibility)(-1),
        };
        return Enum.IsDefined(visibility);
    }

    public static string AccessLevelName(PackageRegistryAccessLevel level) => level switch
    {
        PackageRegistryAccessLevel.Disabled => "disabled",
        PackageRegistryAccessLevel.Private => "private",
        PackageRegistryAccessLevel.Public => "public",
        _ => "enabled",
    };

    public static bool TryParseAccessLevel(string text, out PackageRegistryAccessLevel level)
    {
        level = text switch
        {
            "disabled" => PackageRegistryAccessLevel.Disabled,
            "private" => PackageRegistryAccessLevel.Private,
            "enabled" => PackageRegistryAccessLevel.Enabled,
            "public" => PackageRegistryAccessLevel.Public,
            _ => (PackageRegistryAccessLevel)(-1),
        };
        return Enum.IsDefined(level);
    }

    /// <summary>GitLab's member roles: 10, 20, 30, 40, 50 (and 0 to remove, which the endpoints refuse).</summary>
    public static bool TryParseMemberLevel(string text, out AccessLevel level)
    {
        level = ApiParameters.TryParseId(text, out var value) && value is 10 or 20 or 30 or 40 or 50 ? (AccessLevel)value : AccessLevel.None;
        return level != AccessLevel.None;
    }

    private static string? ExpiryDate(DateTimeOffset? expiresAt) =>
        expiresAt?.UtcDateTime.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);

    internal sealed record UserDocument(long Id, string Username, string Name, string State, bool IsAdmin, bool Bot);

    internal sealed record GroupDocument(long Id, string Name, string Path, string FullName, string FullPath, long? ParentId, string Visibility, string WebUrl);

    internal sealed record NamespaceDocument(long Id, string? Name, string? Path, string? FullPath, string Kind);

    internal sealed record ProjectDocument(
        long Id,
        string Name,
        string Path,
        string PathWithNamespace,
        string NameWithNamespace,
        NamespaceDocument Namespace,
        string Visibility,
        string PackageRegistryAccessLevel,
        bool PackagesEnabled,
        string WebUrl)
    {
        /// <summary>GitLab's <c>statistics</c> (with <c>?statistics=true</c>, for Reporters and above); absent otherwise.</summary>
        [System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)]
        public ProjectStatisticsDocument? Statistics { get; init; }
    }

    /// <summary>
    /// GitLab's project statistics (https://docs.gitlab.com/api/projects/#get-a-single-project, <c>statistics=true</c>):
    /// this registry stores packages only, so <c>storage_size</c> is <c>packages_size</c> and every other size is 0.
    /// </summary>
    internal sealed record ProjectStatisticsDocument(
        long CommitCount,
        long StorageSize,
        long RepositorySize,
        long WikiSize,
        long LfsObjectsSize,
        long JobArtifactsSize,
        long PipelineArtifactsSize,
        long PackagesSize,
        long SnippetsSize,
        long UploadsSize,
        long ContainerRegistrySize)
    {
        public static ProjectStatisticsDocument OfPackages(long packagesSize) => new(0, packagesSize, 0, 0, 0, 0, 0, packagesSize, 0, 0, 0);
    }

    internal sealed record MemberDocument(long Id, string Username, string Name, string State, int AccessLevel);

    internal sealed record TokenDocument(
        long Id,
        string Name,
        string? Username,
        long? UserId,
        IReadOnlyList<string> Scopes,
        string? ExpiresAt,
        DateTimeOffset CreatedAt,
        bool Revoked,
        bool Active,
        bool Expired,
        string Token);

    internal sealed record DeployTokenListingDocument(long Id, string Name, string Username, string? ExpiresAt, IReadOnlyList<string> Scopes, bool Revoked, bool Expired);

    internal sealed record PersonalTokenListingDocument(
        long Id,
        string Name,
        bool Revoked,
        DateTimeOffset CreatedAt,
        IReadOnlyList<string> Scopes,
        long? UserId,
        DateTimeOffset? LastUsedAt,
        bool Active,
        string? ExpiresAt);

    internal sealed record AccessTokenDocument(
        long Id,
        string Name,
        bool Revoked,
        DateTimeOffset CreatedAt,
        IReadOnlyList<string> Scopes,
        long UserId,
        DateTimeOffset? LastUsedAt,
        bool Active,
        string? ExpiresAt,
        int AccessLevel,
        [property: System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)] string? Token);

    internal sealed record JobDocument(long Id, string Status, string? Ref, string? Sha, PipelineRef? Pipeline, UserDocument User, long ProjectId, string? Token);

    internal sealed record PipelineRef(long Id);
}
