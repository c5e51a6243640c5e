using Npgsql;
using Registry.Storage.PostgreSql;

namespace Registry.Storage.Tests.PostgreSql;

public sealed class PostgreSqlConnectionDefaultsTests
{
    [Fact]
    public void Statements_are_prepared_automatically_unless_the_connection_string_says_otherwise()
    {
        new NpgsqlConnectionStringBuilder(PostgreSqlDatabase.WithDefaults("Host=db;Username=registry")).MaxAutoPrepare.Should().Be(64);
        new NpgsqlConnectionStringBuilder(PostgreSqlDatabase.WithDefaults("Host=db;Max Auto Prepare=0")).MaxAutoPrepare.Should().Be(0);
        new NpgsqlConnectionStringBuilder(PostgreSqlDatabase.WithDefaults("Host=db;MaxAutoPrepare=10")).MaxAutoPrepare.Should().Be(10);
    }

    [Fact]
    public void The_rest_of_the_connection_string_is_kept()
    {
        var effective = new NpgsqlConnectionStringBuilder(PostgreSqlDatabase.WithDefaults("Host=db;Port=5433;Username=registry;Password=secret;Maximum Pool Size=7"));

        effective.Host.Should().Be("db");
        effective.Port.Should().Be(5433);
        effective.Username.Should().Be("registry");
        effective.Password.Should().Be("secret");
        effective.MaxPoolSize.Should().Be(7);
    }
}
