using FluentValidation;
using Npgsql;

namespace Registry.Storage.PostgreSql;

/// <summary>Validates <see cref="PostgreSqlOptions"/>; messages name the key to fix, never its value (it may hold a password).</summary>
internal sealed class PostgreSqlOptionsValidator : AbstractValidator<PostgreSqlOptions>
{
    public PostgreSqlOptionsValidator()
    {
        RuleFor(o => o.MaxConcurrentWrites)
            .GreaterThanOrEqualTo(0)
            .WithName(PostgreSqlOptions.MaxConcurrentWritesKey)
            .WithMessage($"{PostgreSqlOptions.MaxConcurrentWritesKey} is a number of write transactions, 0 for no bound.");
        RuleFor(o => o.ConnectionString)
            .NotEmpty()
            .WithName(PostgreSqlOptions.ConnectionStringKey)
            .WithMessage($"{PostgreSqlOptions.ConnectionStringKey} is required with the PostgreSql metadata provider (for example Host=db;Database=registry;Username=registry;Password=...).")
            .Must(BeParseable)
            .WithName(PostgreSqlOptions.ConnectionStringKey)
            .WithMessage($"{PostgreSqlOptions.ConnectionStringKey} is not a valid Npgsql connection string (keys such as Host, Port, Database, Username, Password).");
    }

    private static bool BeParseable(string? connectionString)
    {
        if (string.IsNullOrEmpty(connectionString))
        {
            return true;
        }

        try
        {
            _ = new NpgsqlConnectionStringBuilder(connectionString);
            return true;
        }
        catch (ArgumentException)
        {
            return false;
        }
    }
}
