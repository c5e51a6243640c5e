using System.Security.Cryptography;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Registry.Core.Packages;
using Registry.Core.Publishing;
using Registry.Core.Security;
using Registry.Core.Storage;
using Registry.Formats.Protocol;

namespace Registry.Formats.Helm;

/// <summary>
/// ChartMuseum's upload at GitLab's <c>POST /api/v4/projects/{id}/packages/helm/api/{channel}/charts</c>: the chart
/// streams to the blob store while its digests are computed, then its <c>Chart.yaml</c> names the package version and
/// the rest of the form (a <c>prov</c> part) is read, all before anything is committed; a refused chart leaves nothing.
/// GitLab answers 201 <c>{"message":"201 Created"}</c>, and accepts a version again (the channel then serves the newest).
/// </summary>
internal static partial class HelmUploads
{
    private static readonly ClientErrorShape Errors = ClientErrorShape.GitLab;

    public static async Task<IResult> UploadAsync(HttpContext context, string id, string channel)
    {
        if (!HelmNames.IsChannel(channel))
        {
            return Errors.BadRequest("channel is invalid");
        }

        if (!(await context.AuthorizeProjectOrDenyAsync(id, PackageAction.Publish).ConfigureAwait(false)).Succeeded(out var project, out var denied))
        {
            return denied;
        }

        // A body announced larger than a chart, its provenance and the form around them is refused unread; otherwise the
        // chart's limit is enforced while it streams, and the rest of the form is read under bounds of its own.
        var options = context.RequestServices.GetRequiredService<IOptionsSnapshot<HelmOptions>>().Value;
        if (RequestBody.RefuseOrLiftLimit(context, options.MaxFileSizeBytes + options.MaxProvenanceBytes + HelmUploadForm.MaxFormOverheadBytes) is { } tooLarge)
        {
            return tooLarge;
        }

        return await MultipartForm.GuardAsync(context, async () =>
        {
            var (form, formError) = await HelmUploadForm.ReadUntilChartAsync(context.Request, options.Limits, options.MaxProvenanceBytes, context.RequestAborted).ConfigureAwait(false);
            return form is null
                ? Errors.BadRequest(formError ?? "the upload form is invalid")
                : await PublishAsync(context, project, channel, options, form).ConfigureAwait(false);
        }).ConfigureAwait(false);
    }

    private static async Task<IResult> PublishAsync(HttpContext context, AuthorizedProject project, string channel, HelmOptions options, HelmUploadForm form)
    {
        var publisher = context.RequestServices.GetRequiredService<PackagePublisher>();
        HelmChart? chart = null;
        using var content = new DigestingStream(form.Chart);
        var result = await publisher.PublishAsync(project, new PublishRequest
        {
            Type = HelmFormat.HelmType,
            // Placeholders until the chart's Chart.yaml names the version, as GitLab's temporary package does.
            Name = "helm-chart",
            Version = "0.0.0",
            FileName = "package.tgz",
            MaxBytes = options.MaxFileSizeBytes,
            Duplicates = DuplicateRule.Allow,
            Inspect = async (written, cancellationToken) =>
            {
                if (!HelmParser.Parse(written, options).Succeeded(out var parsed, out var error))
                {
                    return ContentInspection.Refused(error.Message);
                }

                var fileName = HelmNames.ChartFileName(parsed.Name, parsed.Version);
                if (UploadedName(form.ChartFileName) is { Length: > 0 } uploaded && uploaded != fileName)
                {
                    return ContentInspection.Refused($"the file name {uploaded} does not match Chart.yaml, which names {fileName}");
                }

                if (await form.ReadRestAsync(options.MaxProvenanceBytes, cancellationToken).ConfigureAwait(false) is { } formError)
                {
                    return ContentInspection.Refused(formError);
                }

                chart = parsed;
                var entry = new HelmChannelEntry(content.Sha256, parsed, form.Provenance is { } prov ? Convert.ToHexStringLower(SHA256.HashData(prov)) : null);
                return new ContentInspection
                {
                    Name = parsed.Name,
                    Version = parsed.Version,
                    FileName = fileName,
                    // Merged in the transaction that records the chart: another upload of this version to another
                    // channel at the same instant keeps its entry.
                    MergeMetadata = stored => HelmPackageMetadata.FromJsonOrEmpty(stored).WithChannel(channel, entry).ToJson(),
                };
            },
        }, content, context.RequestAborted).ConfigureAwait(false);

        switch (result.Outcome)
        {
            case PublishOutcome.Published when chart is not null:
                if (form.Provenance is { } provenance)
                {
                    await PublishProvenanceAsync(context, publisher, project, chart, provenance).ConfigureAwait(false);
                }

                return Errors.Render(StatusCodes.Status201Created, "201 Created");
            case PublishOutcome.TooLarge:
                return Errors.TooLarge(options.MaxFileSizeBytes);
            default:
                return Errors.BadRequest(result.Error ?? "the chart is invalid");
        }
    }

    /// <summary>
    /// Keeps the provenance file beside the chart, as <c>{name}-{version}.tgz.prov</c>, the URL <c>helm pull --verify</c>
    /// fetches. It is written after the chart: if it fails, the chart is still served, without its provenance.
    /// </summary>
    private static async Task PublishProvenanceAsync(HttpContext context, PackagePublisher publisher, AuthorizedProject project, HelmChart chart, byte[] provenance)
    {
        using var bytes = new MemoryStream(provenance, writable: false);
        var stored = await publisher.PublishAsync(project, new PublishRequest
        {
            Type = HelmFormat.HelmType,
            Name = chart.Name,
            Version = chart.Version,
            FileName = HelmNames.ChartFileName(chart.Name, chart.Version) + HelmEndpoints.ProvenanceSuffix,
            MaxBytes = provenance.Length,
            Duplicates = DuplicateRule.Allow,
        }, bytes, context.RequestAborted).ConfigureAwait(false);
        if (stored.Outcome != PublishOutcome.Published)
        {
            LogProvenanceNotStored(context.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(HelmUploads)), chart.Name, chart.Version, stored.Error);
        }
    }

    /// <summary>The base name of the uploaded file (cm-push sends its temporary path), or empty.</summary>
    private static string UploadedName(string fileName) => fileName[(fileName.LastIndexOfAny(['/', '\\']) + 1)..];

    [LoggerMessage(Level = LogLevel.Warning, Message = "The provenance file of Helm chart {ChartName} {ChartVersion} was not stored: {Error}")]
    private static partial void LogProvenanceNotStored(ILogger logger, string chartName, string chartVersion, string? error);
}
