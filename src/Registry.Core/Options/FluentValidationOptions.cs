using FluentValidation;
using Microsoft.Extensions.Options;

namespace Registry.Core.Options;

/// <summary>Runs a FluentValidation validator as an options validator, so <c>ValidateOnStart</c> stops a misconfigured host.</summary>
/// <typeparam name="TOptions">The options type.</typeparam>
public sealed class FluentValidationOptions<TOptions> : IValidateOptions<TOptions>
    where TOptions : class
{
    private readonly IValidator<TOptions> _validator;

    /// <summary>Wraps <paramref name="validator"/>.</summary>
    public FluentValidationOptions(IValidator<TOptions> validator) => _validator = validator;

    /// <inheritdoc />
    public ValidateOptionsResult Validate(string? name, TOptions options)
    {
        var result = _validator.Validate(options);
        return result.IsValid
            ? ValidateOptionsResult.Success
            : ValidateOptionsResult.Fail(result.Errors.Select(e => e.ErrorMessage));
    }
}
