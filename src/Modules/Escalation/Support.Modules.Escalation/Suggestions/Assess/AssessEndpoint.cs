using Carter;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Support.Modules.Escalation.Suggestions.Assess;

internal sealed class AssessEndpoint : ICarterModule
{
    public void AddRoutes(IEndpointRouteBuilder app) =>
        app.MapSuggestionChange<Assess>("assessment")
            .WithName("AssessSuggestion")
            .WithSummary("Assess a suggestion: effort, workaround, score override (product)")
            .WithDescription("ES-6: records the estimated `effortDays` and the `workaround` (text, or null when there is none), which the ranking formula weighs, and optionally a `scoreOverride` that replaces the computed score (send null to go back to the formula). Answers the suggestion with its new score and score parts. A merged suggestion is a 409.");
}
