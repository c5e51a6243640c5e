using System.Collections.Concurrent;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Registry.Formats.Tests.Infrastructure;

namespace Registry.Formats.Tests.Hardening;

/// <summary>
/// A refused token is not logged at Information (ASP.NET Core's authentication handler did, under the registry
/// handler's category, whatever the host's <c>Microsoft.AspNetCore</c> filter), only at Debug, and never with the token.
/// </summary>
public sealed class AuthenticationLoggingTests
{
    private const string BadToken = "glpat-not-a-token-4242424242";

    [Fact]
    public async Task A_refused_token_is_logged_at_debug_without_the_token()
    {
        var sink = new ListLoggerProvider();
        using var host = new LoggingHost(sink);
        using var client = host.CreateClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/v4/projects/demo%2Fapp/packages/generic/tool/1.0.0/a.bin");
        request.Headers.Add("PRIVATE-TOKEN", BadToken);

        using var response = await client.SendAsync(request);

        Assert.Equal(401, (int)response.StatusCode);
        var handler = sink.Entries.Where(e => e.Category.Contains("RegistryAuthenticationHandler", StringComparison.Ordinal)).ToList();
        Assert.Contains(handler, e => e.Level == LogLevel.Debug && e.Message.Contains("was not authenticated", StringComparison.Ordinal));
        Assert.DoesNotContain(handler, e => e.Level >= LogLevel.Information);
        Assert.DoesNotContain(sink.Entries, e => e.Message.Contains(BadToken, StringComparison.Ordinal));
    }

    private sealed class LoggingHost(ListLoggerProvider sink) : SampleHostFactory
    {
        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            builder.ConfigureLogging(logging => logging.SetMinimumLevel(LogLevel.Trace).AddFilter(_ => true).AddProvider(sink));
        }
    }

    private sealed class ListLoggerProvider : ILoggerProvider
    {
        public ConcurrentQueue<(string Category, LogLevel Level, string Message)> Entries { get; } = new();

        public ILogger CreateLogger(string categoryName) => new ListLogger(this, categoryName);

        public void Dispose()
        {
        }

        private sealed class ListLogger(ListLoggerProvider sink, string category) : ILogger
        {
            public IDisposable? BeginScope<TState>(TState state)
                where TState : notnull => null;

            public bool IsEnabled(LogLevel logLevel) => true;

            public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
                sink.Entries.Enqueue((category, logLevel, formatter(state, exception)));
        }
    }
}
