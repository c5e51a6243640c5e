namespace Registry.Sample;

/// <summary>Registers the sample's first-start bootstrap.</summary>
internal static class SampleBootstrapServiceCollectionExtensions
{
    public static IServiceCollection AddSampleBootstrap(this IServiceCollection services)
    {
        services.AddOptions<BootstrapOptions>().BindConfiguration(BootstrapOptions.SectionName);
        services.AddHostedService<SampleBootstrap>();
        services.AddSampleSigningKey();
        return services;
    }
}
