using FluentValidation;
using MediatR;

namespace Support.Modules.Shared.Http;

/// <summary>Runs every FluentValidation validator of a command before its handler; failures become a 400.</summary>
public sealed class ValidationBehavior<TRequest, TResponse>(IEnumerable<IValidator<TRequest>> validators)
    : IPipelineBehavior<TRequest, TResponse>
{
    public async Task<TResponse> Handle(TRequest request, CancellationToken cancellationToken, RequestHandlerDelegate<TResponse> next)
    {
        var failures = new List<FluentValidation.Results.ValidationFailure>();
        foreach (var validator in validators)
        {
            var result = await validator.ValidateAsync(request, cancellationToken);
            failures.AddRange(result.Errors);
        }

        if (failures.Count > 0)
        {
            throw new ValidationException(failures);
        }

        return await next();
    }
}

/// <summary>For endpoints that take a body without a MediatR command: the same validators, the same 400.</summary>
public static class Validators
{
    public static async Task ValidateAndThrowAsync<T>(this IEnumerable<IValidator<T>> validators, T request, CancellationToken cancellationToken)
    {
        foreach (var validator in validators)
        {
            await validator.ValidateAndThrowAsync(request, cancellationToken);
        }
    }
}
