using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Registry.Formats.Protocol;

namespace Registry.Formats.Api;

/// <summary>
/// A write request's parameters the way GitLab's API (Grape) reads them: from the query string, a form body
/// (<c>curl --data</c>, <c>--form</c>) or a JSON object body, merged, the body winning. Arrays come as
/// <c>scopes[]=a&amp;scopes[]=b</c>, repeated keys or JSON arrays.
/// </summary>
internal sealed class ApiParameters
{
    private const long MaxBodyBytes = 1024 * 1024;
    private readonly Dictionary<string, List<string>> _values = new(StringComparer.Ordinal);

    private ApiParameters()
    {
    }

    public static async Task<Attempt<ApiParameters>> ReadAsync(HttpRequest request)
    {
        var parameters = new ApiParameters();
        foreach (var (key, values) in request.Query)
        {
            parameters.AddAll(key, values);
        }

        if (request.ContentLength is > MaxBodyBytes)
        {
            return Attempt<ApiParameters>.Fail(ApiProblems.Invalid("body", "The request body is too large."));
        }

        if (request.HasFormContentType)
        {
            var form = await request.ReadFormAsync(request.HttpContext.RequestAborted).ConfigureAwait(false);
            foreach (var (key, values) in form)
            {
                parameters.Replace(key, values);
            }
        }
        else if (request.HasJsonContentType())
        {
            try
            {
                using var document = await JsonDocument.ParseAsync(request.Body, default, request.HttpContext.RequestAborted).ConfigureAwait(false);
                if (document.RootElement.ValueKind != JsonValueKind.Object)
                {
                    return Attempt<ApiParameters>.Fail(ApiProblems.Invalid("body", "The JSON body must be an object."));
                }

                foreach (var property in document.RootElement.EnumerateObject())
                {
                    parameters.Replace(property.Name, JsonValues(property.Value));
                }
            }
            catch (Exception ex) when (ex is JsonException or InvalidOperationException)
            {
                // InvalidOperationException: a name or string of invalid UTF-8 (or an unpaired surrogate escape) parses and
                // throws only when read, here; it is the client's malformed body, not a server error.
                return Attempt<ApiParameters>.Fail(ApiProblems.Invalid("body", "The JSON body is malformed."));
            }
        }

        return parameters;
    }

    /// <summary>The parameter's value; null when absent or empty.</summary>
    public string? Value(string name) =>
        _values.TryGetValue(name, out var values) && values.Count > 0 && values[^1].Length > 0 ? values[^1] : null;

    /// <summary>Whether the request names the parameter at all (a JSON <c>null</c> or an empty value included).</summary>
    public bool Has(string name) => _values.ContainsKey(name);

    /// <summary>Every value of an array parameter (<c>name</c> or <c>name[]</c>).</summary>
    public IReadOnlyList<string> Values(string name) =>
        _values.TryGetValue(name, out var values) ? [.. values.Where(static v => v.Length > 0)] : [];

    /// <summary>
    /// Parses a parameter with <paramref name="parse"/>; a value that does not parse answers 400 naming it.
    /// <paramref name="value"/> stays at its default when the parameter is absent.
    /// </summary>
    public bool TryGet<T>(string name, TryParser<T> parse, out T? value, [NotNullWhen(false)] out IResult? problem)
    {
        value = default;
        problem = null;
        if (Value(name) is not { } text)
        {
            return true;
        }

        if (parse(text, out var parsed))
        {
            value = parsed;
            return true;
        }

        problem = ApiProblems.Invalid(name, $"{name} does not have a valid value");
        return false;
    }

    /// <summary>An id as the directory's lookups take it.</summary>
    public static string Text(long id) => id.ToString(CultureInfo.InvariantCulture);

    public static bool TryParseId(string text, out long id) =>
        long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out id);

    public static bool TryParseBoolean(string text, out bool value)
    {
        switch (text.ToUpperInvariant())
        {
            case "TRUE" or "1" or "YES":
                value = true;
                return true;
            case "FALSE" or "0" or "NO":
                value = false;
                return true;
            default:
                value = false;
                return false;
        }
    }

    /// <summary>GitLab's <c>expires_at</c>: a date (<c>YYYY-MM-DD</c>); the token stops working at the start of that day, UTC.</summary>
    public static bool TryParseDate(string text, out DateTimeOffset value)
    {
        if (DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
        {
            value = new DateTimeOffset(date.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);
            return true;
        }

        return DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out value);
    }

    private static IEnumerable<string> JsonValues(JsonElement element) => element.ValueKind switch
    {
        JsonValueKind.Array => element.EnumerateArray().SelectMany(JsonValues),
        JsonValueKind.String => [element.GetString() ?? string.Empty],
        JsonValueKind.True => ["true"],
        JsonValueKind.False => ["false"],
        JsonValueKind.Null or JsonValueKind.Undefined => [],
        _ => [element.GetRawText()],
    };

    private void AddAll(string key, IEnumerable<string?> values)
    {
        var name = key.EndsWith("[]", StringComparison.Ordinal) ? key[..^2] : key;
        if (!_values.TryGetValue(name, out var list))
        {
            _values[name] = list = [];
        }

        list.AddRange(values.Select(static v => v ?? string.Empty));
    }

    private void Replace(string key, IEnumerable<string?> values)
    {
        _values.Remove(key.EndsWith("[]", StringComparison.Ordinal) ? key[..^2] : key);
        AddAll(key, values);
    }

    /// <summary>A <c>TryParse</c>-shaped parser.</summary>
    public delegate bool TryParser<T>(string text, out T value);
}
