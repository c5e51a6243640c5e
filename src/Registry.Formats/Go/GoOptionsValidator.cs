using FluentValidation;

namespace Registry.Formats.Go;

/// <summary>Validates <see cref="GoOptions"/>; messages name the key to fix.</summary>
internal sealed class GoOptionsValidator : AbstractValidator<GoOptions>
{
    public GoOptionsValidator()
    {
        RuleFor(o => o.MaxZipBytes).GreaterThan(0)
            .WithName("PackageRegistry:Go:MaxZipBytes")
            .WithMessage("PackageRegistry:Go:MaxZipBytes must be a positive number of bytes (for example 524288000).");
        RuleFor(o => o.MaxZipEntries).GreaterThan(0)
            .WithName("PackageRegistry:Go:MaxZipEntries")
            .WithMessage("PackageRegistry:Go:MaxZipEntries must be a positive number of files (for example 100000).");
    }
}
