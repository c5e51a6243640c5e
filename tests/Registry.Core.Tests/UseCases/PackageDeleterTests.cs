using Registry.Core.Deleting;
using Registry.Core.Packages;
using Registry.Core.Security;
using Registry.Storage.Tests.Metadata;

namespace Registry.Core.Tests.UseCases;

public sealed class PackageDeleterTests : IAsyncLifetime
{
    private RegistryHarness _registry = null!;

    private PackageDeleter Deleter => _registry.Get<PackageDeleter>();

    private AuthorizedProject Delete => _registry.Authorized(PackageAction.Delete);

    public async Task InitializeAsync() => _registry = await RegistryHarness.CreateAsync();

    public async Task DisposeAsync() => await _registry.DisposeAsync();

    [Fact]
    public async Task A_package_is_deleted_once()
    {
        var package = (await _registry.PublishAsync("tool", "1.0.0")).Package.OrFail();

        (await Deleter.DeletePackageAsync(Delete, package.Id, default)).Should().BeTrue();
        (await Deleter.DeletePackageAsync(Delete, package.Id, default)).Should().BeFalse();
        (await _registry.Store.FindPackageByIdOrNullAsync(_registry.Project.Id, package.Id, default)).Should().BeNull();
    }

    [Fact]
    public async Task A_file_is_deleted_and_the_package_keeps_its_others()
    {
        var first = await _registry.PublishAsync("tool", "1.0.0", "a");
        await _registry.PublishAsync("tool", "1.0.0", "b", new Publishing.PublishRequest { Type = TestTypes.Generic, Name = "tool", Version = "1.0.0", FileName = "b.bin", MaxBytes = 10 });
        var package = first.Package.OrFail();

        (await Deleter.DeleteFileAsync(Delete, package.Id, first.File.OrFail().Id, default)).Should().BeTrue();
        (await Deleter.DeleteFileAsync(Delete, package.Id, first.File.OrFail().Id, default)).Should().BeFalse();
        (await _registry.Store.ListFilesAsync(package.Id, default)).Should().ContainSingle().Which.FileName.Should().Be("b.bin");
    }

    [Fact]
    public async Task Another_projects_package_is_not_found()
    {
        var published = await _registry.PublishAsync("tool", "1.0.0");
        var elsewhere = new AuthorizedProject(_registry.Project with { Id = _registry.Project.Id + 1 }, _registry.Developer, PackageAction.Delete, new HashSet<PackageAction> { PackageAction.Delete });

        (await Deleter.DeletePackageAsync(elsewhere, published.Package.OrFail().Id, default)).Should().BeFalse();
        (await Deleter.DeleteFileAsync(elsewhere, published.Package.OrFail().Id, published.File.OrFail().Id, default)).Should().BeFalse();
        (await _registry.Store.ListFilesAsync(published.Package.OrFail().Id, default)).Should().ContainSingle();
    }

    [Fact]
    public async Task Deleting_needs_delete_permission()
    {
        var published = await _registry.PublishAsync("tool", "1.0.0");

        await FluentActions.Awaiting(() => Deleter.DeletePackageAsync(_registry.Authorized(PackageAction.Publish), published.Package.OrFail().Id, default))
            .Should().ThrowAsync<InvalidOperationException>();
        await FluentActions.Awaiting(() => Deleter.DeleteFileAsync(_registry.Authorized(PackageAction.Publish), published.Package.OrFail().Id, published.File.OrFail().Id, default))
            .Should().ThrowAsync<InvalidOperationException>();
    }
}
