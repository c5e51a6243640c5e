using System.Collections.Concurrent;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Registry.Core.Audit;
using Registry.Core.Directory;
using Registry.Formats.Tests.Infrastructure;

namespace Registry.Formats.Tests.Usage;

/// <summary>
/// A sample host whose audit sink is replaced by a recording one (as a host replaces the default) and whose every log
/// event is kept, with the public group <c>usage</c>, its subgroup <c>usage/sub</c>, a project in each, and members of
/// the group at each role.
/// </summary>
public sealed class UsageHost : SampleHostFactory, IAsyncLifetime
{
    public RecordingAuditSink Audit { get; } = new();

    public ConcurrentQueue<string> Logs { get; } = new();

    public HttpClient Client { get; private set; } = null!;

    public Group Group { get; private set; } = null!;

    public Group Subgroup { get; private set; } = null!;

    public Project Top { get; private set; } = null!;

    public Project Nested { get; private set; } = null!;

    public string Guest { get; private set; } = string.Empty;

    public string Reporter { get; private set; } = string.Empty;

    public string Maintainer { get; private set; } = string.Empty;

    public string Owner { get; private set; } = string.Empty;

    public string Outsider { get; private set; } = string.Empty;

    /// <summary>Every token text the host issued in this fixture, which no log event nor audit event may contain.</summary>
    public List<string> Secrets { get; } = [AdminToken];

    public async Task InitializeAsync()
    {
        Client = CreateClient();
        Group = await Directory.TryCreateGroupAsync("usage", "usage", null, ProjectVisibility.Public, default) ?? throw new InvalidOperationException("group exists");
        Subgroup = await Directory.TryCreateGroupAsync("sub", "sub", Group.Id, ProjectVisibility.Public, default) ?? throw new InvalidOperationException("group exists");
        Top = await Directory.TryCreateProjectAsync("top", "top", Group.Id, ProjectVisibility.Public, PackageRegistryAccessLevel.Enabled, default) ?? throw new InvalidOperationException("project exists");
        Nested = await Directory.TryCreateProjectAsync("nested", "nested", Subgroup.Id, ProjectVisibility.Public, PackageRegistryAccessLevel.Enabled, default) ?? throw new InvalidOperationException("project exists");
        Guest = await MemberAsync("u-guest", AccessLevel.Guest);
        Reporter = await MemberAsync("u-reporter", AccessLevel.Reporter);
        Maintainer = await MemberAsync("u-maint", AccessLevel.Maintainer);
        Owner = await MemberAsync("u-owner", AccessLevel.Owner);
        (_, Outsider) = await CreateUserAsync("u-outsider");
        Secrets.Add(Outsider);
    }

    Task IAsyncLifetime.DisposeAsync()
    {
        Client.Dispose();
        Dispose();
        return Task.CompletedTask;
    }

    /// <summary>Sends a request with a token (PRIVATE-TOKEN) and, for a body, JSON.</summary>
    public async Task<(int Status, JsonElement Body)> SendAsync(HttpMethod method, string url, string? token, object? body = null)
    {
        using var request = new HttpRequestMessage(method, url) { Content = body is null ? null : JsonContent.Create(body) };
        using var response = await Client.SendAsync(request.WithToken(token));
        var text = await response.Content.ReadAsStringAsync();
        return ((int)response.StatusCode, text.Length == 0 ? default : JsonDocument.Parse(text).RootElement.Clone());
    }

    /// <summary>Uploads a generic package file; fails the test unless it answers 201.</summary>
    public async Task PublishGenericAsync(Project project, string name, string fileName, string content, string token)
    {
        using var response = await Client.PutBytesAsync(
            $"/api/v4/projects/{project.Id}/packages/generic/{name}/1.0.0/{fileName}", System.Text.Encoding.UTF8.GetBytes(content), token);
        ((int)response.StatusCode).Should().Be(201, await response.Content.ReadAsStringAsync());
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.ConfigureLogging(logging => logging.SetMinimumLevel(LogLevel.Trace).AddFilter(_ => true).AddProvider(new QueueLoggerProvider(Logs)));
        // Replaces the default sink as a host does, and still feeds the default one, so the log holds its events too.
        builder.ConfigureTestServices(services => services.AddSingleton<IRegistryAuditSink>(sp =>
            new TeeSink(Audit, new LoggingRegistryAuditSink(sp.GetRequiredService<ILogger<LoggingRegistryAuditSink>>()))));
    }

    private async Task<string> MemberAsync(string name, AccessLevel role)
    {
        var (user, token) = await CreateUserAsync(name);
        await Directory.SetGroupMemberAsync(Group.Id, user.Id, role, default);
        Secrets.Add(token);
        return token;
    }

    /// <summary>Keeps every audit event it is given, as a host's own sink would ship them.</summary>
    public sealed class RecordingAuditSink : IRegistryAuditSink
    {
        public ConcurrentQueue<RegistryAuditEvent> Events { get; } = new();

        public ValueTask WriteAsync(RegistryAuditEvent auditEvent, CancellationToken cancellationToken)
        {
            Events.Enqueue(auditEvent);
            return ValueTask.CompletedTask;
        }
    }

    private sealed class TeeSink(IRegistryAuditSink first, IRegistryAuditSink second) : IRegistryAuditSink
    {
        public async ValueTask WriteAsync(RegistryAuditEvent auditEvent, CancellationToken cancellationToken)
        {
            await first.WriteAsync(auditEvent, cancellationToken);
            await second.WriteAsync(auditEvent, cancellationToken);
        }
    }

    private sealed class QueueLoggerProvider(ConcurrentQueue<string> entries) : ILoggerProvider
    {
        public ILogger CreateLogger(string categoryName) => new QueueLogger(entries);

        public void Dispose()
        {
        }

        private sealed class QueueLogger(ConcurrentQueue<string> entries) : ILogger
        {
            public IDisposable? BeginScope<TState>(TState state)
                where TState : notnull => null;

            public bool IsEnabled(LogLevel logLevel) => true;

            public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
                entries.Enqueue(formatter(state, exception) + " " + exception);
        }
    }
}
