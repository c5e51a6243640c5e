using System.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Net.Http.Headers;
using Registry.Formats.Protocol;
using Registry.Formats.Tests.Documents;

namespace Registry.Formats.Tests.Protocol;

/// <summary>
/// The kit's date-based revalidation (Composer sends only <c>If-Modified-Since</c>): a document is dated when it is
/// rendered, answers 304 while its fingerprint holds, and a new fingerprint is dated at least a second later even
/// within the same second, so a client holding the old date never hears "not modified".
/// </summary>
public sealed class DocumentCacheLastModifiedTests : IDisposable
{
    private readonly SetClock _clock = new() { Now = SetClock.Start.AddMilliseconds(250) };
    private readonly DocumentCache _cache;
    private readonly ServiceProvider _services = new ServiceCollection().AddLogging().BuildServiceProvider();

    public DocumentCacheLastModifiedTests() => _cache = new DocumentCache(_clock, new Registry.Core.RegistryMetrics());

    public void Dispose()
    {
        _cache.Dispose();
        _services.Dispose();
    }

    [Fact]
    public async Task A_document_is_dated_on_render_and_not_modified_while_its_fingerprint_holds()
    {
        var (status, modified) = await ServeAsync("f1", since: null);
        status.Should().Be(200);
        modified.Should().Be(HeaderUtilities.FormatDate(SetClock.Start.AddSeconds(1)), "a date is rounded up to the second HTTP dates carry");

        (await ServeAsync("f1", since: modified)).Status.Should().Be(304);
        (await ServeAsync("f1", since: HeaderUtilities.FormatDate(SetClock.Start))).Status.Should().Be(200, "an older copy is sent again");

        var (changed, changedDate) = await ServeAsync("f2", since: modified);
        changed.Should().Be(200, "the fingerprint moved within the same second");
        changedDate.Should().Be(HeaderUtilities.FormatDate(SetClock.Start.AddSeconds(2)));
        (await ServeAsync("f2", since: changedDate)).Status.Should().Be(304);
    }

    [Fact]
    public async Task Without_the_option_no_date_is_sent_and_if_modified_since_is_ignored()
    {
        var context = Context(HeaderUtilities.FormatDate(SetClock.Start.AddYears(1)));
        var result = await _cache.ServeAsync(context, "k", "f1", "application/json", () => Task.FromResult<byte[]?>("{}"u8.ToArray()), Results.NotFound());
        await result.ExecuteAsync(context);

        context.Response.StatusCode.Should().Be(200);
        context.Response.Headers.LastModified.Should().BeEmpty();
    }

    [Fact]
    public async Task Requests_that_miss_one_document_at_once_wait_for_one_render()
    {
        var renders = 0;
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var requests = Enumerable.Range(0, 16).Select(_ => Task.Run(async () =>
        {
            var context = Context(since: null);
            var result = await _cache.ServeAsync(context, "packument", "f1", "application/json", async () =>
            {
                Interlocked.Increment(ref renders);
                await release.Task;
                return "{\"v\":1}"u8.ToArray();
            }, Results.NotFound());
            await result.ExecuteAsync(context);
            return Encoding.UTF8.GetString(((MemoryStream)context.Response.Body).ToArray());
        })).ToList();

        while (Volatile.Read(ref renders) == 0)
        {
            await Task.Delay(1);
        }

        release.SetResult();
        (await Task.WhenAll(requests)).Should().OnlyContain(body => body == "{\"v\":1}");
        renders.Should().Be(1);
    }

    [Fact]
    public async Task A_failed_render_fails_only_its_request_and_the_next_request_renders_again()
    {
        var context = Context(since: null);
        await _cache.Invoking(c => c.ServeAsync(context, "doc", "f1", "application/json", new Func<Task<byte[]?>>(() => throw new InvalidOperationException("broken")), Results.NotFound()))
            .Should().ThrowAsync<InvalidOperationException>();

        (await ServeAsync("f1", since: null)).Status.Should().Be(200);
    }

    private async Task<(int Status, string Modified)> ServeAsync(string fingerprint, string? since)
    {
        var context = Context(since);
        var result = await _cache.ServeAsync(context, "doc", fingerprint, "application/json", () => Task.FromResult<byte[]?>("{}"u8.ToArray()), Results.NotFound(), lastModified: true);
        await result.ExecuteAsync(context);
        return (context.Response.StatusCode, context.Response.Headers.LastModified.ToString());
    }

    private DefaultHttpContext Context(string? since)
    {
        var context = new DefaultHttpContext { RequestServices = _services };
        context.Response.Body = new MemoryStream();
        if (since is not null)
        {
            context.Request.Headers.IfModifiedSince = since;
        }

        return context;
    }
}
