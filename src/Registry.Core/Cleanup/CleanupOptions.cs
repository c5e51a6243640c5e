namespace Registry.Core.Cleanup;

/// <summary>How the background service runs cleanup policies (<c>PackageRegistry:Cleanup</c>).</summary>
public sealed class CleanupOptions
{
    /// <summary>The configuration section these options bind from.</summary>
    public const string SectionName = "PackageRegistry:Cleanup";

    /// <summary>How often each policy runs (<c>PackageRegistry:Cleanup:Interval</c>; GitLab's cadence, 12 hours).</summary>
    public TimeSpan Interval { get; set; } = TimeSpan.FromHours(12);

    /// <summary>How often the service looks for policies that are due (<c>PackageRegistry:Cleanup:CheckInterval</c>).</summary>
    public TimeSpan CheckInterval { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>How many projects one host cleans at once (<c>PackageRegistry:Cleanup:MaxConcurrentProjects</c>).</summary>
    public int MaxConcurrentProjects { get; set; } = 2;

    /// <summary>How many due policies one check takes (<c>PackageRegistry:Cleanup:BatchSize</c>); the rest wait for the next check.</summary>
    public int BatchSize { get; set; } = 100;

    /// <summary>
    /// How long the host that runs the policies holds the database lease (<c>PackageRegistry:Cleanup:LeaseDuration</c>);
    /// it renews it before each project, and another host takes over once it expires (a host that died mid-run).
    /// </summary>
    public TimeSpan LeaseDuration { get; set; } = TimeSpan.FromMinutes(10);
}
