using Registry.Formats.Composer;

namespace Registry.Formats.Tests.Fuzzing;

/// <summary>
/// The inputs AFL++ found crashing a parser (tests/Registry.Fuzzing/Crashes/&lt;target&gt;/), each now refused with the
/// parser's own error; the endpoint-level regressions are in the format's bad-input tests.
/// </summary>
public sealed class FuzzCrashRegressionTests
{
    private static byte[] Crash(string target, string name) =>
        File.ReadAllBytes(Path.Combine(AppContext.BaseDirectory, "Fuzzing", "Inputs", "Crashes", target, name));

    [Theory]
    [InlineData("invalid-utf8-name.json")]
    [InlineData("unpaired-surrogate-name.json")]
    public void Composer_json_whose_strings_are_not_text_is_refused(string name)
    {
        var result = ComposerParser.ParseManifest(Crash("composer", name));

        result.Succeeded(out _, out var error).Should().BeFalse();
        error?.Message.Should().Contain("not valid UTF-8 text");
        error?.StatusCode.Should().Be(400);
    }

    [Fact]
    public void A_composer_zip_whose_composer_json_is_not_text_is_refused()
    {
        using var zip = new MemoryStream(Crash("composer", "invalid-utf8-name-in-zip.zip"));

        var result = ComposerParser.Parse(zip, new ComposerOptions());

        result.Succeeded(out _, out var error).Should().BeFalse();
        error?.Message.Should().Contain("not valid UTF-8 text");
    }
}
