using System.Security.Cryptography;
using System.Text;
using Registry.Core.Packages;
using Registry.Core.Publishing;
using Registry.Core.Security;
using Registry.Core.Storage;
using Registry.Storage.Tests.Metadata;

namespace Registry.Core.Tests.UseCases;

public sealed class PackagePublisherTests : IAsyncLifetime
{
    private RegistryHarness _registry = null!;

    public async Task InitializeAsync() => _registry = await RegistryHarness.CreateAsync();

    public async Task DisposeAsync() => await _registry.DisposeAsync();

    [Fact]
    public async Task A_publish_stores_the_bytes_once_with_all_four_digests_and_records_the_package()
    {
        var bytes = Encoding.UTF8.GetBytes("hello");

        var result = await _registry.PublishAsync("tool", "1.0.0", "hello");

        result.Outcome.Should().Be(PublishOutcome.Published);
        result.Package.OrFail().Should().Match<Package>(p => p.Name == "tool" && p.Version == "1.0.0" && p.ProjectId == _registry.Project.Id && p.CreatedAt == RegistryHarness.Start);
        result.File.Should().BeEquivalentTo(new
        {
            FileName = "tool-1.0.0.bin",
            Size = 5L,
            Md5 = Convert.ToHexStringLower(MD5.HashData(bytes)),
            Sha1 = Convert.ToHexStringLower(SHA1.HashData(bytes)),
            Sha256 = Convert.ToHexStringLower(SHA256.HashData(bytes)),
            Sha512 = Convert.ToHexStringLower(SHA512.HashData(bytes)),
        });
        (await _registry.ListBlobsAsync()).Should().ContainSingle().Which.Key.Should().Be(result.File.OrFail().Sha256);
    }

    [Fact]
    public async Task A_body_over_the_limit_is_refused_and_leaves_nothing()
    {
        var result = await _registry.PublishAsync("tool", "1.0.0", new string('x', 1025));

        result.Outcome.Should().Be(PublishOutcome.TooLarge);
        result.Error.Should().Contain("1024");
        await ShouldHoldNothingAsync();
    }

    [Fact]
    public async Task An_empty_body_is_refused_and_leaves_nothing()
    {
        (await _registry.PublishAsync("tool", "1.0.0", string.Empty)).Outcome.Should().Be(PublishOutcome.Empty);
        await ShouldHoldNothingAsync();
    }

    [Fact]
    public async Task A_refused_inspection_leaves_no_blob_and_no_row()
    {
        var inspected = string.Empty;
        var result = await _registry.PublishAsync("tool", "1.0.0", request: Request() with
        {
            Inspect = async (written, cancellationToken) =>
            {
                inspected = await new StreamReader(written).ReadToEndAsync(cancellationToken);
                return ContentInspection.Refused("manifest is missing");
            },
        });

        inspected.Should().Be("content");
        result.Should().Be(new PublishResult(PublishOutcome.Invalid, Error: "manifest is missing"));
        await ShouldHoldNothingAsync();
    }

    [Fact]
    public async Task The_inspection_names_the_package_it_read()
    {
        var result = await _registry.PublishAsync("upload", "0.0.0", request: Request() with
        {
            Inspect = (_, _) => Task.FromResult(new ContentInspection { Name = "Real.Name", Version = "2.0.0", FileName = "real.nupkg", Metadata = "{\"m\":1}" }),
        });

        result.Package.OrFail().Should().Match<Package>(p => p.Name == "Real.Name" && p.Version == "2.0.0" && p.Metadata == "{\"m\":1}");
        result.File.OrFail().FileName.Should().Be("real.nupkg");
    }

    [Theory]
    [InlineData(DuplicateRule.Allow, "same.bin", PublishOutcome.Published)]
    [InlineData(DuplicateRule.RejectSameFileName, "same.bin", PublishOutcome.Duplicate)]
    [InlineData(DuplicateRule.RejectSameFileName, "other.bin", PublishOutcome.Published)]
    [InlineData(DuplicateRule.RejectExistingPackage, "other.bin", PublishOutcome.Duplicate)]
    public async Task The_requests_duplicate_rule_decides_a_second_file(DuplicateRule rule, string secondName, PublishOutcome expected)
    {
        await _registry.PublishAsync("tool", "1.0.0", request: Request() with { FileName = "same.bin", Duplicates = rule });

        var second = await _registry.PublishAsync("tool", "1.0.0", "second", Request() with { FileName = secondName, Duplicates = rule });

        second.Outcome.Should().Be(expected);
        var files = await _registry.Store.ListFilesAsync(second.Package.OrFail().Id, default);
        files.Should().HaveCount(expected == PublishOutcome.Published ? 2 : 1);
    }

