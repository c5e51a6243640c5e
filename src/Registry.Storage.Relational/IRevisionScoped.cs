namespace Registry.Storage.Relational;

/// <summary>
/// A <see cref="RevisionCache"/> key that names the <see cref="RevisionScope"/> its value depends on; a key that does
/// not is in <see cref="RevisionScope.Directory"/>.
/// </summary>
internal interface IRevisionScoped
{
    /// <summary>The part of the data the cached value was read from.</summary>
    RevisionScope Scope { get; }
}
