using Registry.Core.Storage;

namespace Registry.Core.Tests.Storage;

public sealed class ReadScopeTests
{
    [Fact]
    public async Task A_value_is_computed_once_per_scope_and_again_in_the_next_scope()
    {
        var calls = 0;
        var key = new object();
        Task<int> Compute(CancellationToken _) => Task.FromResult(Interlocked.Increment(ref calls));

        using (var scope = ReadScope.Begin())
        {
            (await scope.GetOrAddAsync(key, Compute, default)).Should().Be(1);
            (await scope.GetOrAddAsync(key, Compute, default)).Should().Be(1);
            (await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => Task.Run(() => scope.GetOrAddAsync(key, Compute, default))))).Should().OnlyContain(v => v == 1);
        }

        using (var next = ReadScope.Begin())
        {
            (await next.GetOrAddAsync(key, Compute, default)).Should().Be(2);
        }
    }

    [Fact]
    public async Task The_scope_flows_into_awaited_work_and_ends_with_its_disposal()
    {
        ReadScope.Current.Should().BeNull();
        using (var scope = ReadScope.Begin())
        {
            await Task.Yield();
            (await Task.Run(() => ReadScope.Current)).Should().BeSameAs(scope);
            using (var inner = ReadScope.Begin())
            {
                ReadScope.Current.Should().BeSameAs(inner);
            }

            ReadScope.Current.Should().BeSameAs(scope);
        }

        ReadScope.Current.Should().BeNull();
    }

    [Fact]
    public async Task A_scope_begun_inside_an_async_method_does_not_leak_to_its_caller()
    {
        static async Task BeginWithoutDisposingAsync()
        {
            ReadScope.Begin();
            await Task.Yield();
        }

        await BeginWithoutDisposingAsync();

        ReadScope.Current.Should().BeNull();
    }

    [Fact]
    public async Task A_failed_computation_is_not_kept()
    {
        var calls = 0;
        var key = new object();
        using var scope = ReadScope.Begin();
        Task<int> Fail(CancellationToken _)
        {
            calls++;
            return Task.FromException<int>(new InvalidOperationException("database down"));
        }

        await FluentActions.Awaiting(() => scope.GetOrAddAsync(key, Fail, default)).Should().ThrowAsync<InvalidOperationException>();
        (await scope.GetOrAddAsync(key, _ => Task.FromResult(7), default)).Should().Be(7);
        calls.Should().Be(1);
    }

    [Fact]
    public async Task A_scope_entered_twice_keeps_what_was_computed_in_it()
    {
        var calls = 0;
        var key = new object();
        var scope = new ReadScope();
        Task<int> Compute(CancellationToken _) => Task.FromResult(Interlocked.Increment(ref calls));

        ReadScope.Current.Should().BeNull("a created scope is not current until entered");
        using (scope.Enter())
        {
            ReadScope.Current.Should().BeSameAs(scope);
            (await scope.GetOrAddAsync(key, Compute, default)).Should().Be(1);
        }

        ReadScope.Current.Should().BeNull();
        using (scope.Enter())
        {
            (await scope.GetOrAddAsync(key, Compute, default)).Should().Be(1, "the second part of the unit of work reuses the first part's value");
        }

        scope.Dispose();
        FluentActions.Invoking(scope.Enter).Should().Throw<ObjectDisposedException>();
    }
}
