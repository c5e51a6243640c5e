namespace Registry.Core.Packages;

/// <summary>
/// A top-level group's rule for duplicate packages of one format (GitLab's namespace package settings,
/// <c>{format}_duplicates_allowed</c> and <c>{format}_duplicate_exception_regex</c>):
/// https://docs.gitlab.com/ee/user/packages/package_registry/supported_functionality.html#deploying-packages
/// </summary>
/// <param name="Allowed">Whether a duplicate is accepted.</param>
/// <param name="ExceptionRegex">
/// Names or versions that invert <paramref name="Allowed"/>: accepted although duplicates are off, refused although
/// they are on. It must match the whole name or version. Null or empty for none.
/// </param>
public sealed record DuplicateSettings(bool Allowed, string? ExceptionRegex);
