namespace Registry.Formats.Terraform;

/// <summary>A module's coordinates, valid by GitLab's rules; the package is named <c>{name}/{system}</c> as on GitLab.</summary>
internal sealed record TerraformModule(string Name, string System, string Version)
{
    public string PackageName => $"{Name}/{System}";

    /// <summary>GitLab's file name for the archive: <c>{name}-{system}-{version}.tgz</c>.</summary>
    public string FileName => $"{Name}-{System}-{Version}.tgz";
}
