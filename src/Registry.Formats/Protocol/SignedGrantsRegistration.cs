using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Registry.Core;

namespace Registry.Formats.Protocol;

/// <summary>Registers <see cref="SignedGrants"/> for a format that hands out signed URLs (Terraform).</summary>
internal static class SignedGrantsRegistration
{
    /// <summary>Binds and validates <c>PackageRegistry:SignedUrls</c> (the host stops at start without a key) and adds <see cref="SignedGrants"/>.</summary>
    public static PackageRegistryBuilder AddSignedGrants(this PackageRegistryBuilder builder)
    {
        builder.AddValidatedOptions<SignedUrlOptions, SignedUrlOptionsValidator>(SignedUrlOptions.SectionName);
        builder.Services.TryAddSingleton<SignedGrants>();
        return builder;
    }
}
