using Xunit.Sdk;

namespace Registry.Core.Tests.UseCases;

/// <summary>Turns a value a test expects to be there into a non-null one, failing the test (not the compiler) when it is missing.</summary>
internal static class TestValues
{
    public static T OrFail<T>(this T? value, string what = "value")
        where T : class => value ?? throw new XunitException($"Expected a {what}, got null.");
}
