using FluentValidation;

namespace Registry.Core.Options;

/// <summary>Validates <see cref="PackageRegistryOptions"/>; messages name the configuration key to fix.</summary>
internal sealed class PackageRegistryOptionsValidator : AbstractValidator<PackageRegistryOptions>
{
    public PackageRegistryOptionsValidator()
    {
        RuleFor(o => o.DataPath).NotEmpty()
            .WithName("PackageRegistry:DataPath")
            .WithMessage("PackageRegistry:DataPath must name a directory (for example ./data).");
        RuleFor(o => o.OrphanBlobGracePeriod).GreaterThanOrEqualTo(TimeSpan.Zero)
            .WithName("PackageRegistry:OrphanBlobGracePeriod")
            .WithMessage("PackageRegistry:OrphanBlobGracePeriod must not be negative (for example 01:00:00).");
        RuleFor(o => o.FileMemoryCacheBytes).GreaterThanOrEqualTo(0)
            .WithName("PackageRegistry:FileMemoryCacheBytes")
            .WithMessage("PackageRegistry:FileMemoryCacheBytes must not be negative (0 turns the cache off).");
        RuleFor(o => o.FileMemoryCacheMaxFileBytes).InclusiveBetween(0, Array.MaxLength)
            .WithName("PackageRegistry:FileMemoryCacheMaxFileBytes")
            .WithMessage($"PackageRegistry:FileMemoryCacheMaxFileBytes must be between 0 and {Array.MaxLength}.");
        RuleFor(o => o.GarbageCollectionInterval).GreaterThan(TimeSpan.Zero)
            .WithName("PackageRegistry:GarbageCollectionInterval")
            .WithMessage("PackageRegistry:GarbageCollectionInterval must be positive (for example 00:05:00).");
        RuleFor(o => o.Quotas.MaxBytes).GreaterThanOrEqualTo(0)
            .WithName("PackageRegistry:Quotas:MaxBytes")
            .WithMessage("PackageRegistry:Quotas:MaxBytes must not be negative (leave it unset for no limit).");
        RuleFor(o => o.Quotas.MaxPackages).GreaterThanOrEqualTo(0)
            .WithName("PackageRegistry:Quotas:MaxPackages")
            .WithMessage("PackageRegistry:Quotas:MaxPackages must not be negative (leave it unset for no limit).");
    }
}
