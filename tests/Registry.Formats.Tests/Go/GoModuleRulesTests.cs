using System.IO.Compression;
using System.Text;
using Registry.Formats.Go;
using Registry.Formats.Protocol;

namespace Registry.Formats.Tests.Go;

/// <summary>Go's module path, file path, version and go.mod rules, as golang.org/x/mod/module and modfile state them.</summary>
public sealed class GoModuleRulesTests
{
    [Theory]
    [InlineData("github.com/Azure/azure-sdk", "github.com/!azure/azure-sdk")]
    [InlineData("example.com/Demo/Lib", "example.com/!demo/!lib")]
    [InlineData("example.com/lower", "example.com/lower")]
    [InlineData("v1.0.0-RC.1", "v1.0.0-!r!c.1")]
    public void Case_encoding_round_trips(string value, string escaped)
    {
        GoModulePath.Escape(value).Should().Be(escaped);
        GoModulePath.UnescapeOrNull(escaped).Should().Be(value);
    }

    [Theory]
    [InlineData("example.com/Demo")]
    [InlineData("example.com/!")]
    [InlineData("example.com/!1")]
    [InlineData("example.com/!!a")]
    public void Invalid_case_encodings_are_refused(string escaped) =>
        GoModulePath.UnescapeOrNull(escaped).Should().BeNull();

    [Theory]
    [InlineData("example.com/lib", null)]
    [InlineData("example.com/Demo/Lib", null)]
    [InlineData("example.com/lib/v2", null)]
    [InlineData("gopkg.in/yaml.v3", null)]
    [InlineData("example.com/a_b~c-d.e", null)]
    [InlineData("example", "missing dot in first path element")]
    [InlineData("-example.com/x", "leading dash")]
    [InlineData("example.com//x", "double slash")]
    [InlineData("example.com/x/", "trailing slash")]
    [InlineData("example.com/.x", "leading dot in path element")]
    [InlineData("example.com/x.", "trailing dot in path element")]
    [InlineData("example.com/../x", "invalid path element \"..\"")]
    [InlineData("example.com/x+y", "invalid char '+'")]
    [InlineData("example.com/PROGRA~1", "trailing tilde and digits in path element")]
    [InlineData("example.com/com1", "\"com1\" disallowed as path element component on Windows")]
    [InlineData("example.com/x/v1", "invalid version suffix")]
    [InlineData("example.com/x/v02", "invalid version suffix")]
    [InlineData("gopkg.in/yaml", "invalid version suffix")]
    public void Module_paths_follow_module_CheckPath(string path, string? error) =>
        GoModulePath.CheckModulePath(path).Should().Be(error);

    [Theory]
    [InlineData("main.go", null)]
    [InlineData("-dash.go", null)]
    [InlineData(".github/workflows/ci.yml", null)]
    [InlineData("docs/with space & (parens).md", null)]
    [InlineData("ünïcode/файл.go", null)]
    [InlineData("PROGRA~1/x.go", null)]
    [InlineData("a/./b.go", "invalid path element \".\"")]
    [InlineData("a/../b.go", "invalid path element \"..\"")]
    [InlineData("a:b.go", "invalid char ':'")]
    [InlineData("a*b.go", "invalid char '*'")]
    [InlineData("nul.txt", "\"nul\" disallowed as path element component on Windows")]
    public void File_paths_follow_module_CheckFilePath(string path, string? error) =>
        GoModulePath.CheckFilePath(path).Should().Be(error);

    [Theory]
    [InlineData("v1.0.0", "", true)]
    [InlineData("v0.3.1", "", true)]
    [InlineData("v2.0.0", "", false)]
    [InlineData("v2.0.0", "/v2", true)]
    [InlineData("v3.0.0", "/v2", false)]
    [InlineData("v3.0.0", ".v3", true)]
    [InlineData("v1.0.0", ".v1-unstable", true)]
    public void Versions_match_the_path_s_major_suffix(string version, string pathMajor, bool matches) =>
        GoModulePath.MatchesPathMajor(version, pathMajor).Should().Be(matches);

    [Theory]
    [InlineData("v1.0.0", true)]
    [InlineData("v0.0.0-20240101000000-abcdefabcdef", true)]
    [InlineData("v1.2.3-rc.1", true)]
    [InlineData("v1.0", false)]
    [InlineData("1.0.0", false)]
    [InlineData("v01.0.0", false)]
    [InlineData("v1.0.0+meta", false)]
    [InlineData("v1.0.0-01", false)]
    [InlineData("v1.0.0-", false)]
    public void Only_canonical_versions_are_accepted(string version, bool canonical) =>
        GoSemver.IsCanonical(version).Should().Be(canonical);

    [Fact]
    public void Versions_order_by_semver_precedence()
    {
        string[] ordered = ["v0.9.0", "v1.0.0-alpha", "v1.0.0-alpha.1", "v1.0.0-alpha.beta", "v1.0.0-beta.2", "v1.0.0-beta.11", "v1.0.0-rc.1", "v1.0.0", "v1.2.0", "v1.10.0", "v10.0.0"];

        ordered.Reverse().Order(Comparer<string>.Create(GoSemver.Compare)).Should().Equal(ordered);
    }

    [Theory]
    [InlineData("module example.com/x\n", "example.com/x")]
    [InlineData("// comment\nmodule \"example.com/quoted\" // why\ngo 1.19\n", "example.com/quoted")]
    [InlineData("module `example.com/raw`\n", "example.com/raw")]
    [InlineData("module (\n\texample.com/block\n)\n", "example.com/block")]
    [InlineData("go 1.19\nrequire example.com/y v1.0.0\n", null)]
    [InlineData("modulex example.com/x\n", null)]
    public void The_go_mod_module_directive_is_read(string goMod, string? module) =>
        GoModFile.ModulePathOrNull(Encoding.UTF8.GetBytes(goMod)).Should().Be(module);

    [Fact]
    public void The_entry_count_is_read_from_the_end_record_without_the_directory()
    {
        var zip = GoHostFactory.ModuleZip("example.com/count", "v1.0.0", null, ("example.com/count@v1.0.0/a.go", "package a\n"));

        ZipEndRecord.EntryCountOrNull(new MemoryStream(zip)).Should().Be(3);
        ZipEndRecord.EntryCountOrNull(new MemoryStream("not a zip"u8.ToArray())).Should().BeNull();
    }

    [Fact]
    public void A_zip_the_go_command_made_passes()
    {
        var zip = GoHostFactory.ModuleZip("example.com/ok/v2", "v2.1.0-rc.1", null, ("example.com/ok/v2@v2.1.0-rc.1/LICENSE", "MIT\n"), ("example.com/ok/v2@v2.1.0-rc.1/internal/x/x.go", "package x\n"));

        GoParser.Parse(new MemoryStream(zip), 1 << 20, 100).Succeeded(out var module, out var error).Should().BeTrue(error?.Message);
        module.Should().Be(new GoModuleZip("example.com/ok/v2", "v2.1.0-rc.1"));
        module!.FileName.Should().Be("v2.1.0-rc.1.zip");
        using var archive = new ZipArchive(new MemoryStream(zip));
        Encoding.UTF8.GetString(GoParser.ReadGoModOrNull(archive, module)!).Should().Be(GoHostFactory.GoMod("example.com/ok/v2"));
    }
}
