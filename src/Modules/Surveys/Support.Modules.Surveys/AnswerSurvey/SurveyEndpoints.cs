using System.Text.Json;
using Carter;
using JasperFx;
using Marten;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Net.Http.Headers;
using Support.Modules.Shared.Http;
using Support.Modules.Shared.Json;
using Support.Modules.Shared.Messaging;
using Support.Modules.Surveys.Contracts;

namespace Support.Modules.Surveys.AnswerSurvey;

/// <summary>A survey as its link's holder sees it.</summary>
/// <param name="TicketNumber">The ticket it is about.</param>
/// <param name="Subject">The ticket's subject.</param>
/// <param name="Question">The question, in the requester's language.</param>
/// <param name="Language">fr or en.</param>
/// <param name="Status">open (waiting for the answer), answered, or expired.</param>
/// <param name="ExpiresAt">When the link stops taking answers.</param>
/// <param name="Rating">The answer, once given.</param>
internal sealed record SurveyView(string TicketNumber, string Subject, string Question, string Language, string Status, DateTimeOffset? ExpiresAt, SurveyRating? Rating);

/// <summary>An answer to a survey (SU-2).</summary>
/// <param name="Rating">good or bad.</param>
/// <param name="Comment">An optional comment (at most 5,000 characters).</param>
internal sealed record SurveyAnswer(SurveyRating? Rating, string? Comment = null);

/// <summary>
/// SU-2: the survey link. No API key: the unguessable token is the credential, and it works once,
/// until it expires. Browsers get the HTML page (and post its form); API clients send and accept JSON.
/// </summary>
internal sealed class SurveyEndpoints : ICarterModule
{
    private const int MaxComment = 5000;

    public void AddRoutes(IEndpointRouteBuilder app)
    {
        app.MapGet("/surveys/{token}", async (string token, HttpContext context, IQuerySession session, TimeProvider clock, CancellationToken cancellationToken) =>
            {
                var survey = await FindAsync(session, token, cancellationToken);
                var json = WantsJson(context.Request);
                if (survey is null)
                {
                    return json ? Problems.NotFound("survey") : Html(SurveyPage.Unknown(), StatusCodes.Status404NotFound);
                }

                var status = StatusOf(survey, clock.GetUtcNow());
                return json
                    ? TypedResults.Ok(View(survey, status))
                    : Html(status switch
                    {
                        "answered" => SurveyPage.Answered(survey),
                        "expired" => SurveyPage.Expired(survey),
                        _ => SurveyPage.Form(survey, $"/surveys/{token}"),
                    });
            })
            .AllowAnonymous()
            .WithName("GetSurvey")
            .WithTags("Surveys")
            .WithSummary("The survey behind a link (anyone with the link)")
            .WithDescription("SU-2: with `Accept: application/json`, the survey's question and status (open, answered, expired); otherwise the small HTML page, in the requester's language, with its form. An unknown token is a 404.")
            .Produces<SurveyView>(StatusCodes.Status200OK, "application/json", "text/html")
            .ProducesProblems(StatusCodes.Status404NotFound);

        app.MapPost("/surveys/{token}", async (string token, HttpContext context, IDocumentSession session, TimeProvider clock, CancellationToken cancellationToken) =>
            {
                var form = context.Request.HasFormContentType;
                if (!form && !context.Request.HasJsonContentType())
                {
                    return TypedResults.Problem(detail: "Send the answer as JSON (application/json) or as the page's form (application/x-www-form-urlencoded).",
                        statusCode: StatusCodes.Status415UnsupportedMediaType, title: "Unsupported media type", type: ProblemTypes.UnsupportedMediaType);
                }

                var survey = await FindAsync(session, token, cancellationToken);
                if (survey is null)
                {
                    return form ? Html(SurveyPage.Unknown(), StatusCodes.Status404NotFound) : Problems.NotFound("survey");
                }

                var now = clock.GetUtcNow();
                switch (StatusOf(survey, now))
                {
                    case "answered":
                        return form ? Html(SurveyPage.Answered(survey), StatusCodes.Status409Conflict) : Refusal(StatusCodes.Status409Conflict, "Already answered",
                            "This survey was answered already: it takes one answer.");
                    case "expired":
                        return form ? Html(SurveyPage.Expired(survey), StatusCodes.Status410Gone) : Refusal(StatusCodes.Status410Gone, "The link has expired",
                            $"This survey took answers until {survey.ExpiresAt:O}.");
                }

                var answer = await ReadAsync(context, form, cancellationToken);
                var invalid = answer switch
                {
                    null or { Rating: null } => "'rating' is required: good or bad.",
                    { Comment.Length: > MaxComment } => $"'comment' is at most {MaxComment} characters.",
                    _ => null,
                };
                if (invalid is not null)
                {
                    return form
                        ? Html(SurveyPage.Form(survey, $"/surveys/{token}", invalid), StatusCodes.Status400BadRequest)
                        : TypedResults.ValidationProblem(new Dictionary<string, string[]> { [invalid.Contains("comment", StringComparison.Ordinal) ? "comment" : "rating"] = [invalid] },
                            detail: invalid, type: ProblemTypes.Validation, title: "Invalid answer");
                }

                survey.Rating = answer!.Rating;
                survey.Comment = string.IsNullOrWhiteSpace(answer.Comment) ? null : answer.Comment.Trim();
                survey.AnsweredAt = now;
                survey.Status = SurveyStatus.Answered;
                session.Store(survey);
                session.PublishOnCommit(new SurveyAnswered(survey.Id, survey.Number, survey.OrganizationId, answer.Rating!.Value, survey.Comment) { OccurredAt = now });
                try
                {
                    await session.SaveChangesAsync(cancellationToken);
                }
                catch (ConcurrencyException)
                {
                    return form ? Html(SurveyPage.Answered(survey), StatusCodes.Status409Conflict) : Refusal(StatusCodes.Status409Conflict, "Already answered",
                        "This survey was answered already: it takes one answer.");
                }

                return form ? Html(SurveyPage.Thanks(survey)) : TypedResults.Ok(View(survey, "answered"));
            })
            .AllowAnonymous()
            .WithName("AnswerSurvey")
            .WithTags("Surveys")
            .WithSummary("Answer a survey (anyone with the link)")
            .WithDescription("SU-2: `rating` good or bad, optional `comment`, as JSON (answered in JSON) or as the page's form (answered with a page). The link takes one answer: a second is a 409; after it expires, a 410. A missing or unknown rating is a 400; an unknown token a 404.")
            .Accepts<SurveyAnswer>("application/json", "application/x-www-form-urlencoded")
            .Produces<SurveyView>(StatusCodes.Status200OK, "application/json", "text/html")
            .ProducesProblems(StatusCodes.Status400BadRequest, StatusCodes.Status404NotFound, StatusCodes.Status409Conflict, StatusCodes.Status410Gone, StatusCodes.Status415UnsupportedMediaType);
    }

