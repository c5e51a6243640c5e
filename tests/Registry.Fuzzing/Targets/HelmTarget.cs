using Registry.Formats.Helm;

namespace Registry.Fuzzing.Targets;

/// <summary>A Helm chart .tgz (one top folder, Chart.yaml under its size) and Chart.yaml itself (YAML, Helm's rules); refusals are values.</summary>
internal static class HelmTarget
{
    public static void Run(byte[] input)
    {
        if (FuzzInputs.IsGzip(input))
        {
            var options = new HelmOptions { MaxUncompressedBytes = FuzzInputs.MaxUncompressedBytes, Limits = FuzzInputs.Limits() };
            _ = HelmParser.Parse(FuzzInputs.Stream(input), options);
            return;
        }

        _ = HelmChartYaml.Read(FuzzInputs.Text(input));
    }
}
