using Microsoft.Extensions.Logging;

namespace Registry.Storage.PostgreSql;

/// <summary>Log messages of the PostgreSQL provider. Connection strings, and so passwords, are never part of one.</summary>
internal static partial class PostgreSqlLog
{
    [LoggerMessage(EventId = 101, Level = LogLevel.Information, Message = "Listening for committed changes: cache hits need no database round trip")]
    public static partial void ChangeListenerListening(ILogger logger);

    [LoggerMessage(EventId = 102, Level = LogLevel.Warning, Message = "Lost the change notification connection; every read queries the revision until it listens again")]
    public static partial void ChangeListenerLost(ILogger logger, Exception exception);
}