    [Fact]
    public async Task Without_group_settings_the_formats_default_applies()
    {
        var request = Request() with { Duplicates = DuplicateRule.RejectExistingPackage };
        await _registry.PublishAsync("tool", "1.0.0", request: request);

        (await _registry.PublishAsync("tool", "1.0.0", "b", request with { DuplicatesAllowedByDefault = true })).Outcome.Should().Be(PublishOutcome.Published);
        (await _registry.PublishAsync("tool", "1.0.0", "c", request with { DuplicatesAllowedByDefault = false })).Outcome.Should().Be(PublishOutcome.Duplicate);
    }

    [Theory]
    [InlineData(false, null, "1.0.0", PublishOutcome.Duplicate)]
    [InlineData(true, null, "1.0.0", PublishOutcome.Published)]
    [InlineData(false, @"1\.0\..*", "1.0.0", PublishOutcome.Published)]
    [InlineData(false, @"1\.0", "1.0.0", PublishOutcome.Duplicate)]
    [InlineData(true, "tool", "1.0.0", PublishOutcome.Duplicate)]
    public async Task The_top_level_groups_settings_and_exception_regex_override_the_default(bool allowed, string? regex, string version, PublishOutcome expected)
    {
        await _registry.Get<IPackageSettingsStore>().SetDuplicateSettingsAsync(_registry.Project.GroupId, "generic", new DuplicateSettings(allowed, regex), default);
        var request = Request() with { Version = version, Duplicates = DuplicateRule.RejectExistingPackage, DuplicatesAllowedByDefault = !allowed };
        await _registry.PublishAsync("tool", version, request: request);

        var second = await _registry.PublishAsync("tool", version, "again", request);

        second.Outcome.Should().Be(expected);
    }

    [Fact]
    public async Task A_known_duplicate_is_refused_before_the_body_is_stored()
    {
        var request = Request() with { Duplicates = DuplicateRule.RejectExistingPackage };
        var first = await _registry.PublishAsync("tool", "1.0.0", request: request);

        var second = await _registry.PublishAsync("tool", "1.0.0", "other bytes", request);

        second.Should().Be(new PublishResult(PublishOutcome.Duplicate, first.Package, Error: "Duplicate package is not allowed"));
        (await _registry.ListBlobsAsync()).Should().ContainSingle();
    }

    [Fact]
    public async Task A_job_records_its_build_info()
    {
        var job = _registry.Developer with { Kind = PrincipalKind.JobToken, Job = new JobContext(7, _registry.Project.Id, 42, "main", "abc") };
        var publisher = _registry.Get<PackagePublisher>();

        var result = await publisher.PublishAsync(new AuthorizedProject(_registry.Project, job, PackageAction.Publish, new HashSet<PackageAction> { PackageAction.Publish }), Request(), new MemoryStream("x"u8.ToArray()), default);

        (await _registry.Store.ListBuildInfosAsync(result.Package.OrFail().Id, default)).Should().ContainSingle()
            .Which.Should().Match<BuildInfo>(b => b.PipelineId == 42 && b.Ref == "main" && b.CommitSha == "abc" && b.UserId == _registry.Developer.UserId);
    }

    [Fact]
    public async Task Publishing_needs_publish_permission()
    {
        var publisher = _registry.Get<PackagePublisher>();

        await FluentActions.Awaiting(() => publisher.PublishAsync(_registry.Authorized(PackageAction.Pull), Request(), new MemoryStream("x"u8.ToArray()), default))
            .Should().ThrowAsync<InvalidOperationException>();
        await ShouldHoldNothingAsync();
    }

    private static PublishRequest Request() => new()
    {
        Type = TestTypes.Generic,
        Name = "tool",
        Version = "1.0.0",
        FileName = "tool-1.0.0.bin",
        MaxBytes = 1024,
    };

    private async Task ShouldHoldNothingAsync()
    {
        (await _registry.ListBlobsAsync()).Should().BeEmpty();
        (await _registry.Store.QueryAsync(new PackageQuery { ProjectIds = [_registry.Project.Id] }, default)).Total.Should().Be(0);
    }
}
