using FluentValidation;

namespace Registry.Formats.Hosting;

/// <summary>Validates <see cref="RateLimitOptions"/> at start; messages name the key and the fix.</summary>
internal sealed class RateLimitOptionsValidator : AbstractValidator<RateLimitOptions>
{
    private static readonly TimeSpan LongestWindow = TimeSpan.FromHours(24);

    public RateLimitOptionsValidator()
    {
        RuleFor(o => o.Reads).NotNull().SetValidator(new RuleValidator("PackageRegistry:RateLimits:Reads"));
        RuleFor(o => o.Writes).NotNull().SetValidator(new RuleValidator("PackageRegistry:RateLimits:Writes"));
    }

    private sealed class RuleValidator : AbstractValidator<RateLimitRule>
    {
        public RuleValidator(string key)
        {
            RuleFor(r => r.PermitLimit).GreaterThan(0)
                .WithName(key + ":PermitLimit")
                .WithMessage(key + ":PermitLimit must be at least 1 (set PackageRegistry:RateLimits:Enabled=false to turn limits off).");
            RuleFor(r => r.Window).InclusiveBetween(TimeSpan.FromSeconds(1), LongestWindow)
                .WithName(key + ":Window")
                .WithMessage(key + ":Window must be between 00:00:01 and 1.00:00:00 (for example 00:01:00).");
        }
    }
}
