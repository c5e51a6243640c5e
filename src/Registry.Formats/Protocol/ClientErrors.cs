using Microsoft.AspNetCore.Http;

namespace Registry.Formats.Protocol;

/// <summary>Finds the error shape of the format whose route a request reached.</summary>
public static class ClientErrors
{
    /// <summary>
    /// The shape of the format that mapped the request's endpoint (<c>MapPackageRegistry</c> puts each format's
    /// <see cref="IPackageFormat.Errors"/> on its routes); GitLab's for any other endpoint.
    /// </summary>
    public static ClientErrorShape Of(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return context.GetEndpoint()?.Metadata.GetMetadata<ClientErrorShape>() ?? ClientErrorShape.GitLab;
    }
}
