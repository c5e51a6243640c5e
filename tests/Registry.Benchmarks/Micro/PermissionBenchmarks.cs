using BenchmarkDotNet.Attributes;
using Microsoft.AspNetCore.Http;
using Registry.Core.Directory;
using Registry.Core.Security;
using Registry.Formats.Hosting;
using Registry.Storage.Relational;

namespace Registry.Benchmarks.Micro;

/// <summary>What every request pays before it touches a package: finding the token, hashing it, and the permission decision.</summary>
[MemoryDiagnoser]
public class PermissionBenchmarks
{
    private static readonly Project PrivateProject = new()
    {
        Id = 7,
        GroupId = 3,
        AncestorGroupIds = [3, 1],
        Name = "app",
        Path = "app",
        FullPath = "demo/app",
        Visibility = ProjectVisibility.Private,
    };

    private static readonly ProjectAccessFacts MemberFacts = new() { Project = PrivateProject, Role = AccessLevel.Developer };
    private static readonly ProjectAccessFacts PublicFacts = new() { Project = PrivateProject with { Visibility = ProjectVisibility.Public } };
    private static readonly RegistryPrincipal Member = new() { Kind = PrincipalKind.User, UserId = 5, Scopes = TokenScopes.ReadPackageRegistry };
    private readonly DefaultHttpContext _context = new();

    [GlobalSetup]
    public void Setup() => _context.Request.Headers["PRIVATE-TOKEN"] = "glpat-0123456789abcdefghij";

    [Benchmark]
    public PermissionDecision MemberPullsPrivate() => PermissionEvaluator.Evaluate(Member, MemberFacts, PackageAction.Pull);

    [Benchmark]
    public PermissionDecision AnonymousPullsPublic() => PermissionEvaluator.Evaluate(RegistryPrincipal.Anonymous, PublicFacts, PackageAction.Pull);

    [Benchmark]
    public PermissionDecision MemberPublishes() => PermissionEvaluator.Evaluate(Member, MemberFacts, PackageAction.Publish);

    [Benchmark]
    public string? ReadToken() => CredentialReader.FindTokenOrNull(_context.Request);

    [Benchmark]
    public string HashToken() => TokenSecrets.ToStored(TokenSecrets.Hash("glpat-0123456789abcdefghij"));
}
