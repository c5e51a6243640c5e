using System.Globalization;
using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Registry.Core.Cleanup;
using Registry.Core.Security;
using Registry.Formats.Protocol;

namespace Registry.Formats.Api;

/// <summary>
/// A project's package cleanup policy over REST (GitLab has it in GraphQL only, as <c>packagesCleanupPolicy</c> and
/// <c>updatePackagesCleanupPolicy</c>: https://docs.gitlab.com/api/graphql/reference/#packagescleanuppolicy):
/// <c>GET</c> for Reporters, <c>PUT</c> for Maintainers with GitLab's <c>keep_n_duplicated_package_files</c> and Gitea's
/// version rules (<see cref="CleanupPolicy"/> says how they combine), and <c>POST .../run</c> (Maintainers) to run it now
/// and answer what it deleted, or with <c>?dry_run=true</c> what it would delete.
/// </summary>
internal static class CleanupPolicyApiEndpoints
{
    private const string Policy = "/api/v4/projects/{id}/packages/cleanup_policy";
    private const string DuplicatedFiles = "keep_n_duplicated_package_files";
    private const string KeepVersions = "keep_n_versions";
    private const string OlderThanDays = "remove_older_than_days";
    private const string KeepRegex = "keep_version_regex";
    private const string RemoveRegex = "remove_version_regex";

    public static void Map(IEndpointRouteBuilder root)
    {
        root.MapGetAndHead(Policy, GetAsync);
        root.MapPut(Policy, UpdateAsync);
        root.MapPost(Policy + "/run", RunAsync);
    }

    private static async Task<IResult> GetAsync(HttpContext context, string id)
    {
        if (!(await context.AuthorizeProjectOrDenyAsync(id, PackageAction.View).ConfigureAwait(false)).Succeeded(out var project, out var denied))
        {
            return denied;
        }

        if (!CleanupPolicies.MayRead(project))
        {
            return ApiProblems.Forbidden();
        }

        var policy = await Policies(context).GetAsync(project, context.RequestAborted).ConfigureAwait(false);
        return GitLabJson.Result(Document(policy));
    }

    private static async Task<IResult> UpdateAsync(HttpContext context, string id)
    {
        if (!(await context.AuthorizeProjectOrDenyAsync(id, PackageAction.ManageSettings).ConfigureAwait(false)).Succeeded(out var project, out var denied))
        {
            return denied;
        }

        if (!(await ApiParameters.ReadAsync(context.Request).ConfigureAwait(false)).Succeeded(out var parameters, out var problem))
        {
            return problem;
        }

        var policies = Policies(context);
        var current = await policies.GetAsync(project, context.RequestAborted).ConfigureAwait(false);
        if (!Apply(parameters, current).Succeeded(out var changed, out problem))
        {
            return problem;
        }

        var errors = await policies.SaveAsync(project, changed, context.RequestAborted).ConfigureAwait(false);
        if (errors.Count > 0)
        {
            return ApiProblems.Invalid(errors[0].Split(' ', 2)[0], string.Join("; ", errors));
        }

        return GitLabJson.Result(Document(await policies.GetAsync(project, context.RequestAborted).ConfigureAwait(false)));
    }

    private static async Task<IResult> RunAsync(HttpContext context, string id)
    {
        if (!(await context.AuthorizeProjectOrDenyAsync(id, PackageAction.ManageSettings).ConfigureAwait(false)).Succeeded(out var project, out var denied))
        {
            return denied;
        }

        if (!(await ApiParameters.ReadAsync(context.Request).ConfigureAwait(false)).Succeeded(out var parameters, out var problem))
        {
            return problem;
        }

        if (!parameters.TryGet<bool>("dry_run", ApiParameters.TryParseBoolean, out var dryRun, out problem))
        {
            return problem;
        }

        var report = await context.RequestServices.GetRequiredService<PackageCleaner>().RunAsync(project, dryRun, context.RequestAborted).ConfigureAwait(false);
        return GitLabJson.Result(new ReportDocument(
            report.DryRun,
            report.PackageCount,
            report.Versions.Count,
            report.FileCount,
            report.BytesFreed,
            [.. report.Versions.Select(v => new VersionDocument(v.Package.Id, v.Package.Name, v.Package.Version, v.Package.Type, v.FileCount, v.Size))],
            [.. report.Files.Select(f => new FileDocument(f.File.Id, f.Package.Id, f.Package.Name, f.Package.Version, f.File.FileName, f.File.Size))]));
    }

