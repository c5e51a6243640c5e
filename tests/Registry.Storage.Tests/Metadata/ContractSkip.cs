using Registry.Testing;
using Xunit.Abstractions;
using Xunit.Sdk;

namespace Registry.Storage.Tests.Metadata;

/// <summary>Decides at discovery whether a contract test is skipped, from the concrete class it runs in.</summary>
internal static class ContractSkip
{
    public static string? ReasonOrNull(ITestMethod testMethod) =>
        testMethod.TestClass.Class.GetCustomAttributes(typeof(RequiresPostgreSqlAttribute)).Any()
            ? PostgreSqlTestServer.SkipReason
            : null;

    public static IXunitTestCase Skipped(IMessageSink sink, ITestFrameworkDiscoveryOptions options, ITestMethod testMethod, string reason) =>
        new XunitSkippedDataRowTestCase(sink, options.MethodDisplayOrDefault(), options.MethodDisplayOptionsOrDefault(), testMethod, reason);
}
