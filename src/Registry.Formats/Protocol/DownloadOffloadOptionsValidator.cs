using FluentValidation;

namespace Registry.Formats.Protocol;

/// <summary>Validates <see cref="DownloadOffloadOptions"/> at start; messages name the key and the fix.</summary>
internal sealed class DownloadOffloadOptionsValidator : AbstractValidator<DownloadOffloadOptions>
{
    /// <summary>An hour: a grant outlives a revoked token by this much at most, so it stays short.</summary>
    private const int MaxGrantSeconds = 3600;

    public DownloadOffloadOptionsValidator()
    {
        RuleFor(o => o.Mode).IsInEnum().WithName(DownloadOffloadOptions.SectionName + ":Mode")
            .WithMessage(DownloadOffloadOptions.SectionName + ":Mode must be None, XAccelRedirect or XSendfile.");
        RuleFor(o => o.GrantSeconds)
            .Must((options, seconds) => seconds == 0 || (options.Mode == DownloadOffloadMode.XAccelRedirect && seconds is > 0 and <= MaxGrantSeconds))
            .WithName(DownloadOffloadOptions.SectionName + ":GrantSeconds")
            .WithMessage(DownloadOffloadOptions.SectionName + $":GrantSeconds must be 0, or 1 to {MaxGrantSeconds} with Mode XAccelRedirect (nginx reuses the host's answer that long).");
        When(o => o.Mode == DownloadOffloadMode.XAccelRedirect, () =>
        {
            RuleFor(o => o.Root)
                .Must(root => !string.IsNullOrWhiteSpace(root) && Path.IsPathFullyQualified(root))
                .WithName(DownloadOffloadOptions.SectionName + ":Root")
                .WithMessage(DownloadOffloadOptions.SectionName + ":Root must be the blob directory as an absolute path (the directory the nginx internal location aliases).");
            RuleFor(o => o.InternalPrefix)
                .Must(prefix => prefix is ['/', .., '/'] && !prefix.Contains("..", StringComparison.Ordinal) && !prefix.Any(char.IsWhiteSpace))
                .WithName(DownloadOffloadOptions.SectionName + ":InternalPrefix")
                .WithMessage(DownloadOffloadOptions.SectionName + ":InternalPrefix must start and end with '/' (the nginx location marked internal), for example /_registry_blobs/.");
        });
    }
}
