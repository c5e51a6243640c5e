using Registry.Formats.Tests.Infrastructure;

namespace Registry.Formats.Tests.Npm;

/// <summary>The sample host (which registers npm) on a temporary data directory with a known admin token.</summary>
public sealed class NpmHostFactory(IDictionary<string, string?>? settings = null) : SampleHostFactory(settings);
