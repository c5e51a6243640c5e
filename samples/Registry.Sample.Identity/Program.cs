using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.Extensions.Configuration.Memory;
using Registry.Sample.Identity;

// A host whose users sign in with the company's identity provider (OpenID Connect / JWT bearer): they reach the
// registry's API and package clients with the IdP's access token, and registry tokens keep working beside it.
var builder = WebApplication.CreateBuilder(args);

// Defaults below every other source (appsettings, environment, command line), so the sample needs no appsettings.json
// of its own (its output shares a folder with the main sample's in the tests).
builder.Configuration.Sources.Insert(0, new MemoryConfigurationSource { InitialData = SampleDefaults.Settings });

var identity = builder.Configuration.GetSection(IdentityProviderOptions.SectionName).Get<IdentityProviderOptions>() ?? new IdentityProviderOptions();
builder.Services.AddAuthentication()
    .AddJwtBearer(JwtBearerDefaults.AuthenticationScheme, jwt => identity.Configure(jwt));

builder.Services.AddPackageRegistry()
    .UseLocalStorage()
    .UseEmbeddedDirectory()
    .BootstrapOnStart()
    // Bearer tokens are never sent by a browser on its own, so SSO users may publish and delete too.
    .UseHostIdentity([JwtBearerDefaults.AuthenticationScheme], options => options.AllowWrites = true)
    .AddGeneric()
    .AddNpm();

var app = builder.Build();
app.MapGet("/", () => Results.Text("Registry SDK identity sample: sign in with your identity provider's JWT. See README.md.\n"));
if (identity.DemoSigningKey is not null)
{
    // A stand-in for the company's identity provider, so the sample runs without one: never in a real deployment.
    app.MapPost("/demo-idp/token", (HttpRequest request) => DemoIdentityProvider.IssueAsync(request, identity));
}

app.MapPackageRegistry();
app.Run();

/// <summary>The identity sample's entry point, visible to tests.</summary>
public partial class Program;
