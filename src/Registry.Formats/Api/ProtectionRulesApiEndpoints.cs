using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Registry.Core.Protection;
using Registry.Core.Security;
using Registry.Formats.Protocol;

namespace Registry.Formats.Api;

/// <summary>
/// GitLab's protected packages API (https://docs.gitlab.com/api/project_packages_protection_rules/,
/// lib/api/project_packages_protection_rules.rb): list, create, update and delete a project's package protection rules.
/// Maintainers and above manage them; <c>package_type</c> is any registered format's type, not only GitLab's few.
/// </summary>
internal static class ProtectionRulesApiEndpoints
{
    private const string Rules = "/api/v4/projects/{id}/packages/protection/rules";
    private const string PushLevel = "minimum_access_level_for_push";
    private const string DeleteLevel = "minimum_access_level_for_delete";

    public static void Map(IEndpointRouteBuilder root)
    {
        root.MapGetAndHead(Rules, ListAsync);
        root.MapPost(Rules, CreateAsync);
        root.MapPatch(Rules + "/{ruleId:long}", UpdateAsync);
        root.MapDelete(Rules + "/{ruleId:long}", DeleteAsync);
    }

    private static async Task<IResult> ListAsync(HttpContext context, string id)
    {
        if (!(await context.AuthorizeProjectOrDenyAsync(id, PackageAction.ManageSettings).ConfigureAwait(false)).Succeeded(out var project, out var denied))
        {
            return denied;
        }

        var rules = await Use(context).ListAsync(project, context.RequestAborted).ConfigureAwait(false);
        return GitLabJson.Result(rules.Select(Document).ToList());
    }

    private static async Task<IResult> CreateAsync(HttpContext context, string id)
    {
        if (!(await context.AuthorizeProjectOrDenyAsync(id, PackageAction.ManageSettings).ConfigureAwait(false)).Succeeded(out var project, out var denied))
        {
            return denied;
        }

        if (!(await ApiParameters.ReadAsync(context.Request).ConfigureAwait(false)).Succeeded(out var parameters, out var problem))
        {
            return problem;
        }

        foreach (var required in new[] { "package_name_pattern", "package_type" })
        {
            if (parameters.Value(required) is null)
            {
                return ApiProblems.Missing(required);
            }
        }

        var draft = new PackageProtectionRule { ProjectId = project.Project.Id, PackageNamePattern = string.Empty, PackageType = string.Empty };
        if (Apply(context, parameters, draft).Succeeded(out var rule, out problem))
        {
            var result = await Use(context).CreateAsync(project, rule, context.RequestAborted).ConfigureAwait(false);
            return Answer(result, StatusCodes.Status201Created);
        }

        return problem;
    }

    private static async Task<IResult> UpdateAsync(HttpContext context, string id, long ruleId)
    {
        if (!(await context.AuthorizeProjectOrDenyAsync(id, PackageAction.ManageSettings).ConfigureAwait(false)).Succeeded(out var project, out var denied))
        {
            return denied;
        }

        if (!(await ApiParameters.ReadAsync(context.Request).ConfigureAwait(false)).Succeeded(out var parameters, out var problem))
        {
            return problem;
        }

        var rules = Use(context);
        var existing = (await rules.ListAsync(project, context.RequestAborted).ConfigureAwait(false)).FirstOrDefault(r => r.Id == ruleId);
        if (existing is null)
        {
            return ApiProblems.NotFound("Package Protection Rule");
        }

        if (!Apply(context, parameters, existing).Succeeded(out var rule, out problem))
        {
            return problem;
        }

        var result = await rules.UpdateAsync(project, rule, context.RequestAborted).ConfigureAwait(false);
        return Answer(result, StatusCodes.Status200OK);
    }

