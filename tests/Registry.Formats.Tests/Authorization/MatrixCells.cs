using System.Text;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Registry.Core.Directory;
using Registry.Core.Packages;
using Registry.Core.Storage;
using Registry.Formats.Generic;

namespace Registry.Formats.Tests.Authorization;

/// <summary>Makes one matrix call over HTTP and checks its answer, and what it left behind, against the expectation.</summary>
internal static class MatrixCells
{
    public static async Task AssertCellAsync(AuthorizationMatrixHost host, bool instanceEnabled, string targetKey, string callerName, MatrixAction action, int expected)
    {
        var target = AuthorizationMatrix.Target(targetKey);
        var caller = AuthorizationMatrix.Caller(callerName);
        var (status, because) = AuthorizationMatrix.Expected(target, caller, action, instanceEnabled);
        status.Should().Be(expected, "the case data and the table agree");

        var project = host.Project(targetKey);
        // Only an upload looks at the stored files: enumerating the blob store is the slowest step of a cell.
        var filesBefore = action == MatrixAction.Publish ? host.Host.StoredFiles() : [];

        // A deletion that may succeed gets a package of its own, so the seeded one stays for the other cells.
        var packageId = action == MatrixAction.Delete && instanceEnabled && target.Level != PackageRegistryAccessLevel.Disabled
            ? await host.PublishAsAdminAsync(project, $"del-{callerName}", "to be deleted")
            : host.SeededPackageId(targetKey);

        // Both hosts share the data, so each names its uploads apart.
        var published = $"pub-{(instanceEnabled ? "on" : "off")}-{callerName}";
        using var request = Request(action, $"/api/v4/projects/{project.Id}/packages", packageId, published);
        if (caller.Header is { } header && host.Token(callerName, targetKey) is { } token)
        {
            request.Headers.TryAddWithoutValidation(header, token);
        }

        using var response = await host.Client(instanceEnabled).SendAsync(request);
        var body = await response.Content.ReadAsStringAsync();

        ((int)response.StatusCode).Should().Be(expected, "spec: {0}; body: {1}", because, body);
        if (expected == 401)
        {
            response.Headers.WwwAuthenticate.Should().NotBeEmpty("a 401 tells the client to retry with credentials");
        }

        var store = host.Host.Services.GetRequiredService<IPackageStore>();
        switch (action)
        {
            case MatrixAction.List when expected == 200:
                JsonDocument.Parse(body).RootElement.EnumerateArray().Select(p => p.GetProperty("id").GetInt64())
                    .Should().Equal(host.SeededPackageId(targetKey));
                break;
            case MatrixAction.Get when expected == 200:
                var document = JsonDocument.Parse(body).RootElement;
                document.GetProperty("id").GetInt64().Should().Be(packageId);
                var mayDelete = AuthorizationMatrix.Expected(target, caller, MatrixAction.Delete, instanceEnabled).Status == 204;
                document.GetProperty("_links").TryGetProperty("delete_api_path", out _)
                    .Should().Be(mayDelete, "_links.delete_api_path shows only to callers who may delete");
                break;
            case MatrixAction.Download when expected == 200:
                body.Should().Be(AuthorizationMatrixHost.SeededContent(targetKey));
                break;
            case MatrixAction.Publish:
                var package = await store.FindPackageOrNullAsync(PackageCoordinate.Create(project.Id, GenericFormat.GenericType, published, "1.0.0"), CancellationToken.None);
                (package is not null).Should().Be(expected == 201, "a package exists exactly when the upload was accepted");
                if (expected != 201)
                {
                    host.Host.StoredFiles().Except(filesBefore).Should().BeEmpty("a refused upload leaves no blob or temporary file");
                }

                break;
            case MatrixAction.Delete:
                var left = await store.FindPackageByIdOrNullAsync(project.Id, packageId, CancellationToken.None);
                (left is null).Should().Be(expected == 204, "the package is gone (pending destruction) exactly when the deletion was accepted");
                break;
        }
    }

    private static HttpRequestMessage Request(MatrixAction action, string packages, long packageId, string publishedName)
    {
        var seededFile = $"{packages}/generic/{AuthorizationMatrixHost.SeededName}/{AuthorizationMatrixHost.SeededVersion}/{AuthorizationMatrixHost.SeededFile}";
        return action switch
        {
            MatrixAction.List => new HttpRequestMessage(HttpMethod.Get, $"{packages}?package_name={AuthorizationMatrixHost.SeededName}"),
            MatrixAction.Get => new HttpRequestMessage(HttpMethod.Get, $"{packages}/{packageId}"),
            MatrixAction.Download => new HttpRequestMessage(HttpMethod.Get, seededFile),
            MatrixAction.Publish => new HttpRequestMessage(HttpMethod.Put, $"{packages}/generic/{publishedName}/1.0.0/file.txt")
            {
                Content = new ByteArrayContent(Encoding.UTF8.GetBytes("published")),
            },
            MatrixAction.Delete => new HttpRequestMessage(HttpMethod.Delete, $"{packages}/{packageId}"),
            _ => throw new ArgumentOutOfRangeException(nameof(action)),
        };
    }

    /// <summary>Lists the parent group's seeded packages as the caller: status, then exactly the projects it may view.</summary>
    public static async Task AssertGroupListingAsync(AuthorizationMatrixHost host, bool instanceEnabled, string callerName, int expected, string visible)
    {
        var caller = AuthorizationMatrix.Caller(callerName);
        var (status, expectedProjects) = AuthorizationMatrix.ExpectedGroupListing(caller, instanceEnabled);
        status.Should().Be(expected, "the case data and the table agree");
        string.Join(",", expectedProjects).Should().Be(visible, "the case data and the table agree");

        using var request = new HttpRequestMessage(HttpMethod.Get, $"/api/v4/groups/{AuthorizationMatrixHost.ParentGroup}/packages?package_name={AuthorizationMatrixHost.SeededName}&per_page=100");
        if (caller.Header is { } header && host.Token(callerName, AuthorizationMatrix.GroupListingTokenOf) is { } token)
        {
            request.Headers.TryAddWithoutValidation(header, token);
        }

        using var response = await host.Client(instanceEnabled).SendAsync(request);
        var body = await response.Content.ReadAsStringAsync();

        ((int)response.StatusCode).Should().Be(expected, body);
        if (expected == 200)
        {
            var byId = AuthorizationMatrix.Targets.ToDictionary(t => host.Project(t.Key).Id, t => t.Key);
            JsonDocument.Parse(body).RootElement.EnumerateArray()
                .Select(p => byId[p.GetProperty("project_id").GetInt64()])
                .Should().BeEquivalentTo(expectedProjects, "a group listing shows only the projects the caller may view through a group endpoint");
        }
    }
}
