using System.Text.Json;
using Registry.Core.Audit;
using Registry.Core.Security;
using Registry.Formats.Tests.Infrastructure;

namespace Registry.Formats.Tests.Usage;

/// <summary>
/// Audit events through a host's own sink: one per committed publish, package and file delete, protection rule change,
/// package settings change and quota change, naming who (user, token id and kind), what, and from where (user agent);
/// none for a refused action; and no token text in any event nor in any log line, the default sink's included.
/// </summary>
public sealed class AuditEventsTests(UsageHost host) : IClassFixture<UsageHost>
{
    private const string Agent = "audit-test/1.0";

    [Fact]
    public async Task Publishing_and_deleting_a_file_and_a_package_write_one_event_each()
    {
        await PublishAsync("audited", "one.txt", "first", host.Maintainer);
        await PublishAsync("audited", "two.txt", "second", host.Maintainer);

        var published = Events(RegistryAuditActions.PackagePublished).Where(e => e.PackageName == "audited").ToList();
        published.Should().HaveCount(2);
        var first = published[0];
        first.ProjectId.Should().Be(host.Top.Id);
        first.PackageType.Should().Be("generic");
        first.PackageVersion.Should().Be("1.0.0");
        first.FileName.Should().Be("one.txt");
        first.Size.Should().Be(5);
        first.PrincipalKind.Should().Be(PrincipalKind.User);
        first.Username.Should().Be("u-maint");
        first.UserId.Should().NotBeNull();
        first.TokenId.Should().NotBeNull("the personal access token's id, never its text");
        first.UserAgent.Should().Be(Agent);
        first.OccurredAt.Should().NotBe(default);

        var packageId = first.PackageId ?? throw new InvalidOperationException("no package id");
        var fileId = first.FileId ?? throw new InvalidOperationException("no file id");
        (await SendAsync(HttpMethod.Delete, $"/api/v4/projects/{host.Top.Id}/packages/{packageId}/package_files/{fileId}", host.Maintainer)).Should().Be(204);
        (await SendAsync(HttpMethod.Delete, $"/api/v4/projects/{host.Top.Id}/packages/{packageId}", host.Maintainer)).Should().Be(204);

        Events(RegistryAuditActions.PackageFileDeleted).Should().ContainSingle(e => e.PackageId == packageId)
            .Which.Should().Match<RegistryAuditEvent>(e => e.FileId == fileId && e.PackageName == "audited" && e.Username == "u-maint");
        Events(RegistryAuditActions.PackageDeleted).Should().ContainSingle(e => e.PackageId == packageId)
            .Which.PackageVersion.Should().Be("1.0.0");
    }

    [Fact]
    public async Task Protection_rule_settings_and_quota_changes_write_events_and_refusals_write_none()
    {
        var rules = $"/api/v4/projects/{host.Top.Id}/packages/protection/rules";
        var (created, rule) = await host.SendAsync(HttpMethod.Post, rules, host.Maintainer, new { package_name_pattern = "guarded-*", package_type = "generic", minimum_access_level_for_push = "owner" });
        created.Should().Be(201);
        var ruleId = rule.GetProperty("id").GetInt64();
        (await host.SendAsync(HttpMethod.Patch, $"{rules}/{ruleId}", host.Maintainer, new { minimum_access_level_for_push = "admin" })).Status.Should().Be(200);

        using (var refused = await host.Client.PutBytesAsync($"/api/v4/projects/{host.Top.Id}/packages/generic/guarded-x/1.0.0/f.txt", [1, 2, 3], host.Maintainer))
        {
            ((int)refused.StatusCode).Should().Be(403);
        }

        (await SendAsync(HttpMethod.Delete, $"{rules}/{ruleId}", host.Maintainer)).Should().Be(204);
        (await host.SendAsync(HttpMethod.Put, "/api/v4/groups/usage/packages/settings", host.Owner, new { generic_duplicate_exception_regex = "never-xyz" })).Status.Should().Be(200);
        (await host.SendAsync(HttpMethod.Put, $"/api/v4/groups/{host.Group.Id}/packages/quota", SampleHostFactory.AdminToken, new { max_packages = 0 })).Status.Should().Be(200);
        using (var overQuota = await host.Client.PutBytesAsync($"/api/v4/projects/{host.Top.Id}/packages/generic/over-quota/1.0.0/f.txt", [1, 2, 3], host.Maintainer))
        {
            ((int)overQuota.StatusCode).Should().Be(413);
        }

        (await host.SendAsync(HttpMethod.Delete, $"/api/v4/groups/{host.Group.Id}/packages/quota", SampleHostFactory.AdminToken)).Status.Should().Be(200);

        Events(RegistryAuditActions.ProtectionRuleCreated).Should().ContainSingle(e => e.Details!.StartsWith($"rule={ruleId} ", StringComparison.Ordinal))
            .Which.Should().Match<RegistryAuditEvent>(e => e.PackageName == "guarded-*" && e.ProjectId == host.Top.Id && e.Details!.Contains("push=Owner", StringComparison.Ordinal));
        Events(RegistryAuditActions.ProtectionRuleUpdated).Should().ContainSingle(e => e.Details!.Contains("push=Admin", StringComparison.Ordinal));
        Events(RegistryAuditActions.ProtectionRuleDeleted).Should().ContainSingle(e => e.Details == $"rule={ruleId}");
        Events(RegistryAuditActions.PackageSettingsUpdated).Should().ContainSingle(e => e.PackageType == "generic" && e.GroupId == host.Group.Id)
            .Which.Username.Should().Be("u-owner");
        Events(RegistryAuditActions.QuotaUpdated).Should().ContainSingle(e => e.GroupId == host.Group.Id)
            .Which.Should().Match<RegistryAuditEvent>(e => e.IsAdmin && e.Details == "max_bytes=none max_packages=0");
        Events(RegistryAuditActions.QuotaRemoved).Should().ContainSingle(e => e.GroupId == host.Group.Id);
        host.Audit.Events.Should().NotContain(e => e.PackageName == "guarded-x" || e.PackageName == "over-quota", "a refused publish is no change");
    }

