using Registry.Core;
using Registry.Core.Directory;
using Registry.Core.Security;
using Registry.Storage;
using Registry.Storage.Relational;

// The storage family's builder namespace, with UseSqlite() and UseLocalStorage(), so that one using finds them all.
namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Keeps the registry's users, groups, projects, memberships and tokens in its own metadata database.</summary>
public static class EmbeddedDirectoryRegistryBuilderExtensions
{
    /// <summary>
    /// Uses the embedded directory: users, nested groups, projects, memberships and tokens stored in the relational
    /// metadata database chosen with <c>UseSqlite()</c>, <c>UsePostgreSql()</c> or another
    /// <see cref="RelationalDatabase"/> provider (before or after this call). It is registered as all three directory
    /// ports, replacing earlier registrations: <see cref="IProjectDirectory"/> and <see cref="ICredentialValidator"/>,
    /// which authorization reads, and <see cref="IDirectoryAdministration"/>, whose presence makes
    /// <c>MapPackageRegistry()</c> map GitLab's users, groups, projects, members, tokens and jobs API.
    /// </summary>
    /// <param name="builder">The registry builder.</param>
    /// <returns>The builder, for chaining.</returns>
    /// <remarks>
    /// A host that owns its identity does not call this: it registers its own <see cref="IProjectDirectory"/> and
    /// <see cref="ICredentialValidator"/>, and gets no directory routes, so nothing writes users or tokens to tables
    /// that authorization never reads. The read and write sides are registered together for the same reason.
    /// </remarks>
    public static PackageRegistryBuilder UseEmbeddedDirectory(this PackageRegistryBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        RelationalServices.RegisterDirectory(builder.Services);
        return builder;
    }
}
