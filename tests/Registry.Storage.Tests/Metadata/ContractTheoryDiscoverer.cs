using Xunit.Abstractions;
using Xunit.Sdk;

namespace Registry.Storage.Tests.Metadata;

/// <summary>Discovers <see cref="ContractTheoryAttribute"/> tests.</summary>
public sealed class ContractTheoryDiscoverer(IMessageSink diagnosticMessageSink) : TheoryDiscoverer(diagnosticMessageSink)
{
    public override IEnumerable<IXunitTestCase> Discover(ITestFrameworkDiscoveryOptions discoveryOptions, ITestMethod testMethod, IAttributeInfo theoryAttribute) =>
        ContractSkip.ReasonOrNull(testMethod) is { } reason
            ? [ContractSkip.Skipped(DiagnosticMessageSink, discoveryOptions, testMethod, reason)]
            : base.Discover(discoveryOptions, testMethod, theoryAttribute);
}
