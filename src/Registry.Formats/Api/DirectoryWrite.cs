using Microsoft.AspNetCore.Http;
using Registry.Formats.Protocol;

namespace Registry.Formats.Api;

/// <summary>A write to the directory API: the authenticated caller (a user with the <c>api</c> scope) and the request's parameters.</summary>
internal sealed record DirectoryWrite(DirectoryCaller Caller, ApiParameters Parameters)
{
    public static async Task<Attempt<DirectoryWrite>> ReadAsync(HttpContext context, bool adminOnly = false)
    {
        var authenticated = adminOnly
            ? await DirectoryCaller.AdminAsync(context).ConfigureAwait(false)
            : await DirectoryCaller.SignedInAsync(context, write: true).ConfigureAwait(false);
        if (!authenticated.Succeeded(out var caller, out var failure))
        {
            return Attempt<DirectoryWrite>.Fail(failure);
        }

        return (await ApiParameters.ReadAsync(context.Request).ConfigureAwait(false)).Succeeded(out var parameters, out failure)
            ? new DirectoryWrite(caller, parameters)
            : Attempt<DirectoryWrite>.Fail(failure);
    }
}
