using Registry.EndToEnd.Tests.Infrastructure;

namespace Registry.EndToEnd.Tests.Go;

/// <summary>The sample host over HTTPS: go sends credentials (from .netrc or the GOPROXY URL) over https only.</summary>
public sealed class GoHttpsHostProcess : SampleHostProcess
{
    public GoHttpsHostProcess() => Https = true;
}
