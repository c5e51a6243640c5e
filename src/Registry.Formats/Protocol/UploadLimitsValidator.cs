using FluentValidation;

namespace Registry.Formats.Protocol;

/// <summary>Validates a format's <see cref="UploadLimits"/>; messages name the key under <c>section</c> to fix.</summary>
internal sealed class UploadLimitsValidator : AbstractValidator<UploadLimits>
{
    public UploadLimitsValidator(string section)
    {
        Positive(o => o.MaxArchiveEntries, section, nameof(UploadLimits.MaxArchiveEntries), "entries", 100_000);
        Positive(o => o.MaxCompressionRatio, section, nameof(UploadLimits.MaxCompressionRatio), "times", 200);
        Positive(o => o.MaxXmlDepth, section, nameof(UploadLimits.MaxXmlDepth), "levels", 64);
        Positive(o => o.MaxXmlElements, section, nameof(UploadLimits.MaxXmlElements), "elements", 100_000);
        RuleFor(o => o.MaxXmlCharacters).GreaterThan(0).WithName($"{section}:Limits:MaxXmlCharacters")
            .WithMessage($"{section}:Limits:MaxXmlCharacters must be a positive number of characters (for example 16777216).");
        Positive(o => o.MaxJsonDepth, section, nameof(UploadLimits.MaxJsonDepth), "levels", 64);
        Positive(o => o.MaxJsonProperties, section, nameof(UploadLimits.MaxJsonProperties), "properties", 250_000);
        Positive(o => o.MaxMultipartParts, section, nameof(UploadLimits.MaxMultipartParts), "parts", 2_000);
        Positive(o => o.MaxMultipartHeaderBytes, section, nameof(UploadLimits.MaxMultipartHeaderBytes), "bytes", 16_384);
    }

    private void Positive(System.Linq.Expressions.Expression<Func<UploadLimits, int>> limit, string section, string name, string unit, int example)
    {
        var key = $"{section}:Limits:{name}";
        RuleFor(limit).GreaterThan(0).WithName(key).WithMessage($"{key} must be a positive number of {unit} (for example {example}).");
    }
}
