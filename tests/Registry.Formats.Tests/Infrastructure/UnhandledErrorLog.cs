using Microsoft.Extensions.Logging;

namespace Registry.Formats.Tests.Infrastructure;

/// <summary>
/// Appends every error a test host logs with an exception (an unhandled one behind a 500, a failed background write)
/// to the file named by <c>REGISTRY_TEST_ERROR_LOG</c>, which CI prints when a test fails: the test itself sees only
/// the status code. Hosts that fail to start on purpose (the settings tests) are left out. Nothing is written when the
/// variable is unset.
/// </summary>
internal sealed class UnhandledErrorLog : ILoggerProvider
{
    private static readonly object Gate = new();

    public static string? PathOrNull => Environment.GetEnvironmentVariable("REGISTRY_TEST_ERROR_LOG") is { Length: > 0 } path ? path : null;

    public ILogger CreateLogger(string categoryName) => new Logger(categoryName);

    public void Dispose()
    {
    }

    private sealed class Logger(string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Error && !category.StartsWith("Microsoft.Extensions.Hosting", StringComparison.Ordinal);

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (exception is null || !IsEnabled(logLevel) || PathOrNull is not { } path)
            {
                return;
            }

            lock (Gate)
            {
                File.AppendAllText(path, $"{DateTimeOffset.UtcNow:O} {logLevel} {category}: {formatter(state, exception)}\n{exception}\n\n");
            }
        }
    }
}
