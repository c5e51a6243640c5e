using Registry.Formats.Helm;

namespace Registry.Formats.Tests.Helm;

/// <summary>Chart.yaml read as helm's decoder reads it into string, bool and list fields, under the YAML budgets.</summary>
public sealed class HelmChartYamlTests
{
    [Fact]
    public void Scalars_in_string_fields_keep_their_text_as_helm_decodes_them()
    {
        var read = HelmChartYaml.Read("apiVersion: v2\nname: c\nversion: v1.0.0\nappVersion: 1.10\ndescription: 0x1F\nkeywords: [yes, 2, null-ish]\ndeprecated: true\nannotations:\n  n: 3\n");

        read.Succeeded(out var chart, out var error).Should().BeTrue(error?.Message);
        chart!.AppVersion.Should().Be("1.10");
        chart.Description.Should().Be("0x1F");
        chart.Keywords.Should().Equal("yes", "2", "null-ish");
        chart.Deprecated.Should().BeTrue();
        chart.Annotations!["n"].Should().Be("3");
        chart.Version.Should().Be("v1.0.0", "GitLab accepts a leading v");
    }

    [Fact]
    public void A_chart_yaml_without_api_version_is_a_v1_chart_and_unknown_fields_are_left_out()
    {
        HelmChartYaml.Read("name: c\nversion: 1.0.0\nengine: gotpl\nfoo: {bar: 1}\n").Succeeded(out var chart, out _).Should().BeTrue();
        chart!.ApiVersion.Should().Be("v1");
    }

    [Fact]
    public void A_few_anchors_and_aliases_are_fine()
    {
        var read = HelmChartYaml.Read("apiVersion: v2\nname: &n c\nversion: 1.0.0\nsources: [&s https://a, *s]\nhome: *n\n");

        read.Succeeded(out var chart, out var error).Should().BeTrue(error?.Message);
        chart!.Sources.Should().Equal("https://a", "https://a");
        chart.Home.Should().Be("c");
    }

    [Theory]
    [InlineData("name: [unclosed\nversion: 1.0.0\n")]
    [InlineData("name: c\nversion: 1.0.0\nhome: *nowhere\n")]
    [InlineData("")]
    [InlineData("\t- tab")]
    [InlineData("name: 'unterminated\n")]
    public void Malformed_yaml_is_a_parse_error_never_an_exception(string text)
    {
        HelmChartYaml.Read(text).Succeeded(out _, out var error).Should().BeFalse();
        error!.Message.Should().StartWith("Chart.yaml is not valid");
    }
}
