using System.Diagnostics.Metrics;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using Registry.Core.Reading;

namespace Registry.Core.Tests.UseCases;

/// <summary>
/// The download bookkeeping off the request path: notes in memory, one slot a package, written in one batch per
/// interval by the timer and once more at shutdown.
/// </summary>
public sealed class DownloadRecorderTests
{
    private static readonly DateTimeOffset Start = new(2026, 1, 1, 9, 0, 0, TimeSpan.Zero);

    private readonly FakeTimeProvider _time = new(Start);

    private (DownloadRecorder Recorder, DownloadStoreProxy Store) Create(int maxPendingPackages = DownloadRecorder.DefaultMaxPendingPackages, RegistryMetrics? metrics = null)
    {
        var (store, proxy) = DownloadStoreProxy.Over(null);
        return (new DownloadRecorder(store, _time, metrics ?? new RegistryMetrics(), NullLogger<DownloadRecorder>.Instance) { MaxPendingPackages = maxPendingPackages }, proxy);
    }

    [Fact]
    public async Task Many_concurrent_downloads_of_one_package_make_one_write_with_the_latest_time()
    {
        var (recorder, store) = Create();

        Parallel.For(0, 1000, i =>
        {
            if (i == 500)
            {
                _time.Advance(TimeSpan.FromSeconds(10));
            }

            recorder.Record(7);
        });

        recorder.PendingCount.Should().Be(1);
        (await recorder.FlushAsync(default)).Should().Be(1);
        (await recorder.FlushAsync(default)).Should().Be(0, "nothing was downloaded since");

        store.Batches.Should().ContainSingle().Which.Should().Equal(new Dictionary<long, DateTimeOffset> { [7] = Start.AddSeconds(10) });
    }

    [Fact]
    public async Task The_timer_writes_every_noted_package_in_one_batch_once_an_interval()
    {
        var (recorder, store) = Create();
        var written = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        store.RecordDownloads = _ =>
        {
            written.TrySetResult();
            return Task.CompletedTask;
        };
        await recorder.StartAsync(default);
        recorder.Record(1);
        recorder.Record(2);
        recorder.Record(1);

        _time.Advance(DownloadRecorder.Interval - TimeSpan.FromSeconds(1));
        store.Batches.Should().BeEmpty("no interval has passed");
        _time.Advance(TimeSpan.FromSeconds(1));
        await written.Task.WaitAsync(TimeSpan.FromMinutes(1));

        store.Batches.Should().ContainSingle().Which.Keys.Should().BeEquivalentTo([1L, 2L]);
        recorder.PendingCount.Should().Be(0);
        await recorder.StopAsync(default);
    }

    [Fact]
    public async Task Stopping_the_host_writes_what_was_noted_since_the_last_tick()
    {
        var (recorder, store) = Create();
        await recorder.StartAsync(default);
        recorder.Record(3);

        await recorder.StopAsync(default);

        store.Batches.Should().ContainSingle().Which.Should().Equal(new Dictionary<long, DateTimeOffset> { [3] = Start });
    }

    [Fact]
    public async Task Past_the_cap_new_packages_are_dropped_and_counted_until_the_next_write()
    {
        using var metrics = new MetricsProbe();
        var (recorder, store) = Create(maxPendingPackages: 3, metrics.Metrics);

        // Package 1 takes a slot first, so that noting it again below is an update, not a drop (the parallel notes
        // race for the other two slots in any order).
        recorder.Record(1);
        Parallel.For(2, 101, id => recorder.Record(id));
        recorder.Record(1);

        recorder.PendingCount.Should().Be(3);
        metrics.Unrecorded.Should().Be(97);
        await recorder.FlushAsync(default);
        store.Batches.Should().ContainSingle().Which.Should().HaveCount(3);

        recorder.Record(200);
        recorder.PendingCount.Should().Be(1, "the write freed the slots");
    }

    [Fact]
    public async Task A_failed_write_keeps_the_notes_for_the_next_one()
    {
        var (recorder, store) = Create();
        store.RecordDownloads = _ => Task.FromException(new InvalidOperationException("database down"));
        recorder.Record(1);
        _time.Advance(TimeSpan.FromSeconds(5));

        await recorder.Invoking(r => r.FlushAsync(default)).Should().ThrowAsync<InvalidOperationException>();
        recorder.Record(2);
        store.RecordDownloads = _ => Task.CompletedTask;
        await recorder.FlushAsync(default);

        store.Batches[^1].Should().Equal(new Dictionary<long, DateTimeOffset> { [1] = Start, [2] = Start.AddSeconds(5) });
    }

    /// <summary>Sums <c>registry.downloads.unrecorded</c> of one <see cref="RegistryMetrics"/> instance (its meter's scope is the probe).</summary>
    private sealed class MetricsProbe : IMeterFactory
    {
        private readonly MeterListener _listener = new();
        private readonly List<Meter> _meters = [];
        private long _unrecorded;

        public MetricsProbe()
        {
            Metrics = new RegistryMetrics(this);
            _listener.InstrumentPublished = (instrument, listener) =>
            {
                if (instrument.Meter.Scope == this && instrument.Name == "registry.downloads.unrecorded")
                {
                    listener.EnableMeasurementEvents(instrument);
                }
            };
            _listener.SetMeasurementEventCallback<long>((_, value, _, _) => Interlocked.Add(ref _unrecorded, value));
            _listener.Start();
        }

        public RegistryMetrics Metrics { get; }

        public long Unrecorded => Interlocked.Read(ref _unrecorded);

        public Meter Create(MeterOptions options)
        {
            var meter = new Meter(options.Name, options.Version, options.Tags, scope: this);
            _meters.Add(meter);
            return meter;
        }

        public void Dispose()
        {
            _listener.Dispose();
            _meters.ForEach(static m => m.Dispose());
        }
    }
}
