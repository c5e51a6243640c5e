using FluentValidation;

namespace Registry.Formats.Generic;

/// <summary>Validates <see cref="GenericOptions"/>; messages name the key to fix.</summary>
internal sealed class GenericOptionsValidator : AbstractValidator<GenericOptions>
{
    public GenericOptionsValidator() =>
        RuleFor(o => o.MaxFileSizeBytes).GreaterThan(0)
            .WithName("PackageRegistry:Generic:MaxFileSizeBytes")
            .WithMessage("PackageRegistry:Generic:MaxFileSizeBytes must be a positive number of bytes (for example 5368709120).");
}
