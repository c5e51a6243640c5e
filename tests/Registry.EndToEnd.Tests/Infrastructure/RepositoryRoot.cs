namespace Registry.EndToEnd.Tests.Infrastructure;

/// <summary>The repository the tests run from: the directory above the test output that holds <c>Registry.Sdk.sln</c>.</summary>
public static class RepositoryRoot
{
    public static string Path { get; } = Find();

    /// <summary>The repository's <c>README.md</c>, whose examples some tests run as written.</summary>
    public static string Readme => System.IO.Path.Combine(Path, "README.md");

    private static string Find()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(System.IO.Path.Combine(directory.FullName, "Registry.Sdk.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException("Registry.Sdk.sln not found above " + AppContext.BaseDirectory);
    }
}
