using System.Text;
using BenchmarkDotNet.Attributes;
using Registry.Core.Packages;
using Registry.Formats.Npm;

namespace Registry.Benchmarks.Micro;

/// <summary>The packument as the endpoint renders it: JSON tree from the catalog rows, then UTF-8 bytes.</summary>
[MemoryDiagnoser]
public class NpmDocumentBenchmarks
{
    private const string RegistryUrl = "http://127.0.0.1:5000/api/v4/projects/1/packages/npm";
    private IReadOnlyList<Package> _versions = [];

    /// <summary>How many versions the package has.</summary>
    [Params(50, 1000)]
    public int Versions { get; set; }

    [GlobalSetup]
    public void Setup() => _versions = Fixtures.NpmVersions(Versions);

    [Benchmark]
    public byte[] FullPackument() =>
        Encoding.UTF8.GetBytes(NpmDocuments.Serialize(NpmDocuments.Full("@bench/big", _versions, RegistryUrl)));

    [Benchmark]
    public byte[] AbbreviatedPackument() =>
        Encoding.UTF8.GetBytes(NpmDocuments.Serialize(NpmDocuments.Abbreviated("@bench/big", _versions, RegistryUrl)));
}
