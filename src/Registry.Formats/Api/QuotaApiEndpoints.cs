using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Registry.Core.Directory;
using Registry.Core.Usage;
using Registry.Formats.Protocol;

namespace Registry.Formats.Api;

/// <summary>
/// A top-level group's package quota (beyond GitLab): <c>max_bytes</c> and <c>max_packages</c>, the configured
/// defaults (<c>PackageRegistry:Quotas</c>) unless overridden here, with the group's current usage. Instance
/// administrators only. <c>PUT</c> sets the override (an absent limit keeps its value, <c>null</c> or an empty value
/// lifts it); <c>DELETE</c> returns the group to the defaults.
/// </summary>
internal static class QuotaApiEndpoints
{
    private const string Route = "/api/v4/groups/{id}/packages/quota";
    private const string MaxBytes = "max_bytes";
    private const string MaxPackages = "max_packages";

    public static void Map(IEndpointRouteBuilder root)
    {
        root.MapGetAndHead(Route, GetAsync);
        root.MapPut(Route, PutAsync);
        root.MapDelete(Route, DeleteAsync);
    }

    private static async Task<IResult> GetAsync(HttpContext context, string id)
    {
        if (!(await DirectoryCaller.SignedInAsync(context, write: false).ConfigureAwait(false)).Succeeded(out var caller, out var failure))
        {
            return failure;
        }

        if (!caller.IsAdmin)
        {
            return ApiProblems.Forbidden();
        }

        if (!(await TopLevelGroupAsync(caller, id).ConfigureAwait(false)).Succeeded(out var group, out failure))
        {
            return failure;
        }

        var setting = await Quotas(context).GetAsync(group.Id, context.RequestAborted).ConfigureAwait(false);
        return await DocumentAsync(context, caller, group, setting).ConfigureAwait(false);
    }

    private static async Task<IResult> PutAsync(HttpContext context, string id)
    {
        if (!(await DirectoryWrite.ReadAsync(context, adminOnly: true).ConfigureAwait(false)).Succeeded(out var write, out var failure))
        {
            return failure;
        }

        var (caller, parameters) = write;
        if (!(await TopLevelGroupAsync(caller, id).ConfigureAwait(false)).Succeeded(out var group, out failure))
        {
            return failure;
        }

        var quotas = Quotas(context);
        var current = (await quotas.GetAsync(group.Id, context.RequestAborted).ConfigureAwait(false)).Limits;
        if (!Limit(parameters, MaxBytes, current.MaxBytes).Succeeded(out var maxBytes, out failure)
            || !Limit(parameters, MaxPackages, current.MaxPackages).Succeeded(out var maxPackages, out failure))
        {
            return failure;
        }

        var setting = await quotas.SetAsync(caller.Principal, group, new GroupQuota(maxBytes.Value, maxPackages.Value), context.RequestAborted).ConfigureAwait(false);
        return await DocumentAsync(context, caller, group, setting).ConfigureAwait(false);
    }

    private static async Task<IResult> DeleteAsync(HttpContext context, string id)
    {
        if (!(await DirectoryCaller.AdminAsync(context).ConfigureAwait(false)).Succeeded(out var caller, out var failure))
        {
            return failure;
        }

        if (!(await TopLevelGroupAsync(caller, id).ConfigureAwait(false)).Succeeded(out var group, out failure))
        {
            return failure;
        }

        var setting = await Quotas(context).SetAsync(caller.Principal, group, null, context.RequestAborted).ConfigureAwait(false);
        return await DocumentAsync(context, caller, group, setting).ConfigureAwait(false);
    }

    private static PackageQuotas Quotas(HttpContext context) => context.RequestServices.GetRequiredService<PackageQuotas>();

    private static async Task<Attempt<Group>> TopLevelGroupAsync(DirectoryCaller caller, string id)
    {
        if (!(await caller.FindVisibleGroupAsync(id).ConfigureAwait(false)).Succeeded(out var group, out var failure))
        {
            return Attempt<Group>.Fail(failure);
        }

        return group.ParentId is null
            ? group
            : Attempt<Group>.Fail(ApiProblems.Invalid("id", "Package quotas belong to top-level groups; set them on the top-level group"));
    }

    /// <summary>A limit parameter: absent keeps <paramref name="current"/>, null or empty lifts it, otherwise a non-negative integer.</summary>
    private static Attempt<Box> Limit(ApiParameters parameters, string name, long? current)
    {
        if (!parameters.Has(name))
        {
            return new Box(current);
        }

        if (parameters.Value(name) is not { } text || text == "null")
        {
            return new Box(null);
        }

        return ApiParameters.TryParseId(text, out var value)
            ? new Box(value)
            : Attempt<Box>.Fail(ApiProblems.Invalid(name, $"{name} does not have a valid value"));
    }

    private static async Task<IResult> DocumentAsync(HttpContext context, DirectoryCaller caller, Group group, GroupQuotaSetting setting)
    {
        var projects = await caller.Reads.ListGroupProjectsAsync(group.Id, excludeSubgroups: false, context.RequestAborted).ConfigureAwait(false);
        var usage = await context.RequestServices.GetRequiredService<IPackageUsageStore>()
            .GetUsageAsync([.. projects.Select(static p => p.Id)], context.RequestAborted).ConfigureAwait(false);
        return GitLabJson.Result(new Dictionary<string, object?>(StringComparer.Ordinal)
        {
            ["group_id"] = group.Id,
            [MaxBytes] = setting.Limits.MaxBytes,
            [MaxPackages] = setting.Limits.MaxPackages,
            ["source"] = setting.IsOverride ? "group" : "default",
            ["used_bytes"] = usage.Bytes,
            ["used_packages"] = usage.Packages,
        });
    }

    /// <summary>A limit that may be null, so that an <see cref="Attempt{T}"/> can carry it.</summary>
    private sealed record Box(long? Value);
}
