namespace Registry.Formats.PyPI;

/// <summary>What a distribution's file name is: a wheel or a source distribution.</summary>
internal enum PyPIDistributionKind
{
    Wheel = 0,
    SourceZip = 1,
    SourceTarGz = 2,
}
