namespace Registry.Formats;

/// <summary>An install or set-up snippet for a package page.</summary>
/// <param name="Title">What it does ("Install", "Registry setup", ...).</param>
/// <param name="Language">The snippet's language for highlighting (<c>shell</c>, <c>xml</c>, ...).</param>
/// <param name="Code">The text to copy.</param>
public sealed record PackageSnippet(string Title, string Language, string Code);
