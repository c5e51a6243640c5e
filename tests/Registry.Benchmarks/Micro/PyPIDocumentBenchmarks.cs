using BenchmarkDotNet.Attributes;
using Registry.Formats.PyPI;

namespace Registry.Benchmarks.Micro;

/// <summary>The PyPI simple project page as the endpoint renders it, in both forms (PEP 503 HTML, PEP 691 JSON).</summary>
[MemoryDiagnoser]
public class PyPIDocumentBenchmarks
{
    private IReadOnlyList<string> _versions = [];
    private IReadOnlyList<PyPIDistribution> _files = [];

    /// <summary>How many files (one wheel per release) the project has.</summary>
    [Params(50, 1000)]
    public int Files { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _versions = [.. Enumerable.Range(0, Files).Select(i => $"1.{i / 100}.{i % 100}")];
        _files =
        [
            .. _versions.Select((version, i) =>
            {
                var fileName = $"bench_big-{version}-py3-none-any.whl";
                var sha256 = Convert.ToHexStringLower(BitConverter.GetBytes((long)i)).PadLeft(64, '0');
                return new PyPIDistribution(fileName, $"../../files/{sha256}/{fileName}", sha256, 204_800, Fixtures.Epoch.AddMinutes(i), ">=3.8", sha256);
            }),
        ];
    }

    [Benchmark]
    public byte[] SimplePageHtml() => PyPIDocuments.Project(PyPIDocuments.TextHtmlType, "bench-big", _versions, _files);

    [Benchmark]
    public byte[] SimplePageJson() => PyPIDocuments.Project(PyPIDocuments.JsonType, "bench-big", _versions, _files);
}
