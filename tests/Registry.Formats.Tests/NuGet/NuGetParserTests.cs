using System.Text;
using Registry.Formats.NuGet;
using Registry.Formats.Protocol;

namespace Registry.Formats.Tests.NuGet;

public sealed class NuGetParserTests
{
    [Fact]
    public void A_nuspec_with_a_dtd_is_refused_and_no_entity_is_expanded()
    {
        const string billionLaughs = """
            <?xml version="1.0"?>
            <!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">]>
            <package><metadata><id>A</id><version>1.0.0</version><authors>&lol2;</authors><description>d</description></metadata></package>
            """;

        var result = NuGetParser.FromNuspec(billionLaughs);

        result.Value.Should().BeNull();
        result.Error.Should().BeOfType<ParseError>().Which.Message.Should().Contain("DTD");
    }

    [Fact]
    public void A_package_is_read_from_its_nuspec()
    {
        using var stream = new MemoryStream(NuGetHostFactory.Nupkg("My.Lib", "2.1.0-rc.1+sha.5", NuGetHostFactory.Nuspec("My.Lib", "2.1.0-rc.1+sha.5",
            """<group targetFramework="net8.0"><dependency id="Dep" version="[1.0,2.0)" /></group><group />""")));

        var result = NuGetParser.Parse(stream, long.MaxValue, int.MaxValue);

        if (!result.Succeeded(out var metadata, out var error))
        {
            throw new Xunit.Sdk.XunitException(error.Message);
        }

        metadata.Id.Should().Be("My.Lib");
        metadata.Version.Should().Be("2.1.0-rc.1+sha.5");
        metadata.Authors.Should().Be("Alice, Bob");
        metadata.DependencyGroups.Should().HaveCount(2);
        metadata.DependencyGroups[0].TargetFramework.Should().Be("net8.0");
        metadata.DependencyGroups[0].Dependencies.Should().ContainSingle().Which.Range.Should().Be("[1.0.0, 2.0.0)");
        metadata.DependencyGroups[1].TargetFramework.Should().BeNull();
        metadata.Nuspec.Should().Contain("<id>My.Lib</id>");
    }

    [Fact]
    public void Normalization_lowercases_ids_and_drops_build_metadata()
    {
        NuGetFormat.NuGetType.NormalizeName("My.Lib").Should().Be("my.lib");
        NuGetFormat.NuGetType.NormalizeVersion("1.0.0.0").Should().Be("1.0.0");
        NuGetFormat.NuGetType.NormalizeVersion("1.0.0-Beta.1+meta").Should().Be("1.0.0-beta.1");
        Encoding.UTF8.GetByteCount("x").Should().Be(1);
    }
}
