using System.Reflection;
using System.Runtime.ExceptionServices;
using Registry.Core.Storage;

namespace Registry.Core.Tests.UseCases;

/// <summary>
/// An <see cref="IPackageStore"/> that forwards every call to a real store except
/// <see cref="IPackageStore.RecordDownloadsAsync"/>, which <see cref="RecordDownloads"/> answers: to count the writes,
/// block them or fail them.
/// </summary>
public class DownloadStoreProxy : DispatchProxy
{
    private IPackageStore? _inner;

    private Func<IReadOnlyDictionary<long, DateTimeOffset>, Task> _recordDownloads = static _ => Task.CompletedTask;

    /// <summary>Every batch handed to the store, in order.</summary>
    public List<IReadOnlyDictionary<long, DateTimeOffset>> Batches { get; } = [];

    /// <summary>Answers each write (after it is added to <see cref="Batches"/>); by default a completed task.</summary>
    public Func<IReadOnlyDictionary<long, DateTimeOffset>, Task> RecordDownloads
    {
        get => _recordDownloads;
        set => _recordDownloads = value;
    }

    /// <summary>A store over <paramref name="inner"/> (null: only the download writes may be called).</summary>
    public static (IPackageStore Store, DownloadStoreProxy Proxy) Over(IPackageStore? inner)
    {
        var store = Create<IPackageStore, DownloadStoreProxy>();
        var proxy = (DownloadStoreProxy)(object)store;
        proxy._inner = inner;
        return (store, proxy);
    }

    /// <inheritdoc />
    protected override object? Invoke(MethodInfo? targetMethod, object?[]? args)
    {
        ArgumentNullException.ThrowIfNull(targetMethod);
        if (targetMethod.Name == nameof(IPackageStore.RecordDownloadsAsync) && args is [IReadOnlyDictionary<long, DateTimeOffset> batch, ..])
        {
            lock (Batches)
            {
                // A copy: the recorder owns its dictionary.
                Batches.Add(new Dictionary<long, DateTimeOffset>(batch));
            }

            return RecordDownloads(batch);
        }

        var inner = _inner ?? throw new InvalidOperationException(targetMethod.Name + " called on a store that only records downloads");
        try
        {
            return targetMethod.Invoke(inner, args);
        }
        catch (TargetInvocationException ex) when (ex.InnerException is { } thrown)
        {
            ExceptionDispatchInfo.Throw(thrown);
            throw;
        }
    }
}
