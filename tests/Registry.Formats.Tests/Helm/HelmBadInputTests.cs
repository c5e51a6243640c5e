using System.Formats.Tar;
using System.IO.Compression;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Registry.Core.Directory;
using Registry.Formats.Tests.Infrastructure;
using Registry.Tests.Helm;

namespace Registry.Formats.Tests.Helm;

/// <summary>
/// Every refused chart upload answers 400 (413 over the size limit) with GitLab's <c>{"message"}</c> naming the problem,
/// and leaves no package row, no blob and no temporary file. Limits are small here so the bombs stay small.
/// </summary>
public sealed class HelmBadInputTests : IAsyncLifetime, IDisposable
{
    private const string User = "helm-user";
    private readonly SampleHostFactory _host = new(new Dictionary<string, string?>
    {
        ["PackageRegistry:Helm:MaxFileSizeBytes"] = "262144",
        ["PackageRegistry:Helm:MaxUncompressedBytes"] = "1048576",
        ["PackageRegistry:Helm:MaxChartYamlBytes"] = "4096",
        ["PackageRegistry:Helm:MaxProvenanceBytes"] = "2048",
    });

    private readonly HttpClient _client;
    private long _projectId;

    public HelmBadInputTests() => _client = _host.CreateClient();

    public async Task InitializeAsync() => _projectId = (await _host.CreateProjectAsync("team", "charts", ProjectVisibility.Private)).Id;

    public Task DisposeAsync() => Task.CompletedTask;

    public void Dispose()
    {
        _client.Dispose();
        _host.Dispose();
    }

    private string Upload => $"/api/v4/projects/{_projectId}/packages/helm/api/stable/charts";

    private static string Yaml(string body) => body.Replace("\r\n", "\n", StringComparison.Ordinal);

    public static TheoryData<string, string, string> BadChartYamls => new()
    {
        { "no-version", "apiVersion: v2\nname: c\n", "the field 'version' is required" },
        { "two-part-version", "apiVersion: v2\nname: c\nversion: 1.0\n", "is not a SemVer 2.0 version" },
        { "leading-zero", "apiVersion: v2\nname: c\nversion: 01.0.0\n", "is not a SemVer 2.0 version" },
        { "no-name", "apiVersion: v2\nversion: 1.0.0\n", "the field 'name' is required" },
        { "name-with-space", "apiVersion: v2\nname: my chart\nversion: 1.0.0\n", "name 'my chart' is invalid" },
        { "name-with-slash", "apiVersion: v2\nname: ../c\nversion: 1.0.0\n", "is invalid" },
        { "api-v3", "apiVersion: v3\nname: c\nversion: 1.0.0\n", "apiVersion 'v3' is not supported" },
        { "bad-type", "apiVersion: v2\nname: c\nversion: 1.0.0\ntype: plugin\n", "type 'plugin' is invalid" },
        { "deprecated-word", "apiVersion: v2\nname: c\nversion: 1.0.0\ndeprecated: maybe\n", "'deprecated' must be true or false" },
        { "name-is-a-list", "apiVersion: v2\nname: [a, b]\nversion: 1.0.0\n", "'name' must be a string" },
        { "not-a-mapping", "- just\n- a list\n", "must be a mapping" },
        { "duplicate-key", "apiVersion: v2\nname: c\nname: d\nversion: 1.0.0\n", "appears twice" },
        { "two-documents", "apiVersion: v2\nname: c\nversion: 1.0.0\n---\nname: d\n", "more than one YAML document" },
        { "not-yaml", "name: [unclosed\nversion: 1.0.0\n", "Chart.yaml is not valid" },
        { "deep-nesting", "apiVersion: v2\nname: c\nversion: 1.0.0\nannotations: " + new string('[', 200) + new string(']', 200) + "\n", "nests deeper than" },
        {
            "yaml-bomb",
            Yaml("""
            apiVersion: v2
            name: c
            version: 1.0.0
            a: &a ["x","x","x","x","x","x","x","x","x","x"]
            b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a,*a]
            c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b,*b]
            d: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c,*c]
            e: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d,*d]
            f: &f [*e,*e,*e,*e,*e,*e,*e,*e,*e,*e]
            g: &g [*f,*f,*f,*f,*f,*f,*f,*f,*f,*f]
            h: &h [*g,*g,*g,*g,*g,*g,*g,*g,*g,*g]
            i: &i [*h,*h,*h,*h,*h,*h,*h,*h,*h,*h]
            """),
            "expands to more than 10000 values"
        },
    };

