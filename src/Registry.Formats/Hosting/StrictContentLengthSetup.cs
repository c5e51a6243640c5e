using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;

namespace Registry.Formats.Hosting;

/// <summary>
/// Makes Kestrel refuse a <c>Content-Length</c> that is not all digits (400, before any middleware runs), through its
/// public <see cref="KestrelServerOptions.RequestHeaderEncodingSelector"/>: a custom encoding for that header makes Kestrel
/// decode the value and parse the decoded text, and <see cref="ContentLengthDigitsEncoding"/> decodes anything but a
/// digit to a character no number contains. The check cannot be made later: Kestrel keeps only the parsed number, so
/// middleware sees <c>+5</c> as <c>5</c>. Other headers keep the host's selector.
/// </summary>
internal sealed class StrictContentLengthSetup : IConfigureOptions<KestrelServerOptions>
{
    public void Configure(KestrelServerOptions options)
    {
        var previous = options.RequestHeaderEncodingSelector;
        options.RequestHeaderEncodingSelector = name =>
            string.Equals(name, HeaderNames.ContentLength, StringComparison.OrdinalIgnoreCase) ? ContentLengthDigitsEncoding.Instance : previous(name);
    }
}
