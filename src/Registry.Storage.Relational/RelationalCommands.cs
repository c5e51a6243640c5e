using System.Data.Common;
using System.Runtime.CompilerServices;

namespace Registry.Storage.Relational;

/// <summary>Thin helpers over ADO.NET (any provider) so the SQL stays readable and every value goes through a parameter.</summary>
/// <remarks>
/// Each helper notes on the connection whether its statement changed a row (<see cref="TakeChanged"/>), so the
/// database learns, when the connection closes after its commit, that this host wrote (<see cref="RelationalDatabase"/>'s
/// read-your-writes), without classifying SQL or adding a query.
/// </remarks>
internal static class RelationalCommands
{
    private static readonly ConditionalWeakTable<DbConnection, object> Changed = new();
    private static readonly object Mark = new();

    /// <summary>Whether a statement run through these helpers changed a row on <paramref name="connection"/>; clears the note.</summary>
    public static bool TakeChanged(DbConnection connection) => Changed.Remove(connection);

    /// <summary>
    /// Drops the note after statements that changed only tables no change tracking covers (download times, blob
    /// claims): nothing cached reads those rows, so their commit needs no marker (on PostgreSQL a notification and a
    /// wait) and moves no revision.
    /// </summary>
    public static void ForgetUntrackedWrites(DbConnection connection) => Changed.Remove(connection);

    /// <summary>Whether a statement run through these helpers changed a row on <paramref name="connection"/>; keeps the note.</summary>
    public static bool HasChanged(DbConnection connection) => Changed.TryGetValue(connection, out _);

    private static void NoteChanged(DbConnection connection, int rows)
    {
        // -1 is a query's answer, 0 a statement that matched nothing: neither changes what reads see.
        if (rows > 0)
        {
            Changed.AddOrUpdate(connection, Mark);
        }
    }

    /// <summary>Creates a command in the transaction, if any (Microsoft.Data.Sqlite requires it on every command).</summary>
    public static DbCommand CreateCommand(this DbConnection connection, DbTransaction? transaction, string sql, params ReadOnlySpan<(string Name, object? Value)> parameters)
    {
        var command = connection.CreateCommand();
        command.Transaction = transaction;
#pragma warning disable CA2100 // Callers pass constant SQL or SQL assembled from constants; values are always parameters.
        command.CommandText = sql;
#pragma warning restore CA2100
        foreach (var (name, value) in parameters)
        {
            var parameter = command.CreateParameter();
            parameter.ParameterName = name;
            parameter.Value = value ?? DBNull.Value;
            command.Parameters.Add(parameter);
        }

        return command;
    }

    /// <summary>Runs a statement and returns the number of rows it changed.</summary>
    public static async Task<int> ExecuteAsync(this DbConnection connection, DbTransaction? transaction, string sql, CancellationToken cancellationToken, params (string Name, object? Value)[] parameters)
    {
        await using var command = connection.CreateCommand(transaction, sql, parameters);
        var rows = await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        NoteChanged(connection, rows);
        return rows;
    }

    /// <summary>The first column of the first row, or null when there is no row (or the value is NULL).</summary>
    public static async Task<object?> ScalarAsync(this DbConnection connection, DbTransaction? transaction, string sql, CancellationToken cancellationToken, params (string Name, object? Value)[] parameters)
    {
        await using var command = connection.CreateCommand(transaction, sql, parameters);
        object? value = null;
        var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        await using (reader.ConfigureAwait(false))
        {
            if (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                value = reader.GetValue(0);
            }

            // RecordsAffected is final once the reader is closed (an INSERT ... RETURNING is a write).
            await reader.CloseAsync().ConfigureAwait(false);
            NoteChanged(connection, reader.RecordsAffected);
        }

        return value is DBNull ? null : value;
    }

    /// <summary>The first column of the first row as an integer, for statements that always yield one (counts, <c>RETURNING id</c>).</summary>
    public static async Task<long> ScalarInt64Async(this DbConnection connection, DbTransaction? transaction, string sql, CancellationToken cancellationToken, params (string Name, object? Value)[] parameters) =>
        await connection.ScalarAsync(transaction, sql, cancellationToken, parameters).ConfigureAwait(false) is long value
            ? value
            : throw new InvalidOperationException("The statement returned no integer: " + sql);

    /// <summary>Reads every row with <paramref name="read"/>.</summary>
    public static async Task<List<T>> ListAsync<T>(this DbConnection connection, DbTransaction? transaction, string sql, Func<DbDataReader, T> read, CancellationToken cancellationToken, params (string Name, object? Value)[] parameters)
    {
        await using var command = connection.CreateCommand(transaction, sql, parameters);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        var rows = new List<T>();
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            rows.Add(read(reader));
        }

        await reader.CloseAsync().ConfigureAwait(false);
        NoteChanged(connection, reader.RecordsAffected);
        return rows;
    }

    /// <summary>Reads the first row with <paramref name="read"/>, or returns default when there is none.</summary>
    public static async Task<T?> FirstOrDefaultAsync<T>(this DbConnection connection, DbTransaction? transaction, string sql, Func<DbDataReader, T> read, CancellationToken cancellationToken, params (string Name, object? Value)[] parameters)
    {
        await using var command = connection.CreateCommand(transaction, sql, parameters);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        var row = await reader.ReadAsync(cancellationToken).ConfigureAwait(false) ? read(reader) : default;
        await reader.CloseAsync().ConfigureAwait(false);
        NoteChanged(connection, reader.RecordsAffected);
        return row;
    }

    /// <summary>A nullable BIGINT column.</summary>
    public static long? GetInt64OrNull(this DbDataReader reader, int ordinal) =>
        reader.IsDBNull(ordinal) ? null : reader.GetInt64(ordinal);

    /// <summary>A nullable TEXT column.</summary>
    public static string? GetStringOrNull(this DbDataReader reader, int ordinal) =>
        reader.IsDBNull(ordinal) ? null : reader.GetString(ordinal);

    /// <summary>A unix-milliseconds column as a time.</summary>
    public static DateTimeOffset GetTime(this DbDataReader reader, int ordinal) =>
        DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(ordinal));

    /// <summary>A nullable unix-milliseconds column as a time.</summary>
    public static DateTimeOffset? GetTimeOrNull(this DbDataReader reader, int ordinal) =>
        reader.IsDBNull(ordinal) ? null : DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(ordinal));

    /// <summary>A time as the unix milliseconds the schema stores.</summary>
    public static long ToUnixMs(this DateTimeOffset value) => value.ToUnixTimeMilliseconds();

    /// <summary>A nullable time as the unix milliseconds the schema stores.</summary>
    public static long? ToUnixMs(this DateTimeOffset? value) => value?.ToUnixTimeMilliseconds();
}
