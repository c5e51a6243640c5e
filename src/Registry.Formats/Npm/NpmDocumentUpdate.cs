using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Registry.Core.Deleting;
using Registry.Core.Packages;
using Registry.Core.Security;
using Registry.Core.Updating;
using Registry.Formats.Protocol;

namespace Registry.Formats.Npm;

/// <summary>
/// The PUT of a packument without attachments (https://github.com/npm/registry/blob/main/docs/REGISTRY-API.md#put-pkg):
/// how <c>npm deprecate</c>, <c>npm dist-tag</c> by document and the first step of <c>npm unpublish pkg@version</c> reach the registry.
/// </summary>
internal static class NpmDocumentUpdate
{
    private static readonly NpmErrorShape Errors = NpmErrorShape.Instance;

    /// <summary>
    /// A PUT without attachments: deprecation (<c>versions[v].deprecated</c>) and dist-tags as the document says.
    /// Through <c>/-rev/{rev}</c> (npm's one-version unpublish) versions missing from the document are deleted;
    /// otherwise a missing version is left alone.
    /// </summary>
    public static async Task<IResult> UpdateAsync(HttpContext context, AuthorizedProject project, JsonObject document, string name, bool isRevision)
    {
        if (document["versions"] is not JsonObject sent)
        {
            return Errors.BadRequest("versions is missing");
        }

        var versions = await NpmEndpoints.ListAsync(context, project, name).ConfigureAwait(false);
        if (versions.Count == 0)
        {
            return Errors.NotFound();
        }

        var removed = isRevision ? versions.Where(p => !sent.ContainsKey(p.Version)).ToList() : [];
        if (removed.Count > 0)
        {
            var deleting = await context.AuthorizeProjectAsync(NpmEndpoints.Id(context), PackageAction.Delete).ConfigureAwait(false);
            if (deleting.Project is not { } deleteProject)
            {
                return Errors.Denied(deleting.Decision);
            }

            var deleter = context.RequestServices.GetRequiredService<PackageDeleter>();
            foreach (var package in removed)
            {
                await deleter.DeletePackageAsync(deleteProject, package.Id, context.RequestAborted).ConfigureAwait(false);
            }
        }

        var remaining = versions.Except(removed).ToList();
        Dictionary<string, string>? wantedTags = null;
        if (document["dist-tags"] is JsonObject tagsNode)
        {
            wantedTags = [];
            foreach (var (tag, value) in tagsNode)
            {
                if (value?.GetValueKind() == JsonValueKind.String && (string?)value is { } version && remaining.Any(p => p.Version == version) && NpmParser.IsValidTag(tag))
                {
                    wantedTags[tag] = version;
                }
            }
        }

        // Deprecation and each tag move are transactions of Core's use cases; npm deprecate sends the tags back as they are.
        var messages = remaining.ToDictionary(
            p => p.Version,
            p => (sent[p.Version] as JsonObject)?["deprecated"] is JsonValue value && value.GetValueKind() == JsonValueKind.String ? value.GetValue<string>() : null);
        var deprecator = context.RequestServices.GetRequiredService<PackageDeprecator>();
        await deprecator.SetDeprecationAsync(project, NpmFormat.NpmType, name, messages, context.RequestAborted).ConfigureAwait(false);
        if (wantedTags is not null)
        {
            var tagger = context.RequestServices.GetRequiredService<PackageTagger>();
            foreach (var moved in wantedTags.GroupBy(t => t.Value, t => t.Key))
            {
                await tagger.MoveTagsAsync(project, NpmFormat.NpmType, name, moved.Key, [.. moved], context.RequestAborted).ConfigureAwait(false);
            }

            foreach (var dropped in remaining.SelectMany(p => p.Tags).Distinct().Where(t => !wantedTags.ContainsKey(t)).ToList())
            {
                await tagger.RemoveTagAsync(project, NpmFormat.NpmType, name, dropped, context.RequestAborted).ConfigureAwait(false);
            }
        }

        return Results.Json(new { ok = true, id = name });
    }
}
