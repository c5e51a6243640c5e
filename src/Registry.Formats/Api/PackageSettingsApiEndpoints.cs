using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Registry.Core.Audit;
using Registry.Core.Directory;
using Registry.Core.Packages;
using Registry.Core.Publishing;
using Registry.Core.Storage;
using Registry.Formats.Protocol;

namespace Registry.Formats.Api;

/// <summary>
/// A top-level group's package settings (ours over REST; GitLab has them in GraphQL as <c>namespacePackageSettings</c>
/// and in the group's settings page): <c>{type}_duplicates_allowed</c> and <c>{type}_duplicate_exception_regex</c> for
/// every registered format that honours them. Owners and administrators change them; they apply to every project below.
/// </summary>
internal static class PackageSettingsApiEndpoints
{
    public static void Map(IEndpointRouteBuilder root)
    {
        root.MapGetAndHead("/api/v4/groups/{id}/packages/settings", GetAsync);
        root.MapPut("/api/v4/groups/{id}/packages/settings", UpdateAsync);
    }

    private static async Task<IResult> GetAsync(HttpContext context, string id)
    {
        if (!(await DirectoryCaller.SignedInAsync(context, write: false).ConfigureAwait(false)).Succeeded(out var caller, out var failure))
        {
            return failure;
        }

        if (!(await caller.FindVisibleGroupAsync(id).ConfigureAwait(false)).Succeeded(out var group, out failure))
        {
            return failure;
        }

        if (!await caller.CanManageGroupAsync(group.Id, AccessLevel.Maintainer).ConfigureAwait(false))
        {
            return ApiProblems.Forbidden();
        }

        return await DocumentAsync(context, group.Id).ConfigureAwait(false);
    }

    private static async Task<IResult> UpdateAsync(HttpContext context, string id)
    {
        if (!(await DirectoryWrite.ReadAsync(context).ConfigureAwait(false)).Succeeded(out var write, out var failure))
        {
            return failure;
        }

        var (caller, parameters) = write;

        if (!(await caller.FindVisibleGroupAsync(id).ConfigureAwait(false)).Succeeded(out var group, out failure))
        {
            return failure;
        }

        if (!await caller.CanManageGroupAsync(group.Id, AccessLevel.Owner).ConfigureAwait(false))
        {
            return ApiProblems.Forbidden();
        }

        if (group.ParentId is not null)
        {
            return ApiProblems.Invalid("id", "Package settings belong to top-level groups; change them on the top-level group");
        }

        var store = context.RequestServices.GetRequiredService<IPackageSettingsStore>();
        var stored = await store.GetDuplicateSettingsAsync(group.Id, context.RequestAborted).ConfigureAwait(false);
        var changes = new List<(string Type, DuplicateSettings Settings)>();
        foreach (var (type, allowedByDefault) in Configurable(context))
        {
            var current = stored.GetValueOrDefault(type) ?? new DuplicateSettings(allowedByDefault, null);
            if (!parameters.TryGet<bool>($"{type}_duplicates_allowed", ApiParameters.TryParseBoolean, out var allowed, out var problem))
            {
                return problem;
            }

            var regexName = $"{type}_duplicate_exception_regex";
            var regex = parameters.Values(regexName).Count > 0 ? parameters.Value(regexName) : current.ExceptionRegex;
            if (regex is not null && !DuplicatePolicy.IsValidExceptionRegex(regex, out var error))
            {
                return ApiProblems.Invalid(regexName, $"{regexName} {error}");
            }

            var next = new DuplicateSettings(parameters.Value($"{type}_duplicates_allowed") is null ? current.Allowed : allowed, regex);
            if (next != current)
            {
                changes.Add((type, next));
            }
        }

        var audit = context.RequestServices.GetRequiredService<RegistryAudit>();
        foreach (var (type, settings) in changes)
        {
            await store.SetDuplicateSettingsAsync(group.Id, type, settings, context.RequestAborted).ConfigureAwait(false);
            await audit.RecordAsync(RegistryAuditActions.PackageSettingsUpdated, caller.Principal, e => e with
            {
                GroupId = group.Id,
                PackageType = type,
                Details = $"duplicates_allowed={settings.Allowed} duplicate_exception_regex={settings.ExceptionRegex}",
            }).ConfigureAwait(false);
        }

        return await DocumentAsync(context, group.Id).ConfigureAwait(false);
    }

    private static async Task<IResult> DocumentAsync(HttpContext context, long groupId)
    {
        var store = context.RequestServices.GetRequiredService<IPackageSettingsStore>();
        var stored = await store.GetDuplicateSettingsAsync(groupId, context.RequestAborted).ConfigureAwait(false);
        var document = new SortedDictionary<string, object?>(StringComparer.Ordinal);
        foreach (var (type, allowedByDefault) in Configurable(context))
        {
            var settings = stored.GetValueOrDefault(type) ?? new DuplicateSettings(allowedByDefault, null);
            document[$"{type}_duplicates_allowed"] = settings.Allowed;
            document[$"{type}_duplicate_exception_regex"] = settings.ExceptionRegex ?? string.Empty;
        }

        return GitLabJson.Result(document);
    }

    private static IEnumerable<(string Type, bool AllowedByDefault)> Configurable(HttpContext context) =>
        context.RequestServices.GetServices<IPackageFormat>()
            .Where(static f => f.DuplicatesAllowedByDefault is not null)
            .Select(static f => (f.Type.Name, f.DuplicatesAllowedByDefault ?? false));
}
