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
        RuleFor(o => o.GarbageCollectionInterval).GreaterThan(TimeSpan.Zero)
            .WithName("PackageRegistry:GarbageCollectionInterval")
            .WithMessage("PackageRegistry:GarbageCollectionInterval must be positive (for example 00:05:00).");
    }
}
