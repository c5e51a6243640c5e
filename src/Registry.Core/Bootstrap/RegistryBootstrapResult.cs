using Registry.Core.Directory;

namespace Registry.Core.Bootstrap;

/// <summary>What <see cref="RegistryBootstrapper.BootstrapAsync"/> found or created.</summary>
/// <param name="Admin">The administrator.</param>
/// <param name="Group">The bootstrap group, when one was asked for.</param>
/// <param name="Project">The bootstrap project, when one was asked for.</param>
/// <param name="GeneratedToken">A token generated for the administrator by this call (shown once), or null.</param>
public sealed record RegistryBootstrapResult(User Admin, Group? Group, Project? Project, IssuedToken? GeneratedToken);