    [Theory]
    [MemberData(nameof(BadChartYamls))]
    public async Task A_chart_yaml_helm_or_gitlab_would_refuse_is_refused(string caseName, string chartYaml, string reason)
    {
        var (status, message) = await PushAsync(HelmCharts.Package("c", "1.0.0", chartYaml), "c-1.0.0.tgz");

        status.Should().Be(HttpStatusCode.BadRequest, caseName);
        message.Should().StartWith("400 Bad request - ").And.Contain(reason);
        await AssertNothingStoredAsync();
    }

    private static readonly Dictionary<string, (HelmCharts.Entry[] Entries, string Reason)> Archives = new()
    {
        ["no-chart-yaml"] = ([new("c/values.yaml", "a: 1\n")], "Chart.yaml not found within a directory"),
        ["chart-yaml-at-root"] = ([new("Chart.yaml", "apiVersion: v2\nname: c\nversion: 1.0.0\n")], "outside a chart directory"),
        ["chart-yaml-too-deep"] = ([new("c/sub/Chart.yaml", "apiVersion: v2\nname: c\nversion: 1.0.0\n")], "Chart.yaml not found within a directory"),
        ["dot-dot"] = ([new("c/Chart.yaml", "apiVersion: v2\nname: c\nversion: 1.0.0\n"), new("c/../../etc/cron.d/evil", "x")], "a path with '..'"),
        ["absolute"] = ([new("/etc/passwd", "x"), new("c/Chart.yaml", "apiVersion: v2\nname: c\nversion: 1.0.0\n")], "an absolute path"),
        ["symlink"] = ([new("c/Chart.yaml", "apiVersion: v2\nname: c\nversion: 1.0.0\n"), new("c/templates/link", Type: TarEntryType.SymbolicLink, LinkName: "/etc/passwd")], "not a regular file or directory"),
        ["hardlink"] = ([new("c/Chart.yaml", "apiVersion: v2\nname: c\nversion: 1.0.0\n"), new("c/x", Type: TarEntryType.HardLink, LinkName: "c/Chart.yaml")], "not a regular file or directory"),
        ["two-directories"] = ([new("c/Chart.yaml", "apiVersion: v2\nname: c\nversion: 1.0.0\n"), new("d/Chart.yaml", "apiVersion: v2\nname: d\nversion: 1.0.0\n")], "more than one top-level directory"),
        ["huge-chart-yaml"] = ([new("c/Chart.yaml", "apiVersion: v2\nname: c\nversion: 1.0.0\ndescription: " + new string('x', 8192) + "\n")], "larger than 4096 bytes"),
        ["gzip-bomb"] = ([new("c/Chart.yaml", "apiVersion: v2\nname: c\nversion: 1.0.0\n"), new("c/zeros.bin", Bytes: new byte[4 * 1024 * 1024])], "decompresses to more than 1048576 bytes"),
    };

    public static TheoryData<string> BadArchives => [.. Archives.Keys];

    [Theory]
    [MemberData(nameof(BadArchives))]
    public async Task An_archive_that_could_harm_or_mislead_is_refused(string caseName)
    {
        var (entries, reason) = Archives[caseName];
        var (status, message) = await PushAsync(HelmCharts.Tgz(entries), "c-1.0.0.tgz");

        status.Should().Be(HttpStatusCode.BadRequest, caseName);
        message.Should().Contain(reason);
        await AssertNothingStoredAsync();
    }

    [Fact]
    public async Task Bytes_that_are_not_a_gzip_tar_are_refused()
    {
        (await PushAsync("not a chart at all"u8.ToArray(), "c-1.0.0.tgz")).Message.Should().Contain("not a valid gzip-compressed tar archive");

        using var zipped = new MemoryStream();
        using (var zip = new ZipArchive(zipped, ZipArchiveMode.Create, leaveOpen: true))
        {
            zip.CreateEntry("c/Chart.yaml");
        }

        (await PushAsync(zipped.ToArray(), "c-1.0.0.tgz")).Message.Should().Contain("not a valid gzip-compressed tar archive");

        using var gzippedText = new MemoryStream();
        using (var gzip = new GZipStream(gzippedText, CompressionLevel.Fastest, leaveOpen: true))
        {
            gzip.Write(Encoding.UTF8.GetBytes(new string('y', 2000)));
        }

        (await PushAsync(gzippedText.ToArray(), "c-1.0.0.tgz")).Status.Should().Be(HttpStatusCode.BadRequest);

        var chart = HelmCharts.Package("c", "1.0.0");
        var (status, message) = await PushAsync(chart[..(chart.Length / 2)], "c-1.0.0.tgz");
        status.Should().Be(HttpStatusCode.BadRequest, "a truncated archive is refused");
        message.Should().Contain("not a valid gzip-compressed tar archive");

        (await PushAsync([], "c-1.0.0.tgz")).Status.Should().Be(HttpStatusCode.BadRequest);
        await AssertNothingStoredAsync();
    }

