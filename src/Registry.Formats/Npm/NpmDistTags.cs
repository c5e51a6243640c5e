using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Registry.Core.Security;
using Registry.Core.Updating;
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

        var tagger = context.RequestServices.GetRequiredService<PackageTagger>();
        var found = (await tagger.RemoveTagAsync(project, NpmFormat.NpmType, name, tag, context.RequestAborted).ConfigureAwait(false)).Found;
        return found ? Results.Json(new { ok = true }) : Errors.Render(StatusCodes.Status404NotFound, $"dist-tag {tag} not found");
    }

    /// <summary>
    /// Points <paramref name="tags"/> at one version and takes them off every other, in one transaction (Core's
    /// <see cref="PackageTagger"/>), so concurrent moves of a tag leave it on exactly one version; false when the version is unknown.
    /// </summary>
    public static async Task<bool> MoveTagsAsync(HttpContext context, AuthorizedProject project, string name, string version, IReadOnlyList<string> tags)
    {
        var tagger = context.RequestServices.GetRequiredService<PackageTagger>();
        return (await tagger.MoveTagsAsync(project, NpmFormat.NpmType, name, version, tags, context.RequestAborted).ConfigureAwait(false)).Found;
    }
}
