using FluentValidation;
using Registry.Formats.Protocol;

namespace Registry.Formats.Composer;

/// <summary>Validates <see cref="ComposerOptions"/>; messages name the key to fix.</summary>
internal sealed class ComposerOptionsValidator : AbstractValidator<ComposerOptions>
{
    public ComposerOptionsValidator()
    {
        RuleFor(o => o.MaxFileSizeBytes).GreaterThan(0)
            .WithName("PackageRegistry:Composer:MaxFileSizeBytes")
            .WithMessage("PackageRegistry:Composer:MaxFileSizeBytes must be a positive number of bytes (for example 524288000).");
        RuleFor(o => o.MaxUncompressedBytes).GreaterThan(0)
            .WithName("PackageRegistry:Composer:MaxUncompressedBytes")
            .WithMessage("PackageRegistry:Composer:MaxUncompressedBytes must be a positive number of bytes (for example 4294967296).");
        RuleFor(o => o.MaxArchiveEntries).GreaterThan(0)
            .WithName("PackageRegistry:Composer:MaxArchiveEntries")
            .WithMessage("PackageRegistry:Composer:MaxArchiveEntries must be a positive number of entries (for example 100000).");
        RuleFor(o => o.Limits).NotNull().SetValidator(new UploadLimitsValidator("PackageRegistry:Composer"));
    }
}
