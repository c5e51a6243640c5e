using FluentValidation.TestHelper;
using Microsoft.Extensions.Options;
using Registry.Formats.Protocol;
using Registry.Formats.Tests.Documents;

namespace Registry.Formats.Tests.Protocol;

/// <summary>
/// Signed grants: honoured for their purpose, resource and lifetime only, by any host with the same key (no state, no
/// per-process secret), refused when expired, tampered with, or presented for another file or purpose.
/// </summary>
public sealed class SignedGrantsTests
{
    private static readonly string Key = Convert.ToBase64String(Enumerable.Range(0, 32).Select(static i => (byte)i).ToArray());
    private readonly SetClock _clock = new();

    [Fact]
    public void A_grant_is_honoured_for_its_resource_with_its_subject()
    {
        var grant = Grants().Issue("archive", "ns/vpc/aws/1.0.0", "7-42");

        Grants().Verify("archive", "ns/vpc/aws/1.0.0", grant, out var subject).Should().Be(GrantVerdict.Valid);
        subject.Should().Be("7-42");
    }

    [Fact]
    public void Another_host_with_the_same_key_honours_it_and_one_with_another_key_does_not()
    {
        var grant = Grants().Issue("archive", "r", "s");

        new SignedGrants(Monitor(Key), _clock).Verify("archive", "r", grant, out _).Should().Be(GrantVerdict.Valid);
        var otherKey = Convert.ToBase64String(new byte[32]);
        new SignedGrants(Monitor(otherKey), _clock).Verify("archive", "r", grant, out _).Should().Be(GrantVerdict.Forged);
    }

    [Fact]
    public void A_grant_expires_after_its_lifetime()
    {
        var grant = Grants().Issue("archive", "r", "s");

        _clock.Now += TimeSpan.FromSeconds(299);
        Grants().Verify("archive", "r", grant, out _).Should().Be(GrantVerdict.Valid);
        _clock.Now += TimeSpan.FromSeconds(1);
        Grants().Verify("archive", "r", grant, out var subject).Should().Be(GrantVerdict.Expired);
        subject.Should().BeEmpty();
    }

    [Fact]
    public void A_grant_for_another_file_or_purpose_is_refused()
    {
        var grant = Grants().Issue("archive", "ns/vpc/aws/1.0.0", "7-42");

        Grants().Verify("archive", "ns/vpc/aws/1.0.1", grant, out _).Should().Be(GrantVerdict.Forged);
        Grants().Verify("upload", "ns/vpc/aws/1.0.0", grant, out _).Should().Be(GrantVerdict.Forged);
    }

    [Fact]
    public void A_tampered_grant_is_refused()
    {
        var grant = Grants().Issue("archive", "r", "7-42");
        var parts = grant.Split('.');

        Grants().Verify("archive", "r", $"7-43.{parts[1]}.{parts[2]}", out _).Should().Be(GrantVerdict.Forged, "the subject is signed");
        Grants().Verify("archive", "r", $"{parts[0]}.{long.Parse(parts[1], System.Globalization.CultureInfo.InvariantCulture) + 3600}.{parts[2]}", out _).Should().Be(GrantVerdict.Forged, "the expiry is signed");
        var mac = parts[2].ToCharArray();
        mac[0] = mac[0] == 'A' ? 'B' : 'A';
        Grants().Verify("archive", "r", $"{parts[0]}.{parts[1]}.{new string(mac)}", out _).Should().Be(GrantVerdict.Forged);
    }

    [Theory]
    [InlineData(null, "Missing")]
    [InlineData("", "Missing")]
    [InlineData("x", "Malformed")]
    [InlineData("a.b.c", "Malformed")]
    [InlineData("a b.1.AAAA", "Malformed")]
    [InlineData("a.-1.AAAA", "Malformed")]
    [InlineData("a.1.AA*A", "Malformed")]
    public void Anything_else_is_not_a_grant(string? token, string verdict) =>
        Grants().Verify("archive", "r", token, out _).ToString().Should().Be(verdict);

    [Fact]
    public void Subjects_are_url_safe()
    {
        var issue = () => Grants().Issue("archive", "r", "a/b");

        issue.Should().Throw<ArgumentException>();
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("not base64!")]
    [InlineData("c2hvcnQ=")]
    public void The_key_must_be_base64_of_32_bytes_or_more_and_the_message_says_how(string? key) =>
        new SignedUrlOptionsValidator().TestValidate(new SignedUrlOptions { Key = key })
            .ShouldHaveValidationErrorFor(static o => o.Key)
            .WithErrorMessage("PackageRegistry:SignedUrls:Key must be set to a base64 string of at least 32 random bytes (for example the output of 'openssl rand -base64 32'), the same on every host sharing the database: the Terraform registry signs its download URLs with it.");

    [Theory]
    [InlineData(0)]
    [InlineData(3601)]
    public void The_lifetime_is_short(int seconds) =>
        new SignedUrlOptionsValidator().TestValidate(new SignedUrlOptions { Key = Key, LifetimeSeconds = seconds })
            .ShouldHaveValidationErrorFor(static o => o.LifetimeSeconds);

    private SignedGrants Grants() => new(Monitor(Key), _clock);

    private static StaticMonitor Monitor(string key) => new StaticMonitor(new SignedUrlOptions { Key = key });

    private sealed class StaticMonitor(SignedUrlOptions value) : IOptionsMonitor<SignedUrlOptions>
    {
        public SignedUrlOptions CurrentValue => value;

        public SignedUrlOptions Get(string? name) => value;

        public IDisposable? OnChange(Action<SignedUrlOptions, string?> listener) => null;
    }
}
