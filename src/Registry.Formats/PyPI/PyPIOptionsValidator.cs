using FluentValidation;
using Registry.Formats.Protocol;

namespace Registry.Formats.PyPI;

/// <summary>Validates <see cref="PyPIOptions"/>; messages name the key to fix.</summary>
internal sealed class PyPIOptionsValidator : AbstractValidator<PyPIOptions>
{
    public PyPIOptionsValidator()
    {
        RuleFor(o => o.MaxFileSizeBytes).GreaterThan(0)
            .WithName("PackageRegistry:PyPI:MaxFileSizeBytes")
            .WithMessage("PackageRegistry:PyPI:MaxFileSizeBytes must be a positive number of bytes (for example 3221225472).");
        RuleFor(o => o.MaxUncompressedBytes).GreaterThan(0)
            .WithName("PackageRegistry:PyPI:MaxUncompressedBytes")
            .WithMessage("PackageRegistry:PyPI:MaxUncompressedBytes must be a positive number of bytes (for example 8589934592).");
        RuleFor(o => o.Limits).NotNull().SetValidator(new UploadLimitsValidator("PackageRegistry:PyPI"));
    }
}
