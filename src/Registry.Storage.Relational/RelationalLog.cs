using Microsoft.Extensions.Logging;

namespace Registry.Storage.Relational;

/// <summary>Log messages of the relational metadata providers. Tokens are never part of a message, only their ids.</summary>
internal static partial class RelationalLog
{
    [LoggerMessage(EventId = 1, Level = LogLevel.Information, Message = "Applied schema migration {Version} ({MigrationName})")]
    public static partial void MigrationApplied(ILogger logger, long version, string migrationName);

    [LoggerMessage(EventId = 2, Level = LogLevel.Information, Message = "Issued {TokenKind} {TokenId}")]
    public static partial void TokenIssued(ILogger logger, string tokenKind, long tokenId);

    [LoggerMessage(EventId = 3, Level = LogLevel.Information, Message = "Revoked token {TokenId}")]
    public static partial void TokenRevoked(ILogger logger, long tokenId);
}
