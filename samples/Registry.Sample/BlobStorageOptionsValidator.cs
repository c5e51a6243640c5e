using FluentValidation;

namespace Registry.Sample;

/// <summary>Stops the host on an unknown blob provider, naming the key.</summary>
internal sealed class BlobStorageOptionsValidator : AbstractValidator<BlobStorageOptions>
{
    public BlobStorageOptionsValidator() =>
        RuleFor(o => o.Provider)
            .Must(p => p.Equals(BlobStorageOptions.FileSystem, StringComparison.OrdinalIgnoreCase) || p.Equals(BlobStorageOptions.S3, StringComparison.OrdinalIgnoreCase))
            .WithName($"{BlobStorageOptions.SectionName}:Provider")
            .WithMessage($"{BlobStorageOptions.SectionName}:Provider must be {BlobStorageOptions.FileSystem} (the default) or {BlobStorageOptions.S3}.");
}
