using FluentValidation;

namespace Registry.Storage.S3;

/// <summary>Validates <see cref="S3BlobOptions"/>; every message names the configuration key to fix.</summary>
internal sealed class S3BlobOptionsValidator : AbstractValidator<S3BlobOptions>
{
    private const string Section = S3BlobOptions.SectionName;

    public S3BlobOptionsValidator()
    {
        RuleFor(o => o.Bucket).NotEmpty()
            .WithName($"{Section}:Bucket")
            .WithMessage($"{Section}:Bucket must name the bucket that holds the blobs when PackageRegistry:Blobs:Provider is S3.");
        RuleFor(o => o.ServiceUrl)
            .Must(url => Uri.TryCreate(url, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps))
            .When(o => !string.IsNullOrEmpty(o.ServiceUrl))
            .WithName($"{Section}:ServiceUrl")
            .WithMessage($"{Section}:ServiceUrl must be an absolute http or https URL (for example http://127.0.0.1:9000), or empty for Amazon S3.");
        RuleFor(o => o.Region).NotEmpty()
            .WithName($"{Section}:Region")
            .WithMessage($"{Section}:Region must name a region (for example us-east-1).");
        RuleFor(o => o)
            .Must(o => string.IsNullOrEmpty(o.AccessKey) == string.IsNullOrEmpty(o.SecretKey))
            .WithName($"{Section}:AccessKey")
            .WithMessage($"{Section}:AccessKey and {Section}:SecretKey must be set together, or both left empty for the default credential chain.");
        RuleFor(o => o.PartSizeBytes).InclusiveBetween(S3BlobOptions.MinPartSizeBytes, 512 * 1024 * 1024)
            .WithName($"{Section}:PartSizeBytes")
            .WithMessage($"{Section}:PartSizeBytes must be between 5 MiB (S3's smallest part) and 512 MiB (for example 8388608).");
        RuleFor(o => o.PresignedUrlLifetime).InclusiveBetween(TimeSpan.FromSeconds(1), TimeSpan.FromDays(7))
            .WithName($"{Section}:PresignedUrlLifetime")
            .WithMessage($"{Section}:PresignedUrlLifetime must be between one second and seven days, S3's limit (for example 00:15:00).");
    }
}
