using BenchmarkDotNet.Running;
using Registry.Benchmarks.Tools;

// `tool <name> ...` runs one of the load benchmark's helpers (scripts/bench/run.sh); anything else goes to BenchmarkDotNet,
// e.g. `dotnet run -c Release --project tests/Registry.Benchmarks -- --filter '*'`.
if (args is ["tool", var name, .. var rest])
{
    return await BenchTools.RunAsync(name, rest);
}

BenchmarkSwitcher.FromAssembly(typeof(BenchTools).Assembly).Run(args);
return 0;
