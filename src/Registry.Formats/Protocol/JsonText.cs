using System.Text.Json;

namespace Registry.Formats.Protocol;

/// <summary>
/// Checks that every string of a JSON document (names and values) is text: valid UTF-8 and no unpaired <c>\uD800</c>
/// style surrogate escape (RFC 8259, section 8.1). <see cref="Utf8JsonReader"/> accepts both and only a later
/// <c>GetString</c> or <c>GetValue&lt;string&gt;</c> throws <see cref="InvalidOperationException"/>, which would surface
/// from deep in a handler as a 500; a parser calls this first and answers 400 instead.
/// </summary>
internal static class JsonText
{
    /// <summary>Why a string of the document is not text; null when all are (or the document is not valid JSON: the parser then says so).</summary>
    public static string? InvalidOrNull(ReadOnlySpan<byte> json)
    {
        var reader = new Utf8JsonReader(json, new JsonReaderOptions { MaxDepth = int.MaxValue });
        try
        {
            while (reader.Read())
            {
                if (reader.TokenType is JsonTokenType.PropertyName or JsonTokenType.String)
                {
                    _ = reader.GetString();
                }
            }
        }
        catch (InvalidOperationException)
        {
            return "the JSON document holds a string that is not valid UTF-8 text";
        }
        catch (JsonException)
        {
            return null;
        }

        return null;
    }
}
