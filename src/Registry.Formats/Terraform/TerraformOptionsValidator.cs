using FluentValidation;

namespace Registry.Formats.Terraform;

/// <summary>Validates <see cref="TerraformOptions"/>; messages name the key to fix.</summary>
internal sealed class TerraformOptionsValidator : AbstractValidator<TerraformOptions>
{
    public TerraformOptionsValidator()
    {
        RuleFor(o => o.MaxFileSizeBytes).GreaterThan(0)
            .WithName("PackageRegistry:Terraform:MaxFileSizeBytes")
            .WithMessage("PackageRegistry:Terraform:MaxFileSizeBytes must be a positive number of bytes (for example 1073741824).");
        RuleFor(o => o.MaxUncompressedBytes).GreaterThan(0)
            .WithName("PackageRegistry:Terraform:MaxUncompressedBytes")
            .WithMessage("PackageRegistry:Terraform:MaxUncompressedBytes must be a positive number of bytes (for example 4294967296).");
        RuleFor(o => o.MaxEntries).GreaterThan(0)
            .WithName("PackageRegistry:Terraform:MaxEntries")
            .WithMessage("PackageRegistry:Terraform:MaxEntries must be a positive number (for example 100000).");
    }
}
