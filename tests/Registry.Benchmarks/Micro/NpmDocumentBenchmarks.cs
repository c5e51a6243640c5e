using BenchmarkDotNet.Attributes;
using Registry.Core.Packages;
using Registry.Formats.Npm;

namespace Registry.Benchmarks.Micro;

/// <summary>The packument as the endpoint renders it: every version rendered afresh (nothing cached), written as UTF-8.</summary>
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
    public long FullPackument() =>
        NpmPackuments.Full("@bench/big", _versions, p => NpmDocuments.FullFragment("@bench/big", p, RegistryUrl)).Length;

    [Benchmark]
    public long AbbreviatedPackument() =>
        NpmPackuments.Abbreviated("@bench/big", _versions, p => NpmDocuments.AbbreviatedFragment("@bench/big", p, RegistryUrl)).Length;
}
