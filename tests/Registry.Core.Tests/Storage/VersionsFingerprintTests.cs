using System.Security.Cryptography;
using System.Text;
using Registry.Core.Storage;

namespace Registry.Core.Tests.Storage;

public sealed class VersionsFingerprintTests
{
    [Theory]
    [InlineData("[]")]
    [InlineData("[\"latest\",\"beta\"]")]
    [InlineData("ünïcödé-tags-")]
    public void A_row_hashes_as_its_text_in_utf8_whatever_the_length_of_its_tags(string tagsStart)
    {
        // Long tags outgrow the stack buffer a row is formatted in: the hash must be the same function of the row's text.
        foreach (var tags in new[] { tagsStart, tagsStart + new string('x', 600), tagsStart + new string('é', 400) })
        {
            using var fingerprint = new VersionsFingerprint();
            fingerprint.Add(long.MaxValue, long.MinValue, int.MinValue, tags, long.MaxValue, long.MinValue, 7);
            fingerprint.Add(2, 1_700_000_000_000, 0, tags, 0, 1, 3);

            var text = string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{long.MaxValue}|{long.MinValue}|{int.MinValue}|{long.MaxValue}|{long.MinValue}|7|{tags}\n2|1700000000000|0|0|1|3|{tags}\n");
            var expected = "2-" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)))[..32];
            fingerprint.ToStringOrNull().Should().Be(expected, $"tags of {tags.Length} characters");
        }
    }

    [Fact]
    public void No_version_has_no_fingerprint()
    {
        using var fingerprint = new VersionsFingerprint();
        fingerprint.ToStringOrNull().Should().BeNull();
    }
}