    private static CleanupPolicies Policies(HttpContext context) => context.RequestServices.GetRequiredService<CleanupPolicies>();

    /// <summary>The policy with the request's parameters applied; absent parameters keep their value, empty or null ones clear it.</summary>
    private static Attempt<CleanupPolicy> Apply(ApiParameters parameters, CleanupPolicy policy)
    {
        if (parameters.Has(DuplicatedFiles))
        {
            var value = parameters.Value(DuplicatedFiles);
            if (value is null or "all")
            {
                policy = policy with { KeepNDuplicatedPackageFiles = null };
            }
            else if (int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var files) && CleanupPolicy.DuplicatedFileCounts.Contains(files))
            {
                policy = policy with { KeepNDuplicatedPackageFiles = files };
            }
            else
            {
                return Attempt<CleanupPolicy>.Fail(ApiProblems.Invalid(DuplicatedFiles, $"{DuplicatedFiles} does not have a valid value"));
            }
        }

        foreach (var name in new[] { KeepVersions, OlderThanDays })
        {
            if (!parameters.Has(name))
            {
                continue;
            }

            int? number = null;
            if (parameters.Value(name) is { } text)
            {
                if (!int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var parsed))
                {
                    return Attempt<CleanupPolicy>.Fail(ApiProblems.Invalid(name, $"{name} is invalid"));
                }

                number = parsed;
            }

            policy = name == KeepVersions ? policy with { KeepNVersions = number } : policy with { RemoveOlderThanDays = number };
        }

        if (parameters.Has(KeepRegex))
        {
            policy = policy with { KeepVersionPattern = parameters.Value(KeepRegex) };
        }

        if (parameters.Has(RemoveRegex))
        {
            policy = policy with { RemoveVersionPattern = parameters.Value(RemoveRegex) };
        }

        return policy;
    }

    private static PolicyDocument Document(CleanupPolicy policy) => new(
        policy.ProjectId,
        policy.KeepNDuplicatedPackageFiles?.ToString(CultureInfo.InvariantCulture) ?? "all",
        policy.KeepNVersions,
        policy.RemoveOlderThanDays,
        policy.KeepVersionPattern,
        policy.RemoveVersionPattern,
        policy.NextRunAt);

    private sealed record PolicyDocument(
        [property: JsonPropertyName("project_id")] long ProjectId,
        [property: JsonPropertyName(DuplicatedFiles)] string KeepNDuplicatedPackageFiles,
        [property: JsonPropertyName(KeepVersions)] int? KeepNVersions,
        [property: JsonPropertyName(OlderThanDays)] int? RemoveOlderThanDays,
        [property: JsonPropertyName(KeepRegex)] string? KeepVersionRegex,
        [property: JsonPropertyName(RemoveRegex)] string? RemoveVersionRegex,
        [property: JsonPropertyName("next_run_at")] DateTimeOffset? NextRunAt);

    private sealed record ReportDocument(
        [property: JsonPropertyName("dry_run")] bool DryRun,
        [property: JsonPropertyName("packages_count")] int PackagesCount,
        [property: JsonPropertyName("versions_count")] int VersionsCount,
        [property: JsonPropertyName("files_count")] int FilesCount,
        [property: JsonPropertyName("bytes_freed")] long BytesFreed,
        [property: JsonPropertyName("versions")] IReadOnlyList<VersionDocument> Versions,
        [property: JsonPropertyName("package_files")] IReadOnlyList<FileDocument> PackageFiles);

    private sealed record VersionDocument(
        [property: JsonPropertyName("id")] long Id,
        [property: JsonPropertyName("name")] string Name,
        [property: JsonPropertyName("version")] string Version,
        [property: JsonPropertyName("package_type")] string PackageType,
        [property: JsonPropertyName("files_count")] int FilesCount,
        [property: JsonPropertyName("size")] long Size);

    private sealed record FileDocument(
        [property: JsonPropertyName("id")] long Id,
        [property: JsonPropertyName("package_id")] long PackageId,
        [property: JsonPropertyName("package_name")] string PackageName,
        [property: JsonPropertyName("package_version")] string PackageVersion,
        [property: JsonPropertyName("file_name")] string FileName,
        [property: JsonPropertyName("size")] long Size);
}
