using FluentValidation;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Registry.Core.Options;

namespace Registry.Core;

/// <summary>
/// Returned by <c>AddPackageRegistry()</c>; storage providers (<c>UseSqlite</c>, <c>UseFileSystemBlobs</c>, ...)
/// and formats (<c>AddGeneric</c>, <c>AddNpm</c>, ...) extend it from their own packages.
/// </summary>
public sealed class PackageRegistryBuilder
{
    internal PackageRegistryBuilder(IServiceCollection services) => Services = services;

    /// <summary>Registered once, so that a second <c>AddPackageRegistry()</c> knows the first happened.</summary>
    internal sealed class Marker;

    /// <summary>The host's service collection.</summary>
    public IServiceCollection Services { get; }

    /// <summary>
    /// Binds options of type <typeparamref name="TOptions"/> from <paramref name="sectionPath"/>, validates them with
    /// <typeparamref name="TValidator"/> at start, and returns the builder, so extensions configure themselves in one line.
    /// </summary>
    public PackageRegistryBuilder AddValidatedOptions<TOptions, TValidator>(string sectionPath)
        where TOptions : class
        where TValidator : class, IValidator<TOptions>
    {
        Services.AddOptions<TOptions>().BindConfiguration(sectionPath).ValidateOnStart();
        Services.TryAddSingleton<IValidator<TOptions>, TValidator>();
        Services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<TOptions>, FluentValidationOptions<TOptions>>());
        return this;
    }
}
