using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Registry.Core.Security;
using Registry.Core.Storage;
using Registry.Formats.Protocol;

namespace Registry.Formats.Npm;

/// <summary>
/// <c>npm dist-tag add</c> and <c>npm dist-tag rm</c> (https://docs.gitlab.com/ee/api/packages/npm.html#dist-tags), on the
/// project the route's locator finds, and the tag moves a publish makes.
/// </summary>
internal static class NpmDistTags
{
    private const int MaxSmallBodyBytes = 64 * 1024;
    private static readonly NpmErrorShape Errors = NpmErrorShape.Instance;

    public static async Task<IResult> AddTagAsync(HttpContext context, NpmEndpoints.Locator locate, string name, string tag)
    {
        tag = Uri.UnescapeDataString(tag);
        if (!NpmParser.IsValidName(name) || !NpmParser.IsValidTag(tag))
        {
            return Errors.BadRequest("package name or tag is invalid");
        }

        if (!(await locate(context, name, PackageAction.Publish).ConfigureAwait(false)).Succeeded(out var project, out var denied))
        {
            return denied;
        }

        if (!(await RequestBody.ReadSmallAsync(context, MaxSmallBodyBytes).ConfigureAwait(false)).Succeeded(out var body, out var failure))
        {
            return failure;
        }

        string? version;
        try
        {
            version = JsonSerializer.Deserialize<string>(body);
        }
        catch (JsonException)
        {
            version = null;
        }

        if (version is null || !NpmParser.IsValidVersion(version))
        {
            return Errors.BadRequest("the body must be a JSON string naming a version");
        }

        return await MoveTagsAsync(context, project, name, version, [tag]).ConfigureAwait(false)
            ? Results.Json(new { ok = true })
            : Errors.Render(StatusCodes.Status404NotFound, $"version {version} not found");
    }

    public static async Task<IResult> RemoveTagAsync(HttpContext context, NpmEndpoints.Locator locate, string name, string tag)
    {
        tag = Uri.UnescapeDataString(tag);
        if (!NpmParser.IsValidName(name))
        {
            return Errors.BadRequest("package name is invalid");
        }

        if (!(await locate(context, name, PackageAction.Publish).ConfigureAwait(false)).Succeeded(out var project, out var denied))
        {
            return denied;
        }

        var store = context.RequestServices.GetRequiredService<IPackageStore>();
        var now = context.RequestServices.GetRequiredService<TimeProvider>().GetUtcNow();
        var found = false;
        foreach (var package in await NpmEndpoints.ListAsync(context, project, name).ConfigureAwait(false))
        {
            if (package.Tags.Contains(tag))
            {
                found = true;
                await store.UpdatePackageAsync(package.Id, package.Status, package.Tags.Where(t => t != tag).ToList(), package.Metadata, now, context.RequestAborted).ConfigureAwait(false);
            }
        }

        return found ? Results.Json(new { ok = true }) : Errors.Render(StatusCodes.Status404NotFound, $"dist-tag {tag} not found");
    }

    /// <summary>Points <paramref name="tags"/> at one version: removes them from the versions that carry them, adds them to it.</summary>
    public static async Task<bool> MoveTagsAsync(HttpContext context, AuthorizedProject project, string name, string version, IReadOnlyList<string> tags)
    {
        var store = context.RequestServices.GetRequiredService<IPackageStore>();
        var now = context.RequestServices.GetRequiredService<TimeProvider>().GetUtcNow();
        var versions = await NpmEndpoints.ListAsync(context, project, name).ConfigureAwait(false);
        var target = versions.FirstOrDefault(p => p.Version == version);
        if (target is null)
        {
            return false;
        }

        foreach (var package in versions.Where(p => p.Id != target.Id && p.Tags.Any(tags.Contains)))
        {
            await store.UpdatePackageAsync(package.Id, package.Status, package.Tags.Except(tags).ToList(), package.Metadata, now, context.RequestAborted).ConfigureAwait(false);
        }

        var wanted = target.Tags.Union(tags).Order(StringComparer.Ordinal).ToList();
        if (!wanted.SequenceEqual(target.Tags))
        {
            await store.UpdatePackageAsync(target.Id, target.Status, wanted, target.Metadata, now, context.RequestAborted).ConfigureAwait(false);
        }

        return true;
    }
}
