using System.Text.Encodings.Web;
using System.Text.Json;

namespace Registry.Formats.Pages;

/// <summary>
/// The HTML every page starts as: no package data (the browser asks the packages API for that, with the visitor's
/// credentials, so a page shows exactly what the API allows), only which view to render and where the registry is.
/// </summary>
internal static class PageShell
{
    private static readonly Lazy<string> Template = new(PageAssets.ShellTemplate);

    /// <param name="basePath">The path base and mount prefix (no trailing slash): where <c>/api/v4</c> and the pages are.</param>
    /// <param name="page">The page.</param>
    /// <param name="types">The registered formats' package types.</param>
    /// <param name="infrastructureTypes">Those the Infrastructure Registry lists.</param>
    public static string Render(string basePath, PagePath page, IReadOnlyList<string> types, IReadOnlyList<string> infrastructureTypes)
    {
        var encoder = HtmlEncoder.Default;
        var registry = page.Infrastructure ? "Infrastructure Registry" : "Package Registry";
        return Template.Value
            .Replace("{{title}}", encoder.Encode($"{registry} · {page.FullPath}"), StringComparison.Ordinal)
            .Replace("{{assets}}", encoder.Encode(basePath + PagesEndpoints.AssetsPath), StringComparison.Ordinal)
            .Replace("{{base}}", encoder.Encode(basePath), StringComparison.Ordinal)
            .Replace("{{view}}", encoder.Encode(ViewName(page.Kind)), StringComparison.Ordinal)
            .Replace("{{fullPath}}", encoder.Encode(page.FullPath), StringComparison.Ordinal)
            .Replace("{{packageId}}", page.PackageId?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? string.Empty, StringComparison.Ordinal)
            .Replace("{{infrastructure}}", page.Infrastructure ? "true" : "false", StringComparison.Ordinal)
            .Replace("{{types}}", encoder.Encode(JsonSerializer.Serialize(types)), StringComparison.Ordinal)
            .Replace("{{infrastructureTypes}}", encoder.Encode(JsonSerializer.Serialize(infrastructureTypes)), StringComparison.Ordinal);
    }

    private static string ViewName(PageKind kind) => kind switch
    {
        PageKind.ProjectPackages or PageKind.ProjectInfrastructure => "project-list",
        PageKind.GroupPackages or PageKind.GroupInfrastructure => "group-list",
        _ => "package",
    };
}
