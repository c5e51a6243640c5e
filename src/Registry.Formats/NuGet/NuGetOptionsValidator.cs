using FluentValidation;
using Registry.Formats.Protocol;

namespace Registry.Formats.NuGet;

/// <summary>Validates <see cref="NuGetOptions"/>; messages name the key to fix.</summary>
internal sealed class NuGetOptionsValidator : AbstractValidator<NuGetOptions>
{
    public NuGetOptionsValidator()
    {
        RuleFor(o => o.MaxFileSizeBytes).GreaterThan(0)
            .WithName("PackageRegistry:NuGet:MaxFileSizeBytes")
            .WithMessage("PackageRegistry:NuGet:MaxFileSizeBytes must be a positive number of bytes (for example 524288000).");
        RuleFor(o => o.MaxUncompressedBytes).GreaterThan(0)
            .WithName("PackageRegistry:NuGet:MaxUncompressedBytes")
            .WithMessage("PackageRegistry:NuGet:MaxUncompressedBytes must be a positive number of bytes (for example 4294967296).");
        RuleFor(o => o.DeleteBehavior).IsInEnum()
            .WithName("PackageRegistry:NuGet:DeleteBehavior")
            .WithMessage("PackageRegistry:NuGet:DeleteBehavior must be Unlist or Delete.");
        RuleFor(o => o.Limits).NotNull().SetValidator(new UploadLimitsValidator("PackageRegistry:NuGet"));
    }
}
