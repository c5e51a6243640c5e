using Registry.Storage.PostgreSql;

namespace Registry.Storage.Tests.PostgreSql;

public sealed class PostgreSqlOptionsTests
{
    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("Host=db;NoSuchKeyword=1")]
    public void A_missing_or_malformed_connection_string_fails_naming_the_key(string? connectionString)
    {
        var result = new PostgreSqlOptionsValidator().Validate(new PostgreSqlOptions { ConnectionString = connectionString });

        result.IsValid.Should().BeFalse();
        result.Errors.Should().ContainSingle().Which.ErrorMessage.Should().StartWith("PackageRegistry:Metadata:ConnectionString ");
    }

    [Fact]
    public void A_password_never_appears_in_the_message()
    {
        var result = new PostgreSqlOptionsValidator().Validate(new PostgreSqlOptions { ConnectionString = "Host=db;Password=s3cret;Bogus=1" });

        result.Errors.Should().ContainSingle().Which.ErrorMessage.Should().NotContain("s3cret");
    }

    [Fact]
    public void A_well_formed_connection_string_passes()
    {
        new PostgreSqlOptionsValidator().Validate(new PostgreSqlOptions { ConnectionString = "Host=127.0.0.1;Database=registry;Username=registry" })
            .IsValid.Should().BeTrue();
    }

    [Fact]
    public void The_default_bound_is_twice_the_processors_and_at_least_four()
    {
        new PostgreSqlOptions().MaxConcurrentWrites.Should().Be(Math.Max(4, 2 * Environment.ProcessorCount));
    }

    [Fact]
    public void A_negative_bound_fails_naming_the_key()
    {
        var result = new PostgreSqlOptionsValidator().Validate(new PostgreSqlOptions { ConnectionString = "Host=db", MaxConcurrentWrites = -1 });

        result.Errors.Should().ContainSingle().Which.ErrorMessage.Should().StartWith("PackageRegistry:Metadata:MaxConcurrentWrites ");
    }
}
