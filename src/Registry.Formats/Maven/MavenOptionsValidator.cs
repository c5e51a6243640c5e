using System.Text.RegularExpressions;
using FluentValidation;

namespace Registry.Formats.Maven;

/// <summary>Validates <see cref="MavenOptions"/>; messages name the key to fix.</summary>
internal sealed class MavenOptionsValidator : AbstractValidator<MavenOptions>
{
    /// <summary>GitLab's limit on the exception pattern.</summary>
    public const int MaxRegexLength = 255;

    public MavenOptionsValidator()
    {
        RuleFor(o => o.MaxFileSizeBytes).GreaterThan(0)
            .WithName("PackageRegistry:Maven:MaxFileSizeBytes")
            .WithMessage("PackageRegistry:Maven:MaxFileSizeBytes must be a positive number of bytes (for example 3221225472).");
        RuleFor(o => o.DuplicateExceptionRegex)
            .Must(pattern => pattern is null || (pattern.Length <= MaxRegexLength && IsValidRegex(pattern)))
            .WithName("PackageRegistry:Maven:DuplicateExceptionRegex")
            .WithMessage($"PackageRegistry:Maven:DuplicateExceptionRegex must be a valid .NET regular expression of at most {MaxRegexLength} characters (for example \".*-rc[0-9]+$\").");
    }

    private static bool IsValidRegex(string pattern)
    {
        try
        {
            _ = new Regex(pattern, RegexOptions.CultureInvariant, MavenDuplicatePolicy.MatchTimeout);
            return true;
        }
        catch (ArgumentException)
        {
            return false;
        }
    }
}
