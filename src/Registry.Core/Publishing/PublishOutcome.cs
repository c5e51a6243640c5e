namespace Registry.Core.Publishing;

/// <summary>How a publish ended.</summary>
public enum PublishOutcome
{
    /// <summary>Stored and recorded.</summary>
    Published = 0,
    /// <summary>The body was larger than the format allows; nothing was kept.</summary>
    TooLarge = 1,
    /// <summary>The body was empty; nothing was kept.</summary>
    Empty = 2,
    /// <summary>The format's inspector refused the content; nothing was kept.</summary>
    Invalid = 3,
    /// <summary>The duplicate rule refused it.</summary>
    Duplicate = 4,
}
