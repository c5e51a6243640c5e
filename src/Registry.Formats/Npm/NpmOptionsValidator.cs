using FluentValidation;
using Registry.Formats.Protocol;

namespace Registry.Formats.Npm;

/// <summary>Validates <see cref="NpmOptions"/>; messages name the key to fix.</summary>
internal sealed class NpmOptionsValidator : AbstractValidator<NpmOptions>
{
    public NpmOptionsValidator()
    {
        RuleFor(o => o.MaxDocumentSizeBytes).InclusiveBetween(1, int.MaxValue)
            .WithName("PackageRegistry:Npm:MaxDocumentSizeBytes")
            .WithMessage("PackageRegistry:Npm:MaxDocumentSizeBytes must be a positive number of bytes up to 2147483647 (for example 268435456).");
        RuleFor(o => o.MaxMetadataSizeBytes).GreaterThan(0)
            .WithName("PackageRegistry:Npm:MaxMetadataSizeBytes")
            .WithMessage("PackageRegistry:Npm:MaxMetadataSizeBytes must be a positive number of bytes (for example 16777216).");
        RuleFor(o => o.MaxUncompressedBytes).GreaterThan(0)
            .WithName("PackageRegistry:Npm:MaxUncompressedBytes")
            .WithMessage("PackageRegistry:Npm:MaxUncompressedBytes must be a positive number of bytes (for example 2147483648).");
        RuleFor(o => o.Limits).NotNull().SetValidator(new UploadLimitsValidator("PackageRegistry:Npm"));
    }
}
