using System.Diagnostics.CodeAnalysis;

namespace Registry.Formats.Protocol;

/// <summary>
/// What every format's parser answers: a value, or a <see cref="ParseError"/> for the client. Parsers never throw on
/// bad input and never touch HTTP; the endpoint turns the error into the format's <see cref="ClientErrorShape"/>.
/// </summary>
/// <typeparam name="T">The parsed value.</typeparam>
internal readonly struct ParseResult<T>
    where T : class
{
    private ParseResult(T? value, ParseError? error)
    {
        Value = value;
        Error = error;
    }

    /// <summary>The value, or null when the input was refused.</summary>
    public T? Value { get; }

    /// <summary>Why the input was refused, or null when it was not.</summary>
    public ParseError? Error { get; }

    public static implicit operator ParseResult<T>(T value) => new(value, null);

    public static implicit operator ParseResult<T>(ParseError error) => new(null, error);

    /// <summary>Whether there is a value; otherwise <paramref name="error"/> says why not.</summary>
    public bool Succeeded([NotNullWhen(true)] out T? value, [NotNullWhen(false)] out ParseError? error)
    {
        value = Value;
        error = Value is null ? Error ?? new ParseError("the input is invalid") : null;
        return Value is not null;
    }
}