    [Fact]
    public async Task Changing_and_running_a_cleanup_policy_write_events_and_a_dry_run_writes_none()
    {
        var policy = $"/api/v4/projects/{host.Top.Id}/packages/cleanup_policy";
        (await host.SendAsync(HttpMethod.Put, policy, host.Maintainer, new { remove_version_regex = "^never-matches-" })).Status.Should().Be(200);
        (await SendAsync(HttpMethod.Post, $"{policy}/run?dry_run=true", host.Maintainer)).Should().Be(200);
        (await SendAsync(HttpMethod.Post, $"{policy}/run", host.Maintainer)).Should().Be(200);

        Events(RegistryAuditActions.CleanupPolicyUpdated).Should().ContainSingle(e => e.ProjectId == host.Top.Id)
            .Which.Should().Match<RegistryAuditEvent>(e => e.Username == "u-maint" && e.Details!.Contains("remove_version_regex=^never-matches-", StringComparison.Ordinal));
        Events(RegistryAuditActions.CleanupPolicyRun).Should().ContainSingle(e => e.ProjectId == host.Top.Id, "the dry run changes nothing")
            .Which.Details.Should().Be("versions=0 files=0");
    }

    [Fact]
    public async Task No_event_and_no_log_line_holds_a_token()
    {
        await PublishAsync("secretive", "s.txt", "data", host.Maintainer);
        (await host.SendAsync(HttpMethod.Get, $"/api/v4/projects/{host.Top.Id}/packages/storage", host.Reporter)).Status.Should().Be(200);

        host.Logs.Should().Contain(line => line.Contains("Audit package_published", StringComparison.Ordinal), "the default sink writes a log event");
        var events = host.Audit.Events.Select(e => JsonSerializer.Serialize(e)).ToList();
        foreach (var secret in host.Secrets)
        {
            events.Should().NotContain(e => e.Contains(secret, StringComparison.Ordinal));
            host.Logs.Should().NotContain(line => line.Contains(secret, StringComparison.Ordinal));
        }
    }

    private IEnumerable<RegistryAuditEvent> Events(string action) => host.Audit.Events.Where(e => e.Action == action);

    private async Task PublishAsync(string name, string fileName, string content, string token)
    {
        using var request = new HttpRequestMessage(HttpMethod.Put, $"/api/v4/projects/{host.Top.Id}/packages/generic/{name}/1.0.0/{fileName}")
        {
            Content = new ByteArrayContent(System.Text.Encoding.UTF8.GetBytes(content)),
        };
        request.Headers.UserAgent.ParseAdd(Agent);
        using var response = await host.Client.SendAsync(request.WithToken(token));
        ((int)response.StatusCode).Should().Be(201, await response.Content.ReadAsStringAsync());
    }

    private async Task<int> SendAsync(HttpMethod method, string url, string token)
    {
        using var response = await host.Client.SendAsync(new HttpRequestMessage(method, url).WithToken(token));
        return (int)response.StatusCode;
    }
}
