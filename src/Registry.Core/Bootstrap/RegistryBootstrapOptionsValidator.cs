using FluentValidation;
using Registry.Core.Directory;

namespace Registry.Core.Bootstrap;

/// <summary>Validates <see cref="RegistryBootstrapOptions"/>; messages name the configuration key to fix.</summary>
internal sealed class RegistryBootstrapOptionsValidator : AbstractValidator<RegistryBootstrapOptions>
{
    private const string Section = RegistryBootstrapOptions.SectionName;

    // The longest token the embedded directory stores.
    private const int MaxTokenLength = 1024;

    public RegistryBootstrapOptionsValidator()
    {
        RuleFor(o => o.AdminUsername).Must(DirectoryPathSegment.IsValid)
            .WithName($"{Section}:AdminUsername")
            .WithMessage($"{Section}:AdminUsername must be a username of letters, digits, '_', '-' and '.' (for example admin).");
        RuleFor(o => o.AdminToken).Length(20, MaxTokenLength)
            .When(o => !string.IsNullOrEmpty(o.AdminToken))
            .WithName($"{Section}:AdminToken")
            .WithMessage($"{Section}:AdminToken must be between 20 and {MaxTokenLength} characters, so it cannot be guessed.");
        RuleFor(o => o.Group).Must(DirectoryPathSegment.IsValid).When(o => !string.IsNullOrEmpty(o.Group))
            .WithName($"{Section}:Group")
            .WithMessage($"{Section}:Group must be a path of letters, digits, '_', '-' and '.' (for example demo).");
        RuleFor(o => o.Project).Must(DirectoryPathSegment.IsValid).When(o => !string.IsNullOrEmpty(o.Project))
            .WithName($"{Section}:Project")
            .WithMessage($"{Section}:Project must be a path of letters, digits, '_', '-' and '.' (for example app).");
        RuleFor(o => o.Group).NotEmpty().When(o => !string.IsNullOrEmpty(o.Project))
            .WithName($"{Section}:Group")
            .WithMessage($"{Section}:Project needs {Section}:Group, the group the project is created in.");
        RuleFor(o => o.Visibility).IsInEnum()
            .WithName($"{Section}:Visibility")
            .WithMessage($"{Section}:Visibility must be private, internal or public.");
    }
}
