using Registry.Core.Security;

namespace Registry.Core.Protection;

/// <summary>
/// A publish or delete that a package protection rule refuses to the caller. The use cases throw it rather than
/// return an outcome so that every format, present and future, refuses alike without handling it: the HTTP layer
/// answers it with a 403 in the client's error shape, carrying GitLab's words (<see cref="Exception.Message"/>).
/// </summary>
public sealed class PackageProtectedException : Exception
{
    /// <summary>GitLab's message for a refused push (app/services/packages/*/create_package_service.rb).</summary>
    public const string PushMessage = "Package protected.";

    /// <summary>GitLab's message for a refused delete (lib/api/project_packages.rb).</summary>
    public const string DeleteMessage = "Package is deletion protected.";

    /// <summary>Creates the exception for <paramref name="action"/> (<see cref="PackageAction.Publish"/> or <see cref="PackageAction.Delete"/>).</summary>
    public PackageProtectedException(PackageAction action)
        : base(action == PackageAction.Delete ? DeleteMessage : PushMessage)
    {
        Action = action;
    }

    /// <summary>Creates the exception for a refused push.</summary>
    public PackageProtectedException()
        : this(PackageAction.Publish)
    {
    }

    /// <summary>Creates the exception for a refused push with another message.</summary>
    public PackageProtectedException(string message)
        : base(message)
    {
        Action = PackageAction.Publish;
    }

    /// <summary>Creates the exception for a refused push with another message and its cause.</summary>
    public PackageProtectedException(string message, Exception innerException)
        : base(message, innerException)
    {
        Action = PackageAction.Publish;
    }

    /// <summary>The refused action.</summary>
    public PackageAction Action { get; }
}
