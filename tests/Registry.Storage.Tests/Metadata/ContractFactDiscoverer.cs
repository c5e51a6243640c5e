using Xunit.Abstractions;
using Xunit.Sdk;

namespace Registry.Storage.Tests.Metadata;

/// <summary>Discovers <see cref="ContractFactAttribute"/> tests.</summary>
public sealed class ContractFactDiscoverer(IMessageSink diagnosticMessageSink) : FactDiscoverer(diagnosticMessageSink)
{
    public override IEnumerable<IXunitTestCase> Discover(ITestFrameworkDiscoveryOptions discoveryOptions, ITestMethod testMethod, IAttributeInfo factAttribute) =>
        ContractSkip.ReasonOrNull(testMethod) is { } reason
            ? [ContractSkip.Skipped(DiagnosticMessageSink, discoveryOptions, testMethod, reason)]
            : base.Discover(discoveryOptions, testMethod, factAttribute);
}
