using FluentValidation;

namespace Registry.Core.Cleanup;

/// <summary>Validates <see cref="CleanupOptions"/> at start, naming the key and the fix.</summary>
internal sealed class CleanupOptionsValidator : AbstractValidator<CleanupOptions>
{
    /// <summary>Creates the rules.</summary>
    public CleanupOptionsValidator()
    {
        RuleFor(o => o.Interval).GreaterThanOrEqualTo(TimeSpan.FromMinutes(1))
            .WithMessage("PackageRegistry:Cleanup:Interval must be at least 00:01:00 (default 12:00:00).");
        RuleFor(o => o.CheckInterval).GreaterThanOrEqualTo(TimeSpan.FromSeconds(1))
            .WithMessage("PackageRegistry:Cleanup:CheckInterval must be at least 00:00:01 (default 00:15:00).");
        RuleFor(o => o.MaxConcurrentProjects).InclusiveBetween(1, 64)
            .WithMessage("PackageRegistry:Cleanup:MaxConcurrentProjects must be between 1 and 64 (default 2).");
        RuleFor(o => o.BatchSize).InclusiveBetween(1, 10_000)
            .WithMessage("PackageRegistry:Cleanup:BatchSize must be between 1 and 10000 (default 100).");
        RuleFor(o => o.LeaseDuration).GreaterThanOrEqualTo(TimeSpan.FromSeconds(10))
            .WithMessage("PackageRegistry:Cleanup:LeaseDuration must be at least 00:00:10 (default 00:10:00).");
    }
}
