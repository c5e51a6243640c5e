using System.Security.Cryptography;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Registry.Core.Locating;
using Registry.Core.Packages;
using Registry.Core.Publishing;
using Registry.Core.Security;
using Registry.Core.Storage;
using Registry.Formats.Protocol;

namespace Registry.Formats.Composer;

/// <summary>
/// Uploads of package archives (what <c>composer archive --format=zip</c> writes): GitLab builds them from a git tag,
/// the SDK holds no repository and takes the zip instead, as a raw body (<c>PUT .../packages/composer?version=1.2.3</c>)
/// or as GitLab's form (<c>POST .../packages/composer</c> with <c>tag</c>, <c>branch</c> or <c>version</c> and the file).
/// The name comes from the archive's composer.json. As GitLab documents, the same version published again with other
/// bytes replaces the listed archive, and with the same bytes is refused with 400.
/// </summary>
internal static class ComposerPublishing
{
    private static readonly ClientErrorShape Errors = ClientErrorShape.GitLab;

    public static async Task<IResult> PutAsync(HttpContext context, string id, string? version, string? tag, string? branch)
    {
        if (!(await StartAsync(context, id).ConfigureAwait(false)).Succeeded(out var upload, out var refused))
        {
            return refused;
        }

        var (project, options) = upload;
        var (named, invalid) = ComposerUploadVersion.Resolve(version, tag, branch);
        if (invalid is not null)
        {
            return Errors.BadRequest(invalid);
        }

        try
        {
            return await PublishAsync(context, project, options, named, context.Request.Body).ConfigureAwait(false);
        }
        catch (BadHttpRequestException ex)
        {
            return Errors.UnreadableBody(ex);
        }
    }

    public static async Task<IResult> PostAsync(HttpContext context, string id)
    {
        if (!(await StartAsync(context, id).ConfigureAwait(false)).Succeeded(out var upload, out var refused))
        {
            return refused;
        }

        var (project, options) = upload;
        return await MultipartForm.GuardAsync(context, async () =>
        {
            var (form, formError) = await StreamedUploadForm.ReadAsync(
                context.Request,
                options.Limits,
                static (name, isFile) => isFile || name is "file" or "package",
                "the form has no file part (the package zip)",
                context.RequestAborted).ConfigureAwait(false);
            if (form is null)
            {
                return Errors.BadRequest(formError ?? "the upload form is invalid");
            }

            var (named, invalid) = ComposerUploadVersion.Resolve(form["version"], form["tag"], form["branch"]);
            return invalid is not null
                ? Errors.BadRequest(invalid)
                : await PublishAsync(context, project, options, named, form.Content).ConfigureAwait(false);
        }).ConfigureAwait(false);
    }

    /// <summary>Authorizes the upload and refuses a body announced over the limit, before anything is read.</summary>
    private static async Task<Attempt<Upload>> StartAsync(HttpContext context, string id)
    {
        if (!(await context.AuthorizeProjectOrDenyAsync(id, PackageAction.Publish).ConfigureAwait(false)).Succeeded(out var project, out var denied))
        {
            return Attempt<Upload>.Fail(denied);
        }

        var options = context.RequestServices.GetRequiredService<IOptionsSnapshot<ComposerOptions>>().Value;
        return RequestBody.RefuseOrLiftLimit(context, options.MaxFileSizeBytes) is { } tooLarge
            ? Attempt<Upload>.Fail(tooLarge)
            : new Upload(project, options);
    }

    private static async Task<IResult> PublishAsync(HttpContext context, AuthorizedProject project, ComposerOptions options, string? named, Stream content)
    {
        var publisher = context.RequestServices.GetRequiredService<PackagePublisher>();
        var store = context.RequestServices.GetRequiredService<IPackageStore>();
        var locator = context.RequestServices.GetRequiredService<PackageLocator>();
        var result = await publisher.PublishAsync(project, new PublishRequest
        {
            Type = ComposerFormat.ComposerType,
            // Both come from the archive (the inspector below); nothing is stored under these.
            Name = string.Empty,
            Version = named ?? string.Empty,
            FileName = string.Empty,
            MaxBytes = options.MaxFileSizeBytes,
            Duplicates = DuplicateRule.Allow,
            Inspect = (written, cancellationToken) => InspectAsync(store, locator, project, options, named, written, cancellationToken),
        }, content, context.RequestAborted).ConfigureAwait(false);

        return result.Outcome switch
        {
            PublishOutcome.Published => Errors.Render(StatusCodes.Status201Created, "201 Created"),
            PublishOutcome.TooLarge => Errors.Render(StatusCodes.Status413PayloadTooLarge, "413 Request Entity Too Large - " + result.Error),
            _ => Errors.BadRequest(result.Error ?? "the package is invalid"),
        };
    }

    /// <summary>Reads the stored copy: its SHA-1, its composer.json, the version, and whether it repeats the version's current archive.</summary>
    private static async Task<ContentInspection> InspectAsync(IPackageStore store, PackageLocator locator, AuthorizedProject project, ComposerOptions options, string? named, Stream written, CancellationToken cancellationToken)
    {
        var (sha1, parsed) = await SeekableContent.ReadAsync(written, seekable =>
        {
            // Composer's dist.shasum is SHA-1 by protocol: an integrity check against the listed archive, not a signature.
#pragma warning disable CA5350
            var hash = Convert.ToHexStringLower(SHA1.HashData(seekable));
#pragma warning restore CA5350
            seekable.Position = 0;
            return (hash, ComposerParser.Parse(seekable, options));
        }, cancellationToken).ConfigureAwait(false);
        if (!parsed.Succeeded(out var manifest, out var error))
        {
            return ContentInspection.Refused(error.Message);
        }

        var (version, versionError) = ComposerUploadVersion.Decide(named, manifest);
        if (version is null)
        {
            return ContentInspection.Refused(versionError ?? "the version is invalid");
        }

        // GitLab's Packages::Composer::Package#valid_composer_global_name: a name belongs to the project that published it
        // first, since the group's p2 file lists one project's versions of a name. GitLab checks the whole instance; the
        // SDK checks the top-level group, the widest scope any document of this registry merges.
        if (await locator.IsNameInAnotherProjectOfTopLevelGroupAsync(project.Project, ComposerFormat.ComposerType, manifest.Name, cancellationToken).ConfigureAwait(false))
        {
            return ContentInspection.Refused("Validation failed: Name is already taken by another project");
        }

        var existing = await store.FindPackageOrNullAsync(PackageCoordinate.Create(project.Project.Id, ComposerFormat.ComposerType, manifest.Name, version), cancellationToken).ConfigureAwait(false);
        if (existing is not null)
        {
            var files = await store.ListFilesAsync(existing.Id, cancellationToken).ConfigureAwait(false);
            if (files.Count > 0 && files[^1].Sha1 == sha1)
            {
                return ContentInspection.Refused($"Validation failed: {manifest.Name} {existing.Version} was published with the same archive already");
            }
        }

        return new ContentInspection
        {
            Name = manifest.Name,
            Version = version,
            FileName = $"{manifest.Name.Replace('/', '-')}-{version.Replace('/', '-')}.zip",
            Metadata = manifest.Json.ToJsonString(),
        };
    }

    private sealed record Upload(AuthorizedProject Project, ComposerOptions Options);
}
