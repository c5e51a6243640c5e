using Xunit.Sdk;

namespace Registry.Storage.Tests.Metadata;

/// <summary>A fact of a contract suite; skipped with the reason when its concrete class needs a server that is missing.</summary>
[AttributeUsage(AttributeTargets.Method)]
[XunitTestCaseDiscoverer("Registry.Storage.Tests.Metadata.ContractFactDiscoverer", "Registry.Storage.Tests")]
public sealed class ContractFactAttribute : FactAttribute;
