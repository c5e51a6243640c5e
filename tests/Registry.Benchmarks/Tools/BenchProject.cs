namespace Registry.Benchmarks.Tools;

/// <summary>
/// A project the load benchmark publishes into and reads from. Some formats read above the project (Composer at the
/// group, Terraform at the top-level namespace), and some refuse one package name in two projects of a top-level group
/// (Terraform, Composer), so seeders get the whole address, not only the project's API root.
/// </summary>
/// <param name="ApiRoot">The registry's <c>{base}/api/v4</c>.</param>
/// <param name="FullPath">The project's full path, e.g. <c>bench/private</c>.</param>
internal sealed record BenchProject(string ApiRoot, string FullPath)
{
    /// <summary><c>{base}/api/v4/projects/{id}</c>.</summary>
    public string ProjectApi => $"{ApiRoot}/projects/{Uri.EscapeDataString(FullPath)}";

    /// <summary>The first segment of the path: the group GitLab's namespace-wide rules and routes use.</summary>
    public string TopLevelGroup => FullPath.Split('/')[0];

    /// <summary>The project's own path segment (<c>private</c>), to keep names apart that must be unique in the group.</summary>
    public string Name => FullPath.Split('/')[^1];
}
