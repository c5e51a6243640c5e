namespace Registry.Formats.Go;

/// <summary>A module zip that passed go's checks: the module and version its <c>module@version/</c> prefix names.</summary>
/// <param name="ModulePath">The module path, as go.mod declares it.</param>
/// <param name="Version">The canonical version.</param>
internal sealed record GoModuleZip(string ModulePath, string Version)
{
    /// <summary>The prefix every entry has.</summary>
    public string Prefix => $"{ModulePath}@{Version}/";

    /// <summary>The entry of the module's go.mod, served as the version's <c>.mod</c>.</summary>
    public string GoModEntry => Prefix + "go.mod";

    /// <summary>The name the zip is stored under in the package.</summary>
    public string FileName => Version + ".zip";
}
