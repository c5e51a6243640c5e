using FluentValidation;
using Registry.Formats.Protocol;

namespace Registry.Formats.Maven;

/// <summary>Validates <see cref="MavenOptions"/>; messages name the key to fix.</summary>
internal sealed class MavenOptionsValidator : AbstractValidator<MavenOptions>
{
    public MavenOptionsValidator()
    {
        RuleFor(o => o.MaxFileSizeBytes).GreaterThan(0)
            .WithName("PackageRegistry:Maven:MaxFileSizeBytes")
            .WithMessage("PackageRegistry:Maven:MaxFileSizeBytes must be a positive number of bytes (for example 3221225472).");
        RuleFor(o => o.Limits).NotNull().SetValidator(new UploadLimitsValidator("PackageRegistry:Maven"));
    }
}
