using System.Text;
using BenchmarkDotNet.Attributes;
using Registry.Core.Packages;
using Registry.Formats.NuGet;

namespace Registry.Benchmarks.Micro;

/// <summary>The NuGet documents as the endpoints render them: the flat-container version list and the registration index.</summary>
[MemoryDiagnoser]
public class NuGetDocumentBenchmarks
{
    private const string BaseUrl = "http://127.0.0.1:5000/api/v4/projects/1/packages/nuget";
    private IReadOnlyList<Package> _versions = [];

    /// <summary>How many versions the package has.</summary>
    [Params(50, 1000)]
    public int Versions { get; set; }

    [GlobalSetup]
    public void Setup() => _versions = Fixtures.NuGetVersions(Versions);

    [Benchmark]
    public byte[] FlatContainerIndex() => Encoding.UTF8.GetBytes(NuGetDocuments.VersionList(_versions).ToJsonString());

    [Benchmark]
    public byte[] RegistrationIndex() => Encoding.UTF8.GetBytes(NuGetDocuments.RegistrationIndex(BaseUrl, "bench.big", _versions).ToJsonString());
}
