using BenchmarkDotNet.Attributes;
using Registry.Core.Packages;
using Registry.Formats.NuGet;
using Registry.Formats.Npm;
using Registry.Formats.PyPI;

namespace Registry.Benchmarks.Micro;

/// <summary>Coordinate normalization, done on every lookup: npm (exact), NuGet (lowercase id, normalized SemVer) and PyPI (PEP 503).</summary>
[MemoryDiagnoser]
public class NormalizationBenchmarks
{
    [Benchmark]
    public PackageCoordinate Npm() => PackageCoordinate.Create(1, NpmFormat.NpmType, "@bench/big", "1.2.3");

    [Benchmark]
    public PackageCoordinate NuGet() => PackageCoordinate.Create(1, NuGetFormat.NuGetType, "Bench.Big", "1.02.3.0-Beta.1+build");

    [Benchmark]
    public PackageCoordinate PyPI() => PackageCoordinate.Create(1, PyPIFormat.PyPIType, "Bench__Big.Package", "1.2.3");
}
