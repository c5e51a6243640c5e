using Registry.Core.Packages;
using Registry.Core.Reading;
using Registry.Core.Security;
using Registry.Core.Updating;
using Registry.Storage.Tests.Metadata;

namespace Registry.Core.Tests.UseCases;

public sealed class UpdatingTests : IAsyncLifetime
{
    private RegistryHarness _registry = null!;

    private PackageTagger Tagger => _registry.Get<PackageTagger>();

    private PackageUnlister Unlister => _registry.Get<PackageUnlister>();

    private PackageDeprecator Deprecator => _registry.Get<PackageDeprecator>();

    public async Task InitializeAsync() => _registry = await RegistryHarness.CreateAsync();

    public async Task DisposeAsync() => await _registry.DisposeAsync();

    [Fact]
    public async Task Tags_move_between_versions_and_the_fingerprint_follows()
    {
        await PublishAsync("1.0.0", "2.0.0");
        var project = _registry.Authorized(PackageAction.Publish);
        await Tagger.MoveTagsAsync(project, TestTypes.Npm, "pkg", "1.0.0", ["latest"], default);
        var fingerprint = await FingerprintAsync();
        _registry.Time.Advance(TimeSpan.FromMinutes(1));

        var moved = await Tagger.MoveTagsAsync(project, TestTypes.Npm, "pkg", "2.0.0", ["latest"], default);

        moved.Outcome.Should().Be(PackageUpdateOutcome.Updated);
        moved.Changed.Should().OnlyContain(p => p.UpdatedAt == RegistryHarness.Start.AddMinutes(1));
        (await TagsAsync()).Should().Equal("", "latest");
        (await FingerprintAsync()).Should().NotBe(fingerprint);
        (await Tagger.MoveTagsAsync(project, TestTypes.Npm, "pkg", "3.0.0", ["latest"], default)).Found.Should().BeFalse();
        (await Tagger.MoveTagsAsync(project, TestTypes.Npm, "other", "1.0.0", ["latest"], default)).Found.Should().BeFalse();
    }

    [Fact]
    public async Task A_tag_is_removed_from_whichever_version_has_it()
    {
        await PublishAsync("1.0.0", "2.0.0");
        var project = _registry.Authorized(PackageAction.Publish);
        await Tagger.MoveTagsAsync(project, TestTypes.Npm, "pkg", "1.0.0", ["beta"], default);

        (await Tagger.RemoveTagAsync(project, TestTypes.Npm, "pkg", "beta", default)).Outcome.Should().Be(PackageUpdateOutcome.Updated);
        (await Tagger.RemoveTagAsync(project, TestTypes.Npm, "pkg", "beta", default)).Outcome.Should().Be(PackageUpdateOutcome.NotFound);
        (await TagsAsync()).Should().Equal("", "");
    }

    [Fact]
    public async Task Fifty_concurrent_moves_of_latest_leave_exactly_one_holder()
    {
        var versions = Enumerable.Range(1, 50).Select(i => $"1.0.{i}").ToArray();
        await PublishAsync(versions);
        var project = _registry.Authorized(PackageAction.Publish);

        var results = await Task.WhenAll(versions.Select(v => Task.Run(() => Tagger.MoveTagsAsync(project, TestTypes.Npm, "pkg", v, ["latest"], default))));

        results.Should().OnlyContain(r => r.Found);
        (await TagsAsync()).Count(t => t == "latest").Should().Be(1);
    }

    [Fact]
    public async Task Unlisting_hides_a_version_and_relisting_shows_it_again()
    {
        await PublishAsync("1.0.0");
        var project = _registry.Authorized(PackageAction.Delete);

        var unlisted = await Unlister.SetListedAsync(project, TestTypes.Npm, "pkg", "1.0.0", listed: false, default);
        var status = (await FindAsync("1.0.0")).Status;
        var relisted = await Unlister.SetListedAsync(project, TestTypes.Npm, "pkg", "1.0.0", listed: true, default);

        unlisted.Outcome.Should().Be(PackageUpdateOutcome.Updated);
        status.Should().Be(PackageStatus.Hidden);
        relisted.Outcome.Should().Be(PackageUpdateOutcome.Updated);
        (await FindAsync("1.0.0")).Status.Should().Be(PackageStatus.Default);
        (await Unlister.SetListedAsync(project, TestTypes.Npm, "pkg", "2.0.0", listed: false, default)).Found.Should().BeFalse();
    }

    [Fact]
    public async Task Fifty_concurrent_unlists_and_relists_end_in_a_status_the_last_change_explains()
    {
        await PublishAsync("1.0.0");
        var project = _registry.Authorized(PackageAction.Delete);

        var results = await Task.WhenAll(Enumerable.Range(0, 50).Select(i => Task.Run(async () =>
            (Listed: i % 2 == 0, Result: await Unlister.SetListedAsync(project, TestTypes.Npm, "pkg", "1.0.0", i % 2 == 0, default)))));

        var flips = results.Count(r => !r.Listed && r.Result.Outcome == PackageUpdateOutcome.Updated)
            - results.Count(r => r.Listed && r.Result.Outcome == PackageUpdateOutcome.Updated);
        var status = (await FindAsync("1.0.0")).Status;
        flips.Should().Be(status == PackageStatus.Hidden ? 1 : 0);
    }

