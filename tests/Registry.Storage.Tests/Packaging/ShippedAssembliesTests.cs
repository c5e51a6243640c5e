using System.Reflection;
using System.Runtime.CompilerServices;
using System.Xml.Linq;

namespace Registry.Storage.Tests.Packaging;

/// <summary>
/// The package graph promised in ARCHITECTURE.md ("Layout"), checked on what ships: every project under <c>src/</c>,
/// both as compiled (the assemblies' references and attributes) and as declared (the project files, followed through
/// project references, which is what <c>dotnet pack</c> turns into package dependencies).
/// </summary>
public sealed class ShippedAssembliesTests
{
    private const string TestingHelpers = "TestableIO.System.IO.Abstractions.TestingHelpers";

    private static readonly string RepositoryRoot = FindRepositoryRoot();

    /// <summary>Every shipped project, by name: one folder under <c>src/</c> each.</summary>
    private static readonly string[] Shipped = Directory.GetDirectories(Path.Combine(RepositoryRoot, "src"))
        .Select(Path.GetFileName)
        .OfType<string>()
        .Where(name => File.Exists(ProjectFile(name)))
        .Order(StringComparer.Ordinal)
        .ToArray();

    public static TheoryData<string> ShippedProjects => [.. Shipped];

    [Fact]
    public void Every_shipped_project_is_checked_here()
    {
        Shipped.Should().Contain(["Registry.Core", "Registry.Storage", "Registry.Storage.Relational", "Registry.Testing"]);
        foreach (var name in Shipped)
        {
            // The assembly is in this test's output only if this project references it: add the reference when this fails.
            var load = () => Load(name);
            load.Should().NotThrow($"tests/Registry.Storage.Tests must reference src/{name} for these checks to see it");
        }
    }

    [Theory]
    [InlineData("Registry.Storage.PostgreSql")]
    [InlineData("Registry.Storage.S3")]
    public void Scale_out_providers_do_not_depend_on_sqlite_or_the_embedded_storage(string name)
    {
        Load(name).GetReferencedAssemblies().Select(static a => a.Name)
            .Should().NotContain(["Registry.Storage", "Microsoft.Data.Sqlite", "SQLitePCLRaw.core", "System.IO.Abstractions"]);

        var declared = Declared(name);
        declared.Projects.Should().NotContain("Registry.Storage");
        declared.Packages.Should().NotContain(static p => p.StartsWith("Microsoft.Data.Sqlite", StringComparison.Ordinal) || p.StartsWith("SQLitePCLRaw", StringComparison.Ordinal));
    }

    [Fact]
    public void S3_depends_on_core_only()
    {
        Declared("Registry.Storage.S3").Projects.Should().BeEquivalentTo(["Registry.Core"]);
        Declared("Registry.Storage.PostgreSql").Projects.Should().BeEquivalentTo(["Registry.Core", "Registry.Storage.Relational"]);
        Declared("Registry.Storage.Relational").Projects.Should().BeEquivalentTo(["Registry.Core"]);
        Declared("Registry.Storage.Relational").Packages.Should().NotContain(static p => p.Contains("Sqlite", StringComparison.OrdinalIgnoreCase) || p == "Npgsql");
    }

    [Theory]
    [MemberData(nameof(ShippedProjects))]
    public void Only_the_testing_package_brings_the_mock_file_system(string name)
    {
        if (name == "Registry.Testing")
        {
            Declared(name).Packages.Should().Contain(TestingHelpers);
            return;
        }

        Load(name).GetReferencedAssemblies().Select(static a => a.Name).Should().NotContain("TestableIO.System.IO.Abstractions.TestingHelpers");
        Declared(name).Packages.Should().NotContain(TestingHelpers);
        Declared(name).Projects.Should().NotContain("Registry.Testing");
    }

    [Theory]
    [MemberData(nameof(ShippedProjects))]
    public void Shipped_assemblies_share_no_internals(string name)
    {
        // What one provider needs of another is public, so a version skew between two packages cannot break a host.
        Load(name).GetCustomAttributes<InternalsVisibleToAttribute>()
            .Select(static a => new AssemblyName(a.AssemblyName).Name)
            .Should().NotIntersectWith(Shipped);
    }

    [Theory]
    [MemberData(nameof(ShippedProjects))]
    public void Each_package_describes_itself_and_ships_a_readme(string name)
    {
        // What a team reads on the package page before taking a dependency: its own description (not the SDK's), and a readme.
        var project = XDocument.Load(ProjectFile(name));
        var description = project.Descendants("Description").Select(static d => d.Value).SingleOrDefault();
        description.Should().NotBeNullOrWhiteSpace($"src/{name} needs a <Description> of its own");
        File.Exists(Path.Combine(RepositoryRoot, "src", name, "README.md")).Should().BeTrue($"src/{name}/README.md is packed as the package readme");
        (Load(name).GetCustomAttribute<AssemblyDescriptionAttribute>()?.Description).Should().Be(description);
    }

    private static Assembly Load(string name) => Assembly.Load(new AssemblyName(name));

    private static string ProjectFile(string name) => Path.Combine(RepositoryRoot, "src", name, name + ".csproj");

    /// <summary>The projects and packages a project file brings, through its project references.</summary>
    private static (HashSet<string> Projects, HashSet<string> Packages) Declared(string name)
    {
        var projects = new HashSet<string>(StringComparer.Ordinal);
        var packages = new HashSet<string>(StringComparer.Ordinal);
        var pending = new Stack<string>([ProjectFile(name)]);
        while (pending.TryPop(out var file))
        {
            var project = XDocument.Load(file);
            foreach (var reference in project.Descendants("ProjectReference"))
            {
                var path = Path.GetFullPath(Path.Combine(Path.GetDirectoryName(file) ?? ".", (string?)reference.Attribute("Include") ?? string.Empty));
                if (projects.Add(Path.GetFileNameWithoutExtension(path)))
                {
                    pending.Push(path);
                }
            }

            packages.UnionWith(project.Descendants("PackageReference").Select(static p => (string?)p.Attribute("Include")).OfType<string>());
        }

        return (projects, packages);
    }

    private static string FindRepositoryRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "Registry.Sdk.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException("Registry.Sdk.sln not found above " + AppContext.BaseDirectory);
    }
}
