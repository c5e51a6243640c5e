using Registry.Core.Directory;
using Registry.Core.Security;

namespace Registry.Formats.Tests.Authorization;

/// <summary>Makes one format route call over HTTP and checks its answer, and what it left behind, against the expectation.</summary>
internal static class FormatMatrixCells
{
    public static async Task AssertCellAsync(AuthorizationMatrixHost host, bool instanceEnabled, string routeKey, string targetKey, string callerName, int expected)
    {
        var route = MatrixFormats.Route(routeKey);
        var format = MatrixFormats.Format(route.Format);
        var target = AuthorizationMatrix.Target(targetKey);
        var caller = AuthorizationMatrix.Caller(callerName);
        var (status, because) = FormatMatrix.Expected(route, target, caller, instanceEnabled);
        status.Should().Be(expected, "the case data and the table agree");

        var project = host.Project(targetKey);
        var admin = host.Client(instanceEnabled: true);
        var accepted = expected == route.SuccessStatus;

        // Both hosts share the data, so each names its packages apart; a name per route, caller and project keeps the
        // cells independent of order (a format may have several publish or delete routes), also where a name may live in
        // one project of the group only (Composer, Terraform).
        var fresh = $"{(route.Permission == PackageAction.Delete ? "del" : "pub")}-{route.Name}-{(instanceEnabled ? "on" : "off")}-{callerName.Replace('_', '-')}-p{project.Id}";

        // Where the admin may publish (and list), a deletion gets a package of its own, so the seeded one stays for the other cells.
        var adminSees = instanceEnabled && target.Level != PackageRegistryAccessLevel.Disabled;
        if (route.Permission == PackageAction.Delete && adminSees)
        {
            await format.PublishAsAdminAsync(admin, project, fresh);
        }

        var seeded = MatrixFormats.SeededName(targetKey);
        using var request = route.Request(new MatrixRequestContext(project.Id, seeded, fresh, host.SeedFact(route.Format, targetKey)));
        if (caller.Header is { } header && host.Token(callerName, targetKey) is { } token)
        {
            MatrixFormat.Authenticate(request, route.Credential, header, token);
        }

        using var response = await host.Client(instanceEnabled).SendAsync(request);
        var body = await response.Content.ReadAsStringAsync();

        ((int)response.StatusCode).Should().Be(expected, "{0} {1}: spec: {2}; body: {3}", request.Method, request.RequestUri, because, body);
        if (expected == 401)
        {
            response.Headers.WwwAuthenticate.Should().NotBeEmpty("a 401 tells the client to retry with credentials");
        }

        switch (route.Permission)
        {
            case PackageAction.View when accepted:
                body.Should().Contain(seeded, "the document describes the seeded package");
                break;
            case PackageAction.Pull when accepted:
                response.Content.Headers.ContentLength.Should().BePositive("the seeded file is sent");
                break;
            case PackageAction.Publish:
                if (adminSees)
                {
                    (await format.IsListedAsync(admin, project.Id, fresh)).Should().Be(accepted, "a package exists exactly when the upload was accepted");
                }

                // That a refused upload leaves no blob behind is checked by the generic cells (the same publisher; enumerating the
                // blob store costs tens of milliseconds once every format has seeded it, too much for every cell here).
                break;
            case PackageAction.Delete when adminSees:
                (await format.IsListedAsync(admin, project.Id, fresh)).Should().Be(!accepted, "the package is gone (or unlisted) exactly when the deletion was accepted");
                break;
        }
    }
}
