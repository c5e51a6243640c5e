using Microsoft.Data.Sqlite;
using Registry.Core.Packages;
using Registry.Core.Storage;
using Registry.Storage.Relational;
using Registry.Storage.Tests.Metadata;

namespace Registry.Storage.Tests.Sqlite;

public sealed class SqliteCommandsTests
{
    [Fact]
    public async Task BeginImmediate_takes_the_write_lock_before_any_write()
    {
        await using var db = TestDatabase.OnDisk();
        await using var holder = await db.Database.OpenAsync(default);
        await using var other = await db.Database.OpenAsync(default);
        await other.ExecuteAsync(null, "PRAGMA busy_timeout = 0", default);

        await using var transaction = await db.Database.BeginWriteAsync(holder, default);
        await using var write = other.CreateCommand(null, "INSERT INTO token_ids DEFAULT VALUES");
        write.CommandTimeout = 1;

        var act = () => write.ExecuteNonQueryAsync();
        (await act.Should().ThrowAsync<SqliteException>()).Which.SqliteErrorCode.Should().Be(5, "SQLITE_BUSY: the lock is held");
    }

    [Fact]
    public async Task Concurrent_publishes_on_a_shared_in_memory_database_also_have_one_winner()
    {
        await using var db = TestDatabase.InMemory();

        var results = await Task.WhenAll(Enumerable.Range(0, 20).Select(i => Task.Run(() =>
            db.Store.TryAddFileAsync(Files.New(duplicates: DuplicateRule.RejectExistingPackage, content: "c" + i), default))));

        results.Count(r => r.Outcome == AddFileOutcome.Added).Should().Be(1);
    }
}
