namespace Registry.Fuzzing.Targets;

/// <summary>Every fuzz target, by the name run.sh and the corpus folders use.</summary>
internal static class FuzzTargets
{
    public static IReadOnlyList<FuzzTarget> All { get; } =
    [
        new("npm-document", NpmDocumentTarget.Run),
        new("npm-tarball", NpmTarballTarget.Run),
        new("nuget", NuGetTarget.Run),
        new("pypi", PyPITarget.Run),
        new("multipart", MultipartTarget.Run),
        new("maven", MavenTarget.Run),
        new("composer", ComposerTarget.Run),
        new("go", GoTarget.Run),
        new("helm", HelmTarget.Run),
        new("terraform", TerraformTarget.Run),
    ];

    /// <summary>The target called <paramref name="name"/>, or null.</summary>
    public static FuzzTarget? FindOrNull(string name) => All.FirstOrDefault(t => t.Name == name);
}