    private static async Task<IResult> DeleteAsync(HttpContext context, string id, long ruleId)
    {
        if (!(await context.AuthorizeProjectOrDenyAsync(id, PackageAction.ManageSettings).ConfigureAwait(false)).Succeeded(out var project, out var denied))
        {
            return denied;
        }

        return await Use(context).DeleteAsync(project, ruleId, context.RequestAborted).ConfigureAwait(false)
            ? Results.NoContent()
            : ApiProblems.NotFound("Package Protection Rule");
    }

    private static PackageProtectionRules Use(HttpContext context) => context.RequestServices.GetRequiredService<PackageProtectionRules>();

    /// <summary>The rule with the request's parameters applied (Grape's <c>values:</c> checks answer 400); absent parameters keep their value.</summary>
    private static Attempt<PackageProtectionRule> Apply(HttpContext context, ApiParameters parameters, PackageProtectionRule rule)
    {
        if (parameters.Value("package_type") is { } type)
        {
            if (!context.RequestServices.GetServices<IPackageFormat>().Any(f => string.Equals(f.Type.Name, type, StringComparison.Ordinal)))
            {
                return Attempt<PackageProtectionRule>.Fail(ApiProblems.Invalid("package_type", "package_type does not have a valid value"));
            }

            rule = rule with { PackageType = type };
        }

        if (parameters.Has("package_name_pattern"))
        {
            rule = rule with { PackageNamePattern = parameters.Value("package_name_pattern") ?? string.Empty };
        }

        foreach (var (name, allowsMaintainer) in new[] { (PushLevel, true), (DeleteLevel, false) })
        {
            if (!parameters.Has(name))
            {
                continue;
            }

            ProtectionLevel? level = parameters.Value(name) switch
            {
                null or "null" => null,
                "maintainer" when allowsMaintainer => ProtectionLevel.Maintainer,
                "owner" => ProtectionLevel.Owner,
                "admin" => ProtectionLevel.Admin,
                _ => (ProtectionLevel)(-1),
            };
            if (level == (ProtectionLevel)(-1))
            {
                return Attempt<PackageProtectionRule>.Fail(ApiProblems.Invalid(name, $"{name} does not have a valid value"));
            }

            rule = name == PushLevel ? rule with { MinimumAccessLevelForPush = level } : rule with { MinimumAccessLevelForDelete = level };
        }

        return rule;
    }

    /// <summary>GitLab's answers: the rule, or 422 <c>{"message": {"error": [...]}}</c> for a failed validation.</summary>
    private static IResult Answer(ProtectionRuleWriteResult result, int successStatus) => result switch
    {
        { Outcome: ProtectionRuleWriteOutcome.Saved, Rule: { } saved } => GitLabJson.Result(Document(saved), statusCode: successStatus),
        { Outcome: ProtectionRuleWriteOutcome.NotFound } => ApiProblems.NotFound("Package Protection Rule"),
        _ => GitLabJson.Result(
            new { message = new { error = result.Errors ?? [] } },
            statusCode: StatusCodes.Status422UnprocessableEntity),
    };

    private static RuleDocument Document(PackageProtectionRule rule) => new(
        rule.Id,
        rule.ProjectId,
        rule.PackageNamePattern,
        rule.PackageType,
        Name(rule.MinimumAccessLevelForDelete),
        Name(rule.MinimumAccessLevelForPush));

    private static string? Name(ProtectionLevel? level) => level?.ToString().ToLowerInvariant();

    /// <summary>GitLab's entity (API::Entities::Projects::Packages::Protection::Rule).</summary>
    private sealed record RuleDocument(
        [property: JsonPropertyName("id")] long Id,
        [property: JsonPropertyName("project_id")] long ProjectId,
        [property: JsonPropertyName("package_name_pattern")] string PackageNamePattern,
        [property: JsonPropertyName("package_type")] string PackageType,
        [property: JsonPropertyName("minimum_access_level_for_delete")] string? MinimumAccessLevelForDelete,
        [property: JsonPropertyName("minimum_access_level_for_push")] string? MinimumAccessLevelForPush);
}
