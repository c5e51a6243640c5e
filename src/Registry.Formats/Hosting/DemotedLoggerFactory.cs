using Microsoft.Extensions.Logging;

namespace Registry.Formats.Hosting;

/// <summary>
/// Hands <see cref="RegistryAuthenticationHandler"/>'s base class loggers that write its Information events at Debug:
/// ASP.NET Core's handler logs every refused token ("was not authenticated") and every challenge at Information, under
/// the handler's own category, which a host's <c>Microsoft.AspNetCore: Warning</c> filter does not cover. One scanner
/// sending bad tokens would fill the log; a host that wants them turns the handler's category to Debug.
/// </summary>
internal sealed class DemotedLoggerFactory(ILoggerFactory inner) : ILoggerFactory
{
    public ILogger CreateLogger(string categoryName) => new DemotedLogger(inner.CreateLogger(categoryName));

    public void AddProvider(ILoggerProvider provider) => inner.AddProvider(provider);

    public void Dispose()
    {
        // The host's factory is the host's to dispose.
    }

    private sealed class DemotedLogger(ILogger inner) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => inner.BeginScope(state);

        public bool IsEnabled(LogLevel logLevel) => inner.IsEnabled(Demote(logLevel));

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            var level = Demote(logLevel);
            if (inner.IsEnabled(level))
            {
                inner.Log(level, eventId, state, exception, formatter);
            }
        }

        private static LogLevel Demote(LogLevel level) => level == LogLevel.Information ? LogLevel.Debug : level;
    }
}
