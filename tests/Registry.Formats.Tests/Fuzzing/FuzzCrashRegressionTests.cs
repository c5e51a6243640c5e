using Registry.Formats.Composer;
using Registry.Formats.Maven;
using Registry.Formats.NuGet;
using Registry.Formats.Npm;
using Registry.Formats.Protocol;
using Registry.Formats.PyPI;

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
    [InlineData("duplicate-property.json")]
    public void Composer_json_whose_strings_are_not_text_or_repeat_a_property_is_refused(string name)
    {
        var result = ComposerParser.ParseManifest(Crash("composer", name));

        result.Succeeded(out _, out var error).Should().BeFalse();
        error?.Message.Should().Match(m => m.Contains("not valid UTF-8 text") || m.Contains("not valid JSON"));
        error?.StatusCode.Should().Be(400);
    }

    [Fact]
    public void A_pom_whose_xml_declaration_breaks_the_readers_encoding_switch_is_refused()
    {
        // XmlTextReaderImpl threw ArgumentOutOfRangeException (not XmlException) from SwitchEncoding: a 500 before.
        using var pom = new MemoryStream(Crash("maven", "xml-declaration-switch-encoding.pom"));

        MavenParser.ValidatePom(pom, "demo", new UploadLimits()).Should().Be("the POM is invalid: the XML declaration is malformed");
    }

    [Fact]
    public void A_composer_zip_whose_composer_json_is_not_text_is_refused()
    {
        using var zip = new MemoryStream(Crash("composer", "invalid-utf8-name-in-zip.zip"));

        var result = ComposerParser.Parse(zip, new ComposerOptions());

        result.Succeeded(out _, out var error).Should().BeFalse();
        error?.Message.Should().Contain("not valid UTF-8 text");
    }

    [Theory]
    [InlineData("invalid-utf8-name.json", "not valid UTF-8 text")]
    [InlineData("duplicate-id.json", "is not a JSON object")]
    [InlineData("duplicate-versions.json", "is not a JSON object")]
    public void An_npm_document_that_is_not_text_or_repeats_a_property_is_refused(string name, string message)
    {
        var result = NpmParser.ParseUploadedObject(Crash("npm-document", name), new UploadLimits(), "the body");

        result.Succeeded(out _, out var error).Should().BeFalse();
        error?.Message.Should().Contain(message);
    }

    [Fact]
    public void A_symbol_package_whose_pdb_overflows_the_metadata_reader_is_refused()
    {
        using var snupkg = new MemoryStream(Crash("nuget", "pdb-overflow.snupkg"));

        using var symbols = NuGetSymbolPackage.ReadOrNull(snupkg, 1024 * 1024, 100, out var error);

        symbols.Should().BeNull();
        error.Should().Contain("is not a portable PDB");
    }

    [Theory]
    [InlineData("pax-size-too-large.tgz")]
    [InlineData("size-overflow.tgz")]
    [InlineData("size-overflow-int64.tgz")]
    public void An_npm_tarball_with_a_corrupt_tar_header_is_refused(string name)
    {
        var error = NpmParser.InspectTarball(new MemoryStream(Crash("npm-tarball", name)), "demo", "1.0.0", new NpmOptions());

        error.Should().Be("the tarball is not a valid gzip-compressed tar archive");
    }

    [Theory]
    [InlineData("size-overflow.tar.gz")]
    [InlineData("size-overflow-int64.tar.gz")]
    [InlineData("sparse-file.tar.gz")]
    public void An_sdist_with_a_corrupt_tar_header_is_refused(string name)
    {
        PyPIFileName.TryParse("demo-1.0.tar.gz", out var file, out _).Should().BeTrue();

        var result = PyPIParser.Parse(new MemoryStream(Crash("pypi", name)), file, 1024 * 1024, new UploadLimits());

        result.Succeeded(out _, out var error).Should().BeFalse();
        error?.Message.Should().Contain("is not a valid tar.gz archive");
    }
}
