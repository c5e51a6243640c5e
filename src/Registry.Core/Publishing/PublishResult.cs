using Registry.Core.Packages;

namespace Registry.Core.Publishing;

/// <summary>The result of <see cref="PackagePublisher.PublishAsync"/>.</summary>
/// <param name="Outcome">How it ended.</param>
/// <param name="Package">The package (on <see cref="PublishOutcome.Published"/> and <see cref="PublishOutcome.Duplicate"/>).</param>
/// <param name="File">The new file (on <see cref="PublishOutcome.Published"/>).</param>
/// <param name="Error">Why it was refused, in words a client can show.</param>
public sealed record PublishResult(PublishOutcome Outcome, Package? Package = null, PackageFile? File = null, string? Error = null);
