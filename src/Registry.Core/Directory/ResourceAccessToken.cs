namespace Registry.Core.Directory;

/// <summary>
/// A project or group access token as GitLab's access token APIs show it
/// (https://docs.gitlab.com/ee/api/project_access_tokens.html, https://docs.gitlab.com/ee/api/group_access_tokens.html):
/// a personal access token of a bot user that is a member of that one project or group.
/// </summary>
/// <param name="Token">The token's id, name, scopes, times and owner (the bot).</param>
/// <param name="Bot">The bot user the token authenticates as.</param>
/// <param name="AccessLevel">The bot's role in the project or group, which is what the token may do there.</param>
public sealed record ResourceAccessToken(TokenDetails Token, User Bot, AccessLevel AccessLevel);
