using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Registry.Formats.Protocol;
using Registry.Sample;

var builder = WebApplication.CreateBuilder(args);

builder.Services.AddPackageRegistry()
    .UseConfiguredStorage(builder.Configuration)
    .UseEmbeddedDirectory()
    .BootstrapOnStart()
    .AddGeneric()
    .AddNpm()
    .AddNuGet()
    .AddMaven()
    .AddPyPI()
    .AddGo()
    .AddComposer()
    .AddTerraform()
    .AddHelm()
    .UseDataPathSigningKey();

var app = builder.Build();
if (StorageMigrateCommand.Matches(args))
{
    return await StorageMigrateCommand.RunAsync(app.Services);
}

StartupBanner.PrintWhenStarted(app);
app.MapGetAndHead("/", () => Results.Text("Registry SDK sample host. Package API under /api/v4/; see README.md.\n"));
app.MapPackageRegistry();
app.MapPackageRegistryPages();

// Liveness runs no check (the process answers); readiness and /health ask the metadata and blob stores.
app.MapHealthChecks("/health");
app.MapHealthChecks("/health/live", new HealthCheckOptions { Predicate = _ => false });
app.MapHealthChecks("/health/ready", new HealthCheckOptions { Predicate = check => check.Tags.Contains(RegistryHttpServiceCollectionExtensions.ReadyTag) });
app.Run();
return 0;

/// <summary>The sample host's entry point, visible to WebApplicationFactory in tests.</summary>
public partial class Program;
