using Xunit.Sdk;

namespace Registry.Storage.Tests.Metadata;

/// <summary>A theory of a contract suite; skipped with the reason when its concrete class needs a server that is missing.</summary>
[AttributeUsage(AttributeTargets.Method)]
[XunitTestCaseDiscoverer("Registry.Storage.Tests.Metadata.ContractTheoryDiscoverer", "Registry.Storage.Tests")]
public sealed class ContractTheoryAttribute : TheoryAttribute;
