using FluentValidation;
using Registry.Formats.Protocol;

namespace Registry.Formats.Helm;

/// <summary>Validates <see cref="HelmOptions"/>; messages name the key to fix.</summary>
internal sealed class HelmOptionsValidator : AbstractValidator<HelmOptions>
{
    public HelmOptionsValidator()
    {
        RuleFor(o => o.MaxFileSizeBytes).GreaterThan(0)
            .WithName("PackageRegistry:Helm:MaxFileSizeBytes")
            .WithMessage("PackageRegistry:Helm:MaxFileSizeBytes must be a positive number of bytes (for example 5242880).");
        RuleFor(o => o.MaxUncompressedBytes).GreaterThan(0)
            .WithName("PackageRegistry:Helm:MaxUncompressedBytes")
            .WithMessage("PackageRegistry:Helm:MaxUncompressedBytes must be a positive number of bytes (for example 104857600).");
        RuleFor(o => o.MaxChartYamlBytes).InclusiveBetween(1024, 64 * 1024 * 1024)
            .WithName("PackageRegistry:Helm:MaxChartYamlBytes")
            .WithMessage("PackageRegistry:Helm:MaxChartYamlBytes must be between 1024 and 67108864 bytes (for example 1048576).");
        RuleFor(o => o.MaxProvenanceBytes).InclusiveBetween(1024, 64 * 1024 * 1024)
            .WithName("PackageRegistry:Helm:MaxProvenanceBytes")
            .WithMessage("PackageRegistry:Helm:MaxProvenanceBytes must be between 1024 and 67108864 bytes (for example 262144).");
        RuleFor(o => o.MaxIndexPackages).InclusiveBetween(1, 100_000)
            .WithName("PackageRegistry:Helm:MaxIndexPackages")
            .WithMessage("PackageRegistry:Helm:MaxIndexPackages must be between 1 and 100000 (for example 1000).");
        RuleFor(o => o.Limits).NotNull().SetValidator(new UploadLimitsValidator("PackageRegistry:Helm"));
    }
}