    private static async Task<Survey?> FindAsync(IQuerySession session, string token, CancellationToken cancellationToken)
    {
        if (token.Length is < 20 or > 100)
        {
            return null;
        }

        var hash = Survey.Hash(token);
        return await session.Query<Survey>().FirstOrDefaultAsync(s => s.TokenHash == hash, cancellationToken);
    }

    private static string StatusOf(Survey survey, DateTimeOffset now) =>
        survey.Status == SurveyStatus.Answered ? "answered" : survey.ExpiresAt is { } expires && now >= expires ? "expired" : "open";

    private static SurveyView View(Survey survey, string status) => new(
        survey.Number, survey.Subject, SurveyPage.Question(survey), survey.Language.ToString().ToLowerInvariant(), status, survey.ExpiresAt, survey.Rating);

    private static bool WantsJson(HttpRequest request) =>
        request.GetTypedHeaders().Accept is { Count: > 0 } accept
        && accept.Any(a => a.MediaType.Value?.EndsWith("json", StringComparison.OrdinalIgnoreCase) == true)
        && !accept.Any(a => a.MediaType.Value == "text/html");

    private static async Task<SurveyAnswer?> ReadAsync(HttpContext context, bool form, CancellationToken cancellationToken)
    {
        if (form)
        {
            var fields = await context.Request.ReadFormAsync(cancellationToken);
            var rating = fields["rating"].ToString() switch
            {
                "good" => SurveyRating.Good,
                "bad" => SurveyRating.Bad,
                _ => (SurveyRating?)null,
            };
            return new SurveyAnswer(rating, fields["comment"].ToString());
        }

        try
        {
            return await context.Request.ReadFromJsonAsync<SurveyAnswer>(SupportJson.Options, cancellationToken);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static IResult Html(string page, int status = StatusCodes.Status200OK) =>
        TypedResults.Content(page, "text/html; charset=utf-8", statusCode: status);

    private static IResult Refusal(int status, string title, string detail) => TypedResults.Problem(
        detail: detail, statusCode: status, title: title, type: status == StatusCodes.Status410Gone ? ProblemTypes.Gone : ProblemTypes.Conflict);
}
