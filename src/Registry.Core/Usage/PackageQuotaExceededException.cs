namespace Registry.Core.Usage;

/// <summary>
/// A publish that would take its top-level group over a quota. Thrown by the publish use case (and by the store inside
/// the transaction that records the file, which it rolls back), so every format refuses alike without handling it: the
/// HTTP layer answers it with a 413 in the client's error shape, carrying <see cref="Exception.Message"/>.
/// </summary>
public sealed class PackageQuotaExceededException : Exception
{
    /// <summary>The words every refusal starts with (GitLab.com's storage limit wording).</summary>
    public const string Prefix = "Storage quota exceeded";

    /// <summary>Creates the exception for a refused publish.</summary>
    public PackageQuotaExceededException()
        : base(Prefix)
    {
    }

    /// <summary>Creates the exception with a message (use <see cref="ForBytes"/> or <see cref="ForPackages"/>).</summary>
    public PackageQuotaExceededException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and its cause.</summary>
    public PackageQuotaExceededException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>The refusal of a file that would take the group's bytes over <paramref name="maxBytes"/>.</summary>
    public static PackageQuotaExceededException ForBytes(long usedBytes, long fileBytes, long maxBytes) =>
        new($"{Prefix}: the group's packages use {usedBytes} of {maxBytes} bytes and this file has {fileBytes}");

    /// <summary>The refusal of a new package version that would take the group over <paramref name="maxPackages"/>.</summary>
    public static PackageQuotaExceededException ForPackages(long maxPackages) =>
        new($"{Prefix}: the group holds its limit of {maxPackages} packages");
}
