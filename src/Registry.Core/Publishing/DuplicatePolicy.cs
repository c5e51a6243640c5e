using System.Collections.Concurrent;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Registry.Core.Directory;
using Registry.Core.Packages;
using Registry.Core.Storage;

namespace Registry.Core.Publishing;

/// <summary>
/// Decides whether a publish may duplicate an existing package, from the project's top-level group settings
/// (GitLab's <c>Namespace::PackageSetting.duplicates_allowed?</c>) or, where the group stored none, the format's default.
/// </summary>
/// <remarks>
/// The exception regex comes from users, so it is compiled with <see cref="RegexOptions.NonBacktracking"/> (linear
/// time, as GitLab's RE2) and matched with a timeout; it must match the whole name or the whole version.
/// </remarks>
public sealed partial class DuplicatePolicy(IPackageSettingsStore settings, ILogger<DuplicatePolicy>? logger = null)
{
    /// <summary>The longest exception regex accepted (GitLab's column limit).</summary>
    public const int MaxExceptionRegexLength = 255;

    private const int MaxCachedPatterns = 1024;
    // A safety net only: a non-backtracking match of at most 255 characters against a name is linear. 100 ms was hit on a
    // loaded two-core machine by the first match of a fresh pattern (its automaton is built lazily), silently turning
    // an exception the group configured into a refusal.
    private static readonly TimeSpan MatchTimeout = TimeSpan.FromSeconds(2);
    private static readonly ConcurrentDictionary<string, Regex> Compiled = new(StringComparer.Ordinal);
    private readonly ILogger _logger = (ILogger?)logger ?? NullLogger.Instance;

    /// <summary>Whether a duplicate of <paramref name="name"/> at <paramref name="version"/> may be published in <paramref name="project"/>.</summary>
    /// <param name="project">The project published to; its top-level group holds the settings.</param>
    /// <param name="type">The format.</param>
    /// <param name="name">The package name.</param>
    /// <param name="version">The package version.</param>
    /// <param name="allowedByDefault">The format's rule when the group stored none (its options).</param>
    /// <param name="cancellationToken">Cancels the settings lookup.</param>
    public async Task<bool> AllowsDuplicateAsync(Project project, PackageType type, string name, string version, bool allowedByDefault, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(project);
        ArgumentNullException.ThrowIfNull(type);
        var rootGroupId = project.AncestorGroupIds.Count > 0 ? project.AncestorGroupIds[^1] : project.GroupId;
        var stored = await settings.GetDuplicateSettingsAsync(rootGroupId, cancellationToken).ConfigureAwait(false);
        var rule = stored.TryGetValue(type.Name, out var found) ? found : new DuplicateSettings(allowedByDefault, null);
        return Decide(rule, name, version);
    }

    /// <summary>Applies a rule: the exception regex, when it matches the name or the version, inverts <see cref="DuplicateSettings.Allowed"/>.</summary>
    public bool Decide(DuplicateSettings rule, string name, string version)
    {
        ArgumentNullException.ThrowIfNull(rule);
        if (string.IsNullOrEmpty(rule.ExceptionRegex) || !TryCompile(rule.ExceptionRegex, out var regex, out _))
        {
            return rule.Allowed;
        }

        try
        {
            var isException = regex.IsMatch(name) || regex.IsMatch(version);
            return rule.Allowed != isException;
        }
        catch (RegexMatchTimeoutException)
        {
            // A pattern too costly to evaluate is treated as not matching: the group's main rule stands.
            LogRegexTimeout(_logger, rule.ExceptionRegex);
            return rule.Allowed;
        }
    }

    /// <summary>Checks a user's exception regex before it is stored; <paramref name="error"/> says what is wrong.</summary>
    public static bool IsValidExceptionRegex(string pattern, out string error)
    {
        ArgumentNullException.ThrowIfNull(pattern);
        if (pattern.Length > MaxExceptionRegexLength)
        {
            error = $"is too long (maximum is {MaxExceptionRegexLength} characters)";
            return false;
        }

        return TryCompile(pattern, out _, out error);
    }

    private static bool TryCompile(string pattern, out Regex regex, out string error)
    {
        error = string.Empty;
        if (Compiled.TryGetValue(pattern, out var cached))
        {
            regex = cached;
            return true;
        }

        try
        {
            // Anchoring around a group keeps each alternative whole: "a|b" must match all of "a" or all of "b".
            regex = new Regex($@"\A(?:{pattern})\z", RegexOptions.NonBacktracking | RegexOptions.CultureInvariant, MatchTimeout);
        }
        catch (Exception exception) when (exception is ArgumentException or NotSupportedException)
        {
            regex = Empty;
            error = "is an invalid regexp: " + exception.Message;
            return false;
        }

        if (Compiled.Count >= MaxCachedPatterns)
        {
            Compiled.Clear();
        }

        Compiled[pattern] = regex;
        return true;
    }

    private static readonly Regex Empty = new("(?!)", RegexOptions.None, MatchTimeout);

    [LoggerMessage(EventId = 40, Level = LogLevel.Warning, Message = "A duplicate exception regex timed out and was ignored: {Pattern}")]
    private static partial void LogRegexTimeout(ILogger logger, string pattern);
}
