using FluentValidation;

namespace Registry.Formats.Protocol;

/// <summary>Validates <see cref="DownloadOffloadOptions"/> at start; messages name the key and the fix.</summary>
internal sealed class DownloadOffloadOptionsValidator : AbstractValidator<DownloadOffloadOptions>
{
    public DownloadOffloadOptionsValidator()
    {
        RuleFor(o => o.Mode).IsInEnum().WithName(DownloadOffloadOptions.SectionName + ":Mode")
            .WithMessage(DownloadOffloadOptions.SectionName + ":Mode must be None, XAccelRedirect or XSendfile.");
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
