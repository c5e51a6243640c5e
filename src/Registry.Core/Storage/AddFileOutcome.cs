namespace Registry.Core.Storage;

/// <summary>How recording a file ended.</summary>
public enum AddFileOutcome
{
    /// <summary>Recorded.</summary>
    Added = 0,
    /// <summary>Refused by the duplicate rule; nothing was written.</summary>
    Duplicate = 1,
}
