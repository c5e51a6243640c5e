using System.Text.Json;

namespace Registry.Formats.Protocol;

/// <summary>
/// Checks a JSON document against <see cref="UploadLimits.MaxJsonDepth"/> and <see cref="UploadLimits.MaxJsonProperties"/>
/// with a forward-only <see cref="Utf8JsonReader"/> before anything builds a tree of it: a tree costs hundreds of bytes
/// per property, so a 16 MB document of a million keys would take gigabytes.
/// </summary>
internal static class JsonLimits
{
    /// <summary>Why the document exceeds the limits; null when within them or not valid JSON (the parser then says so).</summary>
    public static string? ExceededOrNull(ReadOnlySpan<byte> json, UploadLimits limits)
    {
        ArgumentNullException.ThrowIfNull(limits);
        var reader = new Utf8JsonReader(json, new JsonReaderOptions { MaxDepth = limits.MaxJsonDepth });
        var properties = 0;
        try
        {
            while (reader.Read())
            {
                if (reader.TokenType == JsonTokenType.PropertyName && ++properties > limits.MaxJsonProperties)
                {
                    return $"the JSON document holds more than {limits.MaxJsonProperties} properties";
                }
            }
        }
        catch (JsonException) when (reader.CurrentDepth >= limits.MaxJsonDepth)
        {
            return $"the JSON document nests deeper than {limits.MaxJsonDepth} levels";
        }
        catch (JsonException)
        {
            return null;
        }

        return null;
    }
}
