using FluentValidation;

namespace Registry.Formats.Protocol;

/// <summary>Validates <see cref="SignedUrlOptions"/> at start; messages name the key and the fix.</summary>
internal sealed class SignedUrlOptionsValidator : AbstractValidator<SignedUrlOptions>
{
    public SignedUrlOptionsValidator()
    {
        RuleFor(o => o.Key)
            .Must(static (options, _) => options.KeyBytesOrNull() is { Length: >= SignedUrlOptions.MinKeyBytes })
            .WithName("PackageRegistry:SignedUrls:Key")
            .WithMessage(
                "PackageRegistry:SignedUrls:Key must be set to a base64 string of at least 32 random bytes (for example the output of "
                + "'openssl rand -base64 32'), the same on every host sharing the database: the Terraform registry signs its download URLs with it.");
        RuleFor(o => o.LifetimeSeconds).InclusiveBetween(1, SignedUrlOptions.MaxLifetimeSeconds)
            .WithName("PackageRegistry:SignedUrls:LifetimeSeconds")
            .WithMessage("PackageRegistry:SignedUrls:LifetimeSeconds must be between 1 and 3600 (a signed URL is for a client fetching right away).");
    }
}
