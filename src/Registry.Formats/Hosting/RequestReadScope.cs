using Microsoft.AspNetCore.Http;
using Registry.Core.Storage;

namespace Registry.Formats.Hosting;

/// <summary>
/// The one <see cref="ReadScope"/> of a read request (<c>GET</c>, <c>HEAD</c>), shared by its authentication, which the
/// middleware runs before routing, and its endpoint: the stores check the database's revision once per request.
/// </summary>
internal static class RequestReadScope
{
    private static readonly object ItemKey = new();

    /// <summary>The request's scope; null for a request that may write, which must read through.</summary>
    public static ReadScope? ForReadOrNull(HttpContext context)
    {
        if (!HttpMethods.IsGet(context.Request.Method) && !HttpMethods.IsHead(context.Request.Method))
        {
            return null;
        }

        if (context.Items.TryGetValue(ItemKey, out var existing) && existing is ReadScope scope)
        {
            return scope;
        }

        scope = new ReadScope();
        context.Items[ItemKey] = scope;
        return scope;
    }
}
