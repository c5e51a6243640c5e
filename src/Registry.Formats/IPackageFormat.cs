using Registry.Core.Packages;
using Registry.Formats.Protocol;

namespace Registry.Formats;

/// <summary>
/// The one contract through which a format plugs in. Register an implementation with the builder
/// (<c>.AddGeneric()</c>, <c>.AddNpm()</c>, ...); <c>MapPackageRegistry()</c> maps every registered format.
/// </summary>
public interface IPackageFormat
{
    /// <summary>The format's package type; its name is the packages API's <c>package_type</c> and, unless <see cref="RouteSegment"/> says otherwise, the route segment.</summary>
    PackageType Type { get; }

    /// <summary>
    /// The route segment after <c>/packages/</c> (<c>/api/v4/projects/{id}/packages/{segment}</c>) where it differs from
    /// <see cref="PackageType.Name"/>: GitLab lists Go modules as <c>golang</c> but serves them at <c>/packages/go</c>, and
    /// Terraform modules as <c>terraform_module</c> at <c>/packages/terraform/modules</c>.
    /// </summary>
    string RouteSegment => Type.Name;

    /// <summary>
    /// Whether GitLab shows the format's packages in the Infrastructure Registry
    /// (https://docs.gitlab.com/ee/user/packages/infrastructure_registry/): their <c>_links.web_path</c> is
    /// <c>/{full_path}/-/infrastructure_registry/{id}</c> instead of <c>/{full_path}/-/packages/{id}</c>.
    /// </summary>
    bool IsInfrastructure => false;

    /// <summary>Maps the protocol's routes at each level the format supports.</summary>
    void MapRoutes(PackageFormatRoutes routes);

    /// <summary>
    /// Whether duplicates are allowed where a top-level group stored no rule, for a format that honours GitLab's
    /// namespace package settings (<c>{type}_duplicates_allowed</c>, <c>{type}_duplicate_exception_regex</c>);
    /// null for a format without them (npm never accepts a duplicate).
    /// </summary>
    bool? DuplicatesAllowedByDefault => null;

    /// <summary>
    /// The error shape the format's client parses; the kit answers denials, over-limit and unreadable bodies in it.
    /// GitLab's <c>{"message": "..."}</c> unless the format says otherwise.
    /// </summary>
    ClientErrorShape Errors => ClientErrorShape.GitLab;

    /// <summary>
    /// The URL a client is configured with for one project's registry of this format (npm's <c>registry=</c>, NuGet's
    /// source, Maven's repository URL): printed by hosts at start and shown on project pages.
    /// </summary>
    /// <param name="registryBaseUrl">The host's base URL including any mount prefix, without a trailing slash.</param>
    /// <param name="project">The project's id or URL-encoded full path (<c>demo%2Fapp</c>).</param>
    string GetProjectRegistryUrl(string registryBaseUrl, string project) => $"{registryBaseUrl}/api/v4/projects/{project}/packages/{RouteSegment}";

    /// <summary>Install and registry set-up snippets for a package page.</summary>
    IReadOnlyList<PackageSnippet> GetSnippets(PackageSnippetContext context);
}