    [Fact]
    public async Task A_file_name_that_contradicts_chart_yaml_is_refused()
    {
        var (status, message) = await PushAsync(HelmCharts.Package("c", "1.0.0"), "c-2.0.0.tgz");

        status.Should().Be(HttpStatusCode.BadRequest);
        message.Should().Contain("the file name c-2.0.0.tgz does not match Chart.yaml, which names c-1.0.0.tgz");
        await AssertNothingStoredAsync();
    }

    [Fact]
    public async Task A_chart_over_the_size_limit_answers_413()
    {
        var noise = new byte[400 * 1024];
        new Random(7).NextBytes(noise);
        var chart = HelmCharts.Tgz([new("c/Chart.yaml", "apiVersion: v2\nname: c\nversion: 1.0.0\n"), new("c/noise.bin", Bytes: noise)]);

        var (status, message) = await PushAsync(chart, "c-1.0.0.tgz");

        status.Should().Be(HttpStatusCode.RequestEntityTooLarge);
        message.Should().Contain("413");
        await AssertNothingStoredAsync();
    }

    [Fact]
    public async Task A_body_announced_larger_than_any_acceptable_upload_answers_413_unread()
    {
        var chart = new ByteArrayContent(new byte[600 * 1024]);
        using var request = new HttpRequestMessage(HttpMethod.Post, Upload) { Content = new MultipartFormDataContent { { chart, "chart", "c-1.0.0.tgz" } } };

        using var response = await _client.SendAsync(request.WithToken(SampleHostFactory.AdminToken));

        response.StatusCode.Should().Be(HttpStatusCode.RequestEntityTooLarge);
        await AssertNothingStoredAsync();
    }

    [Fact]
    public async Task A_provenance_file_over_its_limit_refuses_the_whole_upload()
    {
        using var request = HelmCharts.CmPush(Upload, HelmCharts.Package("c", "1.0.0"), "c-1.0.0.tgz", User, SampleHostFactory.AdminToken, new byte[4096]);
        using var response = await _client.SendAsync(request);

        response.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        (await response.Content.ReadAsStringAsync()).Should().Contain("the provenance file is larger than 2048 bytes");
        await AssertNothingStoredAsync();
    }

    [Fact]
    public async Task A_body_without_a_chart_part_is_refused()
    {
        using var raw = new HttpRequestMessage(HttpMethod.Post, Upload) { Content = new ByteArrayContent(HelmCharts.Package("c", "1.0.0")) };
        raw.Content.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        using var rawResponse = await _client.SendAsync(raw.WithToken(SampleHostFactory.AdminToken));
        rawResponse.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        (await rawResponse.Content.ReadAsStringAsync()).Should().Contain("multipart/form-data");

        var wrongField = new ByteArrayContent(HelmCharts.Package("c", "1.0.0"));
        using var form = new HttpRequestMessage(HttpMethod.Post, Upload) { Content = new MultipartFormDataContent { { wrongField, "file", "c-1.0.0.tgz" } } };
        using var formResponse = await _client.SendAsync(form.WithToken(SampleHostFactory.AdminToken));
        formResponse.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        (await formResponse.Content.ReadAsStringAsync()).Should().Contain("no chart part");
        await AssertNothingStoredAsync();
    }

    private async Task<(HttpStatusCode Status, string Message)> PushAsync(byte[] chart, string fileName)
    {
        using var request = HelmCharts.CmPush(Upload, chart, fileName, User, SampleHostFactory.AdminToken);
        using var response = await _client.SendAsync(request);
        var body = await response.Content.ReadAsStringAsync();
        return (response.StatusCode, JsonDocument.Parse(body).RootElement.GetProperty("message").GetString() ?? string.Empty);
    }

    private async Task AssertNothingStoredAsync()
    {
        _host.StoredFiles().Should().BeEmpty("a refused chart leaves no blob and no temporary file");
        using var list = await _client.GetAsync($"/api/v4/projects/{_projectId}/packages?package_type=helm", SampleHostFactory.AdminToken);
        (await list.Content.ReadAsStringAsync()).Should().Be("[]", "a refused chart leaves no package");
    }
}
