using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.OpenApi;
using Support.Host.Idempotency;

namespace Support.Host.Infrastructure;

internal static class OpenApiRegistration
{
    private const string ProblemJson = "application/problem+json";
    private const string ProblemSchema = nameof(ProblemDetails);

    /// <summary>What each tag groups, shown to partners in the reference.</summary>
    private static readonly Dictionary<string, string> TagDescriptions = new(StringComparer.Ordinal)
    {
        ["Tickets"] = "Support requests: open one, read it, follow its life from intake to closure.",
        ["Organizations"] = "Customer organisations, their language, support contract and email domains, and their contacts (requesters).",
        ["Queues"] = "The queues tickets are filed in, and the email address that feeds each (IN-5).",
        ["Queue"] = "The agents' work queue, in TR-1 order.",
        ["Escalation"] = "Bugs reproduced by support, escalated to development issues, fixed and confirmed with the customer (ES-1..ES-4).",
        ["Product"] = "Feature requests forwarded to the product team as suggestions, merged, ranked and decided (ES-5..ES-7).",
        ["Templates"] = "The customer emails' templates, one per event and language: read, replace, reset, preview (NO-5).",
        ["Notifications"] = "The mail outbox: every email to requesters, sent, waiting or failed, and failed ones sent again (NO-7).",
        ["Webhooks"] = "Endpoints of partners and administrators that receive ticket events as they happen, signed, retried, with a delivery log (NO-6; see docs/webhooks.md).",
        ["Calendars"] = "Business calendars the queues' teams work by: opening hours, holidays, time zone (TR-8).",
        ["Surveys"] = "The satisfaction survey behind a requester's link (SU-1, SU-2); no API key, the link is the credential.",
        ["Reports"] = "Statistics for staff: satisfaction (SU-3) and tickets (SU-4).",
        ["API keys"] = "The keys callers authenticate with, one role each.",
        ["Health"] = "Liveness and readiness probes for the platform; no key needed.",
    };

    /// <summary>The parameters every resource shares (ids, paging), when the endpoint does not describe them.</summary>
    private static readonly Dictionary<string, string> ParameterDescriptions = new(StringComparer.Ordinal)
    {
        ["id"] = "The resource's id.",
        ["limit"] = "How many items per page: 1 to 200, 50 by default.",
        ["cursor"] = "The nextCursor of the previous page; omit it for the first page.",
    };

    /// <summary>What a problem answer means, by status code, when the endpoint does not say more.</summary>
    private static readonly Dictionary<int, string> ProblemDescriptions = new()
    {
        [StatusCodes.Status400BadRequest] = "The request is not valid: malformed JSON, a bad parameter, or fields that fail validation (listed in 'errors').",
        [StatusCodes.Status401Unauthorized] = "No API key, or an unknown one.",
        [StatusCodes.Status403Forbidden] = "The API key's role may not do this.",
        [StatusCodes.Status404NotFound] = "No such resource exists, or the caller may not see it.",
        [StatusCodes.Status409Conflict] = "The resource's current state does not allow this; the problem says what is allowed.",
        [StatusCodes.Status412PreconditionFailed] = "The If-Match version is stale: read the resource again.",
        [StatusCodes.Status413PayloadTooLarge] = "The request body is larger than the service accepts.",
        [StatusCodes.Status415UnsupportedMediaType] = "The request body's media type is not one this operation accepts.",
        [StatusCodes.Status422UnprocessableEntity] = "The request is well-formed but cannot be processed (the field is named in 'errors').",
        [StatusCodes.Status429TooManyRequests] = "Too many requests from this API key: wait the Retry-After seconds, then retry.",
        [StatusCodes.Status500InternalServerError] = "An unexpected error; quote the traceId when you report it.",
        [StatusCodes.Status503ServiceUnavailable] = "The service is not ready to serve requests.",
    };

