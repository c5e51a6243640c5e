using System.Diagnostics.CodeAnalysis;
using Microsoft.AspNetCore.Http;

namespace Registry.Formats.Protocol;

/// <summary>
/// A value, or the HTTP answer that explains why there is none. Handlers test it with <see cref="Succeeded"/>,
/// whose annotations tell the compiler which half is set, where a <c>(T?, IResult?)</c> tuple needed a <c>!</c>.
/// </summary>
/// <typeparam name="T">The value's type.</typeparam>
internal readonly struct Attempt<T>
    where T : class
{
    private readonly T? _value;
    private readonly IResult? _failure;

    private Attempt(T? value, IResult? failure)
    {
        _value = value;
        _failure = failure;
    }

    /// <summary>A success.</summary>
    public static implicit operator Attempt<T>(T value) => Ok(value);

    /// <summary>A success; also for interface-typed values, which C# lets no implicit operator convert.</summary>
    public static Attempt<T> Ok(T value) => new(value, null);

    /// <summary>A failure, answered with <paramref name="failure"/>.</summary>
    public static Attempt<T> Fail(IResult failure) => new(null, failure);

    /// <summary>Whether there is a value; otherwise <paramref name="failure"/> is the answer.</summary>
    public bool Succeeded([NotNullWhen(true)] out T? value, [NotNullWhen(false)] out IResult? failure)
    {
        value = _value;
        failure = _failure;
        return _value is not null;
    }
}
