namespace Registry.Core.Usage;

/// <summary>A top-level group's effective limits and where they come from.</summary>
/// <param name="Limits">The limits publishes into the group's projects must stay within.</param>
/// <param name="IsOverride">True when an administrator set them for the group; false when they are the configured defaults.</param>
public sealed record GroupQuotaSetting(GroupQuota Limits, bool IsOverride);
