using Registry.Core.Packages;

namespace Registry.Core.Storage;

/// <summary>The result of <see cref="IPackageStore.TryAddFileAsync"/>.</summary>
/// <param name="Outcome">Added or refused.</param>
/// <param name="Package">The package (existing one on <see cref="AddFileOutcome.Duplicate"/>).</param>
/// <param name="File">The new file; null on <see cref="AddFileOutcome.Duplicate"/>.</param>
public sealed record AddFileResult(AddFileOutcome Outcome, Package Package, PackageFile? File);
