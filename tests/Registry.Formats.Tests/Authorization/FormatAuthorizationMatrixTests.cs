namespace Registry.Formats.Tests.Authorization;

/// <summary>The matrix's host, whose projects also hold one package of every <see cref="MatrixFormats"/> format.</summary>
public sealed class FormatMatrixHost : AuthorizationMatrixHost
{
    protected override IReadOnlyList<MatrixFormat> SeededFormats => MatrixFormats.All;
}

/// <summary>
/// The npm, NuGet, PyPI, Maven and Helm routes (read, publish, delete) at the project, group and instance level, with the
/// projects and callers of the generic matrix (<see cref="AuthorizationMatrixTests"/>); expectations come from
/// <see cref="FormatMatrix"/>. A host of its own keeps the generic cells' blob store small.
/// </summary>
public sealed class FormatAuthorizationMatrixTests(FormatMatrixHost host) : IClassFixture<FormatMatrixHost>
{
    public static TheoryData<bool, string, string, string, int> Cells() => FormatMatrix.Cells();

    [Theory]
    [MemberData(nameof(Cells))]
    public Task Cell(bool instanceEnabled, string route, string project, string caller, int expected) =>
        FormatMatrixCells.AssertCellAsync(host, instanceEnabled, route, project, caller, expected);

    [Fact]
    public void The_matrix_covers_every_route_project_and_caller_with_the_registry_on_and_every_route_and_caller_with_it_off()
    {
        var perInstanceState = MatrixFormats.Routes.Count * AuthorizationMatrix.Callers.Count;
        Cells().Should().HaveCount((perInstanceState * AuthorizationMatrix.Targets.Count) + perInstanceState - FormatMatrix.LeftOutCount());
        FormatMatrix.LeftOutCount().Should().Be(0, "every cell runs: the instance routes with the registry off and Maven's anonymous challenge now follow GitLab's rule");
        MatrixFormats.Routes.Select(r => r.Key).Should().OnlyHaveUniqueItems();
        MatrixFormats.Routes.Select(r => (r.Format, r.Level)).Distinct().Should().HaveCount(16, "npm and Maven at three levels, NuGet, PyPI, Composer and Terraform (through its namespace) at two, Go and Helm at the project level");
    }
}
