using Registry.Core.Packages;

namespace Registry.Core.Updating;

/// <summary>The result of a package update (tags, listing, deprecation), from the store or its use case.</summary>
/// <param name="Outcome">How it ended.</param>
/// <param name="Changed">The versions the update rewrote, as committed; empty unless <see cref="PackageUpdateOutcome.Updated"/>.</param>
public sealed record PackageUpdateResult(PackageUpdateOutcome Outcome, IReadOnlyList<Package> Changed)
{
    /// <summary>The answer when the target does not exist.</summary>
    public static PackageUpdateResult NotFound { get; } = new(PackageUpdateOutcome.NotFound, []);

    /// <summary>The answer when nothing needed to change.</summary>
    public static PackageUpdateResult Unchanged { get; } = new(PackageUpdateOutcome.Unchanged, []);

    /// <summary>Whether the target existed (the update applied, or was already in place).</summary>
    public bool Found => Outcome != PackageUpdateOutcome.NotFound;

    /// <summary><see cref="PackageUpdateOutcome.Updated"/> with <paramref name="changed"/>, or <see cref="Unchanged"/> when it is empty.</summary>
    public static PackageUpdateResult Of(IReadOnlyList<Package> changed)
    {
        ArgumentNullException.ThrowIfNull(changed);
        return changed.Count == 0 ? Unchanged : new(PackageUpdateOutcome.Updated, changed);
    }
}
