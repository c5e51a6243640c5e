using System.Net.Http.Headers;
using System.Text;
using Microsoft.AspNetCore.Http;

namespace Registry.Formats.Hosting;

/// <summary>
/// Finds the token in a request, whichever convention the client uses: GitLab's <c>PRIVATE-TOKEN</c>,
/// <c>DEPLOY-TOKEN</c> and <c>JOB-TOKEN</c> headers, <c>Authorization: Bearer</c> (npm), <c>Basic</c> with the token as
/// password (pip, twine, Maven, NuGet reads), <c>X-NuGet-ApiKey</c> (NuGet pushes) and a bare
/// <c>Authorization: &lt;token&gt;</c> (cargo, gem).
/// </summary>
internal static class CredentialReader
{
    private static readonly string[] TokenHeaders = ["PRIVATE-TOKEN", "DEPLOY-TOKEN", "JOB-TOKEN", "X-NuGet-ApiKey"];

    public static string? FindTokenOrNull(HttpRequest request)
    {
        foreach (var header in TokenHeaders)
        {
            if (request.Headers.TryGetValue(header, out var value) && !string.IsNullOrWhiteSpace(value))
            {
                return value.ToString().Trim();
            }
        }

        var authorization = request.Headers.Authorization.ToString();
        if (string.IsNullOrWhiteSpace(authorization))
        {
            return null;
        }

        if (!AuthenticationHeaderValue.TryParse(authorization, out var parsed) || parsed.Parameter is null)
        {
            return authorization.Trim();
        }

        if (parsed.Scheme.Equals("Bearer", StringComparison.OrdinalIgnoreCase)
            || parsed.Scheme.Equals("token", StringComparison.OrdinalIgnoreCase))
        {
            return parsed.Parameter;
        }

        if (parsed.Scheme.Equals("Basic", StringComparison.OrdinalIgnoreCase))
        {
            return PasswordOf(parsed.Parameter);
        }

        return null;
    }

    private static string? PasswordOf(string basicParameter)
    {
        var bytes = new byte[basicParameter.Length];
        if (!Convert.TryFromBase64String(basicParameter, bytes, out var written))
        {
            return null;
        }

        var text = Encoding.UTF8.GetString(bytes, 0, written);
        var colon = text.IndexOf(':', StringComparison.Ordinal);
        var password = colon < 0 ? text : text[(colon + 1)..];
        return password.Length == 0 ? null : password;
    }
}