    [Fact]
    public async Task Deprecation_changes_status_and_manifest_and_an_empty_message_undoes_it()
    {
        await PublishAsync("1.0.0", "2.0.0");
        var project = _registry.Authorized(PackageAction.Publish);

        var deprecated = await Deprecator.SetDeprecationAsync(project, TestTypes.Npm, "pkg", new Dictionary<string, string?> { ["1.0.0"] = "use 2" }, default);
        var package = await FindAsync("1.0.0");
        var undone = await Deprecator.SetDeprecationAsync(project, TestTypes.Npm, "pkg", new Dictionary<string, string?> { ["1.0.0"] = "", ["2.0.0"] = "" }, default);

        deprecated.Outcome.Should().Be(PackageUpdateOutcome.Updated);
        package.Status.Should().Be(PackageStatus.Deprecated);
        package.Metadata.Should().Be("{\"name\":\"pkg\",\"version\":\"1.0.0\",\"deprecated\":\"use 2\"}");
        undone.Changed.Should().ContainSingle().Which.Should().Match<Package>(p => p.Status == PackageStatus.Default && p.Metadata == "{\"name\":\"pkg\",\"version\":\"1.0.0\"}");
        (await Deprecator.SetDeprecationAsync(project, TestTypes.Npm, "pkg", new Dictionary<string, string?> { ["5.0.0"] = "x" }, default)).Found.Should().BeFalse();
    }

    [Fact]
    public async Task Deprecation_matches_versions_by_the_types_normalization()
    {
        await _registry.PublishAsync("Pkg_Name", "1.0-RC1", type: TestTypes.PyPI);

        var result = await Deprecator.SetDeprecationAsync(_registry.Authorized(PackageAction.Publish), TestTypes.PyPI, "pkg.name", new Dictionary<string, string?> { ["v1.0rc1"] = "gone" }, default);

        result.Changed.Should().ContainSingle().Which.Status.Should().Be(PackageStatus.Deprecated);
    }

    [Fact]
    public async Task Metadata_is_rewritten_from_its_current_value()
    {
        await PublishAsync("1.0.0");
        var updater = _registry.Get<PackageMetadataUpdater>();
        var project = _registry.Authorized(PackageAction.Publish);

        var result = await updater.UpdateMetadataAsync(project, TestTypes.Npm, "pkg", "1.0.0", m => m?.Replace("}", ",\"x\":1}", StringComparison.Ordinal), default);

        result.Outcome.Should().Be(PackageUpdateOutcome.Updated);
        (await FindAsync("1.0.0")).Metadata.Should().Be("{\"name\":\"pkg\",\"version\":\"1.0.0\",\"x\":1}");
        (await updater.UpdateMetadataAsync(project, TestTypes.Npm, "pkg", "2.0.0", m => m, default)).Found.Should().BeFalse();
        await FluentActions.Awaiting(() => updater.UpdateMetadataAsync(_registry.Authorized(PackageAction.Pull), TestTypes.Npm, "pkg", "1.0.0", m => m, default))
            .Should().ThrowAsync<InvalidOperationException>();
    }

    [Fact]
    public async Task Each_use_case_needs_its_permission()
    {
        await PublishAsync("1.0.0");
        var pull = _registry.Authorized(PackageAction.Pull);
        var publish = _registry.Authorized(PackageAction.Publish);

        await FluentActions.Awaiting(() => Tagger.MoveTagsAsync(pull, TestTypes.Npm, "pkg", "1.0.0", ["latest"], default)).Should().ThrowAsync<InvalidOperationException>();
        await FluentActions.Awaiting(() => Tagger.RemoveTagAsync(pull, TestTypes.Npm, "pkg", "latest", default)).Should().ThrowAsync<InvalidOperationException>();
        await FluentActions.Awaiting(() => Deprecator.SetDeprecationAsync(pull, TestTypes.Npm, "pkg", new Dictionary<string, string?>(), default)).Should().ThrowAsync<InvalidOperationException>();

        // Unlisting is NuGet's delete: a publisher may not do it.
        await FluentActions.Awaiting(() => Unlister.SetListedAsync(publish, TestTypes.Npm, "pkg", "1.0.0", false, default)).Should().ThrowAsync<InvalidOperationException>();
        (await FindAsync("1.0.0")).Should().Match<Package>(p => p.Status == PackageStatus.Default && p.Tags.Count == 0);
    }

    private async Task PublishAsync(params string[] versions)
    {
        foreach (var version in versions)
        {
            var result = await _registry.PublishAsync("pkg", version, request: new Publishing.PublishRequest
            {
                Type = TestTypes.Npm,
                Name = "pkg",
                Version = version,
                FileName = $"pkg-{version}.tgz",
                MaxBytes = 1024,
                Metadata = $"{{\"name\":\"pkg\",\"version\":\"{version}\"}}",
            });
            result.Outcome.Should().Be(Publishing.PublishOutcome.Published);
        }
    }

    private async Task<Package> FindAsync(string version) =>
        await _registry.Get<PackageReader>().FindPackageOrNullAsync(_registry.Authorized(PackageAction.View), TestTypes.Npm, "pkg", version, default)
            ?? throw new InvalidOperationException($"pkg {version} is missing");

    private Task<string?> FingerprintAsync() =>
        _registry.Get<PackageReader>().FindVersionsFingerprintOrNullAsync(_registry.Authorized(PackageAction.View), TestTypes.Npm, "pkg", default);

    private async Task<List<string>> TagsAsync() =>
        [.. (await _registry.Get<PackageReader>().ListVersionsAsync(_registry.Authorized(PackageAction.View), TestTypes.Npm, "pkg", default)).Select(p => string.Join(',', p.Tags))];
}
