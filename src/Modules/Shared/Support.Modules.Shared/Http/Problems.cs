using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace Support.Modules.Shared.Http;

/// <summary>Problem documents (RFC 9457) the endpoints answer with.</summary>
public static class Problems
{
    public static ProblemHttpResult NotFound(string what) => TypedResults.Problem(new ProblemDetails
    {
        Type = ProblemTypes.NotFound,
        Title = "Not found",
        Status = StatusCodes.Status404NotFound,
        Detail = $"No {what} with this id exists, or you may not see it.",
    });

    /// <summary>
    /// Declares, for the OpenAPI document, the problem answers an endpoint can give besides its
    /// success: 401 and 403 for every authenticated endpoint, and the given codes. 400 and 422 are
    /// validation problems (with <c>errors</c>), the others plain problem documents.
    /// </summary>
    public static RouteHandlerBuilder ProducesProblems(this RouteHandlerBuilder builder, params int[] statusCodes)
    {
        foreach (var code in statusCodes.Concat([StatusCodes.Status401Unauthorized, StatusCodes.Status403Forbidden]).Distinct())
        {
            if (code is StatusCodes.Status400BadRequest or StatusCodes.Status422UnprocessableEntity)
            {
                builder.ProducesValidationProblem(code);
            }
            else
            {
                builder.ProducesProblem(code);
            }
        }

        return builder;
    }
}
