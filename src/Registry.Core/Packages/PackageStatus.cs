namespace Registry.Core.Packages;

/// <summary>A package's lifecycle state, with GitLab's names (<c>status</c> in the packages API).</summary>
public enum PackageStatus
{
    /// <summary>Visible and installable.</summary>
    Default = 0,
    /// <summary>Installable but left out of listings (<c>?status=hidden</c> on a generic upload).</summary>
    Hidden = 1,
    /// <summary>Being processed after upload.</summary>
    Processing = 2,
    /// <summary>Processing failed.</summary>
    Error = 3,
    /// <summary>Deleted: invisible and not installable; its blobs are collected in the background.</summary>
    PendingDestruction = 4,
    /// <summary>Deprecated by its publisher; still installable.</summary>
    Deprecated = 5,
}
