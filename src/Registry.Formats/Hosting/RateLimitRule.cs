namespace Registry.Formats.Hosting;

/// <summary>One limit of <see cref="RateLimitOptions"/>: so many requests per fixed window, per caller.</summary>
public sealed class RateLimitRule
{
    /// <summary>The requests a caller may make in one window (<c>PermitLimit</c>).</summary>
    public int PermitLimit { get; set; }

    /// <summary>The window (<c>Window</c>, for example <c>00:01:00</c>); the count starts over at its end.</summary>
    public TimeSpan Window { get; set; }
}
