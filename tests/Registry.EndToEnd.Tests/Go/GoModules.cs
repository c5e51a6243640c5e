using System.IO.Compression;
using System.Text;

namespace Registry.EndToEnd.Tests.Go;

/// <summary>Module zips as the go command makes them, and a consumer module that imports one.</summary>
internal static class GoModules
{
    /// <summary>A module whose package <c>lib</c> has <c>Greeting()</c> returning <paramref name="greeting"/>.</summary>
    public static async Task<string> WriteZipAsync(string directory, string module, string version, string greeting)
    {
        var path = Path.Combine(directory, $"{Guid.NewGuid():N}-{version}.zip");
        var prefix = $"{module}@{version}/";
        await using var file = File.Create(path);
        using var zip = new ZipArchive(file, ZipArchiveMode.Create);
        Write(zip, prefix + "go.mod", $"module {module}\n\ngo 1.19\n");
        Write(zip, prefix + "lib.go", $"// Package lib greets.\npackage lib\n\n// Greeting says hello.\nfunc Greeting() string {{ return \"{greeting}\" }}\n");
        Write(zip, prefix + "LICENSE", "MIT\n");
        return path;
    }

    /// <summary>A main module in <paramref name="directory"/> that prints <c>lib.Greeting()</c>.</summary>
    public static async Task WriteConsumerAsync(string directory, string module)
    {
        Directory.CreateDirectory(directory);
        await File.WriteAllTextAsync(Path.Combine(directory, "go.mod"), "module example.com/consumer\n\ngo 1.19\n");
        await File.WriteAllTextAsync(Path.Combine(directory, "main.go"), $"package main\n\nimport (\n\t\"fmt\"\n\n\tlib \"{module}\"\n)\n\nfunc main() {{ fmt.Println(lib.Greeting()) }}\n");
    }

    private static void Write(ZipArchive zip, string name, string content)
    {
        using var stream = zip.CreateEntry(name).Open();
        stream.Write(Encoding.UTF8.GetBytes(content));
    }
}