    /// <summary>The contract partners generate clients from: served at <c>/openapi/v1.json</c>, browsable at <c>/docs</c>.</summary>
    public static IServiceCollection AddSupportOpenApi(this IServiceCollection services) =>
        services.AddOpenApi("v1", options =>
        {
            var documentation = new XmlDocumentation();
            options.AddSchemaTransformer(documentation.DescribeAsync);
            options.AddSchemaTransformer((schema, context, _) =>
            {
                DescribeNumbers(schema);
                if (typeof(ProblemDetails).IsAssignableFrom(context.JsonTypeInfo.Type)
                    || typeof(HttpValidationProblemDetails).IsAssignableFrom(context.JsonTypeInfo.Type))
                {
                    DescribeProblem(schema);
                }

                return Task.CompletedTask;
            });
            options.AddOperationTransformer((operation, context, _) =>
            {
                DeclarePipelineAnswers(operation, context);
                DeclareTicketVersion(operation, context);
                DeclarePages(operation);
                return Task.CompletedTask;
            });
            options.AddDocumentTransformer((document, _, _) =>
            {
                document.Info = new OpenApiInfo
                {
                    Title = "Support API",
                    Version = "v1",
                    Description = "Customer-support ticketing: intake, triage, escalation, notifications and surveys. " +
                        "Authenticate with 'Authorization: Bearer <api key>'. Errors are RFC 9457 problem documents.",
                    License = new OpenApiLicense { Name = "MIT", Identifier = "MIT" },
                    Contact = new OpenApiContact { Name = "Support maintainers" },
                };
                document.Servers = [new OpenApiServer { Url = "/" }];
                document.Components ??= new OpenApiComponents();
                document.Components.SecuritySchemes ??= new Dictionary<string, IOpenApiSecurityScheme>();
                document.Components.SecuritySchemes["bearer"] = new OpenApiSecurityScheme
                {
                    Type = SecuritySchemeType.Http,
                    Scheme = "bearer",
                    Description = "An API key created with POST /api/v1/api-keys.",
                };
                document.Security = [new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference("bearer", document)] = [] }];
                DescribeTags(document);
                DescribeResponses(document);
                TidyEnums(document);
                documentation.DescribeReferences(document);
                return Task.CompletedTask;
            });
        });

    /// <summary>
    /// The answers the pipeline gives whatever the endpoint: 401 and 403 where a key is required
    /// (and <c>security: []</c> where none is), 413 and 415 where a body is read, 429 where requests
    /// are rate-limited, the Idempotency-Key header and its answers on the POSTs of /api/v1, 500 anywhere.
    /// </summary>
    private static void DeclarePipelineAnswers(OpenApiOperation operation, OpenApiOperationTransformerContext context)
    {
        foreach (var parameter in (operation.Parameters ?? []).OfType<OpenApiParameter>())
        {
            if (parameter.Description is null && parameter.Name is { } name && ParameterDescriptions.TryGetValue(name, out var description))
            {
                parameter.Description = description;
            }
        }

        var metadata = context.Description.ActionDescriptor.EndpointMetadata;
        operation.Responses ??= [];
        if (metadata.OfType<IAllowAnonymous>().Any())
        {
            operation.Security = [];
        }
        else if (metadata.OfType<IAuthorizeData>().Any())
        {
            operation.Responses.TryAdd("401", new OpenApiResponse());
            operation.Responses.TryAdd("403", new OpenApiResponse());
        }

        if (operation.RequestBody is not null)
        {
            operation.Responses.TryAdd("413", new OpenApiResponse());
            operation.Responses.TryAdd("415", new OpenApiResponse());
        }

        if (HttpMethods.IsPost(context.Description.HttpMethod ?? "")
            && context.Description.RelativePath?.StartsWith("api/v1/", StringComparison.Ordinal) == true)
        {
            DeclareIdempotencyKey(operation);
        }

        if (!metadata.OfType<DisableRateLimitingAttribute>().Any())
        {
            operation.Responses.TryAdd("429", new OpenApiResponse());
            AddRetryAfter(operation.Responses["429"], "Seconds to wait before this API key sends another request.");
        }

        operation.Responses.TryAdd("500", new OpenApiResponse());
    }

    /// <summary>
    /// Reading a ticket and every change of it (the Tickets POSTs under /api/v1/tickets; escalation's
    /// answer with escalation resources) answer with the ticket's version in <c>ETag</c>, the value <c>If-Match</c> takes (a download's own ETag is its content's hash).
    /// </summary>
    private static void DeclareTicketVersion(OpenApiOperation operation, OpenApiOperationTransformerContext context)
    {
        var path = context.Description.RelativePath ?? "";
        var method = context.Description.HttpMethod ?? "";
        var changes = HttpMethods.IsPost(method) && path.StartsWith("api/v1/tickets", StringComparison.Ordinal)
            && context.Description.ActionDescriptor.EndpointMetadata.OfType<Microsoft.AspNetCore.Http.Metadata.ITagsMetadata>().Any(t => t.Tags.Contains("Tickets"));
        var read = HttpMethods.IsGet(method) && path == "api/v1/tickets/{id}";
        if (!changes && !read)
        {
            return;
        }

        foreach (var (code, answer) in operation.Responses ?? [])
        {
            if (code.StartsWith('2') && answer is OpenApiResponse success)
            {
                success.Headers ??= new Dictionary<string, IOpenApiHeader>();
                success.Headers.TryAdd("ETag", new OpenApiHeader
                {
                    Description = "The ticket's version after this request, quoted (e.g. \"3\"): send it back in If-Match to change the ticket only if nobody else has.",
                    Required = true,
                    Schema = new OpenApiSchema { Type = JsonSchemaType.String, Pattern = "^\"[0-9]+\"$" },
                });
            }
        }
    }

    /// <summary>An answer an endpoint also gives as an HTML page (the survey link's) is a page, not the JSON resource's shape.</summary>
    private static void DeclarePages(OpenApiOperation operation)
    {
        foreach (var answer in operation.Responses?.Values ?? Enumerable.Empty<IOpenApiResponse>())
        {
            if (answer is OpenApiResponse { Content: { } content } && content.TryGetValue("text/html", out var page))
            {
                page.Schema = new OpenApiSchema { Type = JsonSchemaType.String, Description = "An HTML page." };
            }
        }
    }

    /// <summary>What <see cref="IdempotencyMiddleware"/> adds to a POST: the optional header, the replay marker, 409 and 422.</summary>
    private static void DeclareIdempotencyKey(OpenApiOperation operation)
    {
        operation.Parameters ??= [];
        operation.Parameters.Add(new OpenApiParameter
        {
            Name = IdempotencyMiddleware.HeaderName,
            In = ParameterLocation.Header,
            Required = false,
            Description = "Makes the request safe to retry: send a new unique value (e.g. a UUID) per operation, and the same value when " +
                "retrying it. For the service's retention period (24 hours by default) a retry with the same key and body gets the first answer again, with " +
                $"'{IdempotencyMiddleware.ReplayedHeaderName}: true', and writes nothing; the same key with another body is a 422. " +
                "Keys are scoped to the API key; only successful (2xx) answers are remembered.",
            Schema = new OpenApiSchema
            {
                Type = JsonSchemaType.String,
                MinLength = 1,
                MaxLength = IdempotencyMiddleware.MaxKeyLength,
                Pattern = "^[ -~]+$",
            },
        });

        var responses = operation.Responses!;
        foreach (var (code, answer) in responses)
        {
            if (code.StartsWith('2') && answer is OpenApiResponse success)
            {
                success.Headers ??= new Dictionary<string, IOpenApiHeader>();
                success.Headers.TryAdd(IdempotencyMiddleware.ReplayedHeaderName, new OpenApiHeader
                {
                    Description = "true when this is the stored answer to an earlier request with the same Idempotency-Key: nothing was written again.",
                    Schema = new OpenApiSchema { Type = JsonSchemaType.Boolean },
                });
            }
        }

        const string InUse = "a request with the same Idempotency-Key is still being processed, or its answer was not recorded: retry after the Retry-After seconds";
        const string Reused = "the Idempotency-Key was already used for a different request (another path or body)";
        DescribeAlso(responses, "409", $"The resource's current state does not allow this (the problem says what is allowed), or {InUse}.", $"Conflict: {InUse}.");
        AddRetryAfter(responses["409"], "With an Idempotency-Key in use: seconds to wait before retrying.");
        DescribeAlso(responses, "422", $"The request cannot be processed (the field is named in 'errors'), or {Reused}.", $"Unprocessable: {Reused}.");
    }

    /// <summary>Adds the answer, or widens the description of the one the endpoint already declares.</summary>
    private static void DescribeAlso(OpenApiResponses responses, string code, string whenDeclared, string whenNew)
    {
        if (responses.TryGetValue(code, out var declared) && declared is OpenApiResponse response)
        {
            response.Description = whenDeclared;
        }
        else
        {
            responses[code] = new OpenApiResponse { Description = whenNew };
        }
    }

    private static void AddRetryAfter(IOpenApiResponse answer, string description)
    {
        if (answer is OpenApiResponse response)
        {
            response.Headers ??= new Dictionary<string, IOpenApiHeader>();
            response.Headers.TryAdd("Retry-After", new OpenApiHeader
            {
                Description = description,
                Schema = new OpenApiSchema { Type = JsonSchemaType.Integer },
            });
        }
    }

    private static void DescribeTags(OpenApiDocument document)
    {
        document.Tags ??= new HashSet<OpenApiTag>();
        foreach (var tag in document.Tags)
        {
            if (tag.Name is { } name && TagDescriptions.TryGetValue(name, out var description))
            {
                tag.Description ??= description;
            }
        }
    }

    /// <summary>
    /// Every error answer is a problem document (RFC 9457) with a schema, a description that says
    /// what it means, and every 201 says where the new resource is.
    /// </summary>
    private static void DescribeResponses(OpenApiDocument document)
    {
        var operations = (document.Paths?.Values ?? Enumerable.Empty<IOpenApiPathItem>())
            .SelectMany(p => p.Operations?.Values ?? Enumerable.Empty<OpenApiOperation>());
        foreach (var operation in operations)
        {
            foreach (var (code, answer) in operation.Responses ?? new OpenApiResponses())
            {
                if (answer is not OpenApiResponse response || !int.TryParse(code, out var status))
                {
                    continue;
                }

                if (status == StatusCodes.Status201Created)
                {
                    response.Headers ??= new Dictionary<string, IOpenApiHeader>();
                    response.Headers.TryAdd("Location", new OpenApiHeader
                    {
                        Description = "The URL of the resource created.",
                        Schema = new OpenApiSchema { Type = JsonSchemaType.String, Format = "uri-reference" },
                    });
                }

                if (status < StatusCodes.Status400BadRequest)
                {
                    continue;
                }

                if (response.Content is null || response.Content.Count == 0)
                {
                    response.Content = new Dictionary<string, OpenApiMediaType>
                    {
                        [ProblemJson] = new() { Schema = new OpenApiSchemaReference(ProblemSchema, document) },
                    };
                }

                if (ProblemDescriptions.TryGetValue(status, out var description)
                    && (string.IsNullOrEmpty(response.Description) || response.Description == ReasonPhrases.GetReasonPhrase(status)))
                {
                    response.Description = description;
                }
            }
        }
    }

    /// <summary>
    /// An enum used somewhere as nullable gets <c>null</c> among its values in its shared component,
    /// while every nullable use already says <c>oneOf: [{type: null}, {$ref}]</c>: a null then
    /// matches both branches, which "exactly one" forbids (validators reject every null). Nullability
    /// belongs to the use, so the component lists its string values only, typed as strings.
    /// </summary>
    private static void TidyEnums(OpenApiDocument document)
    {
        foreach (var schema in (document.Components?.Schemas?.Values ?? []).OfType<OpenApiSchema>())
        {
            if (schema.Enum is not { Count: > 0 } values)
            {
                continue;
            }

            schema.Enum = values.Where(v => v is not null && v.GetValueKind() != System.Text.Json.JsonValueKind.Null).ToList();
            if (schema.Type is null && schema.Enum.All(v => v!.GetValueKind() == System.Text.Json.JsonValueKind.String))
            {
                schema.Type = JsonSchemaType.String;
            }
        }
    }

    /// <summary>Documents the fields of RFC 9457 problem documents, and the trace id every one carries.</summary>
    private static void DescribeProblem(OpenApiSchema schema)
    {
        schema.Description ??= "An RFC 9457 problem document.";
        schema.Properties ??= new Dictionary<string, IOpenApiSchema>();
        SetDescription(schema, "type", "A URI that identifies the kind of problem.");
        SetDescription(schema, "title", "A short summary of the kind of problem.");
        SetDescription(schema, "status", "The HTTP status code.");
        SetDescription(schema, "detail", "What went wrong with this request.");
        SetDescription(schema, "errors", "For validation problems: each field (JSON path) with its messages.");
        schema.Properties.TryAdd("traceId", new OpenApiSchema
        {
            Type = JsonSchemaType.String,
            Description = "Identifies the request in the service's logs; quote it when you report a problem.",
        });
    }

    private static void SetDescription(OpenApiSchema schema, string property, string description)
    {
        if (schema.Properties!.TryGetValue(property, out var value) && value is OpenApiSchema field)
        {
            field.Description ??= description;
        }
    }

    /// <summary>
    /// Numbers are written as JSON numbers; the web defaults also read them from strings, which the
    /// generator documents as "integer or string with a pattern". Clients send numbers: say so.
    /// </summary>
    private static void DescribeNumbers(OpenApiSchema schema)
    {
        if (schema.Type is { } type && schema.Pattern is not null && type.HasFlag(JsonSchemaType.String)
            && (type.HasFlag(JsonSchemaType.Integer) || type.HasFlag(JsonSchemaType.Number)))
        {
            schema.Type = type & ~JsonSchemaType.String;
            schema.Pattern = null;
        }
    }
}
