namespace Registry.EndToEnd.Tests.Adoption;

/// <summary>The tests that share one pack of the SDK (an xunit collection: they run one after the other).</summary>
[CollectionDefinition(Name)]
public sealed class PackedSdkGroup : ICollectionFixture<PackedSdk>
{
    public const string Name = "Packed SDK";
}
