using Microsoft.Extensions.DependencyInjection.Extensions;
using Registry.Core;
using Registry.Formats.Hosting;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Lets the host's own authentication (cookie, JWT bearer, OpenID Connect) sign users in to the registry.</summary>
public static class HostIdentityRegistryBuilderExtensions
{
    /// <summary>
    /// Requests without a registry token (or with a token the registry does not know, such as a JWT) are offered to the
    /// host's authentication <paramref name="schemes"/>; a signed-in user is mapped to a registry user by
    /// <see cref="IHostIdentityMapper"/>: by default the embedded directory's user of the same username, created at first
    /// sight. Registry tokens keep working. Settings: <c>PackageRegistry:HostIdentity</c> (<see cref="HostIdentityOptions"/>).
    /// Register your own <see cref="IHostIdentityMapper"/> before this call to map to a directory of your own.
    /// </summary>
    /// <param name="builder">The registry builder.</param>
    /// <param name="schemes">The host's schemes to ask, in order (for example <c>JwtBearerDefaults.AuthenticationScheme</c>).</param>
    /// <param name="configure">Changes to the settings (for example <c>o =&gt; o.AllowWrites = true</c> for a bearer scheme).</param>
    public static PackageRegistryBuilder UseHostIdentity(this PackageRegistryBuilder builder, IEnumerable<string> schemes, Action<HostIdentityOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(schemes);
        var names = schemes.ToArray();
        if (names.Length == 0 || names.Any(string.IsNullOrWhiteSpace) || names.Contains(RegistryAuthenticationDefaults.AuthenticationScheme))
        {
            throw new ArgumentException($"Name one or more of the host's own authentication schemes (not {RegistryAuthenticationDefaults.AuthenticationScheme}).", nameof(schemes));
        }

        builder.Services.AddOptions<HostIdentityOptions>().BindConfiguration(HostIdentityOptions.SectionName).Configure(options =>
        {
            foreach (var name in names.Where(n => !options.Schemes.Contains(n)))
            {
                options.Schemes.Add(name);
            }

            configure?.Invoke(options);
        });
        builder.Services.TryAddSingleton<IHostIdentityMapper, DirectoryHostIdentityMapper>();
        return builder;
    }
}
