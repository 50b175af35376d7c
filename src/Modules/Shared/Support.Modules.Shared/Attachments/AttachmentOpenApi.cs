using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.OpenApi;

namespace Support.Modules.Shared.Attachments;

/// <summary>
/// Declares in the OpenAPI document what the attachment endpoints read and write, which the endpoints'
/// signatures cannot say: they read the multipart body themselves, and a download is raw bytes.
/// </summary>
public static class AttachmentOpenApi
{
    private const string Multipart = "multipart/form-data";

    /// <summary>A multipart request body of files, with the given form fields besides.</summary>
    public static RouteHandlerBuilder WithAttachmentUploadBody(this RouteHandlerBuilder builder, string description, IReadOnlyDictionary<string, IOpenApiSchema>? fields = null) =>
        builder.AddOpenApiOperationTransformer((operation, _, _) =>
        {
            var schema = FilesForm();
            foreach (var (name, field) in fields ?? new Dictionary<string, IOpenApiSchema>())
            {
                schema.Properties![name] = field;
            }

            operation.RequestBody = new OpenApiRequestBody
            {
                Required = true,
                Description = description,
                Content = new Dictionary<string, OpenApiMediaType> { [Multipart] = new() { Schema = schema } },
            };
            return Task.CompletedTask;
        });

    /// <summary>
    /// Adds to a JSON request body its multipart alternative: the same JSON in a part named
    /// <paramref name="jsonPart"/>, and files in other parts.
    /// </summary>
    public static RouteHandlerBuilder WithMultipartAlternative(this RouteHandlerBuilder builder, string jsonPart, string description) =>
        builder.AddOpenApiOperationTransformer((operation, _, _) =>
        {
            if (operation.RequestBody is not OpenApiRequestBody body || body.Content is null
                || !body.Content.TryGetValue("application/json", out var json) || json.Schema is null)
            {
                return Task.CompletedTask;
            }

            var schema = FilesForm();
            schema.Properties![jsonPart] = json.Schema;
            schema.Required = new HashSet<string>(StringComparer.Ordinal) { jsonPart };
            body.Content[Multipart] = new OpenApiMediaType
            {
                Schema = schema,
                Encoding = new Dictionary<string, OpenApiEncoding> { [jsonPart] = new() { ContentType = "application/json" } },
            };
            body.Description = string.IsNullOrEmpty(body.Description) ? description : $"{body.Description} {description}";
            return Task.CompletedTask;
        });

    /// <summary>A 200 answer of raw bytes, with the headers a download carries.</summary>
    public static RouteHandlerBuilder WithAttachmentDownload(this RouteHandlerBuilder builder) =>
        builder.AddOpenApiOperationTransformer((operation, _, _) =>
        {
            operation.Responses ??= [];
            operation.Responses[StatusCodes.Status200OK.ToString(System.Globalization.CultureInfo.InvariantCulture)] = new OpenApiResponse
            {
                Description = "The file's content, served with the media type it was stored with (one of the accepted types, e.g. text/plain, image/png, application/zip).",
                Content = new Dictionary<string, OpenApiMediaType>
                {
                    ["*/*"] = new() { Schema = new OpenApiSchema { Type = JsonSchemaType.String, Format = "binary" } },
                },
                Headers = new Dictionary<string, IOpenApiHeader>
                {
                    ["Content-Disposition"] = Header("attachment; filename=\"…\"; filename*=UTF-8''… : the file's name."),
                    ["Content-Length"] = new OpenApiHeader
                    {
                        Description = "The file's size in bytes.",
                        Schema = new OpenApiSchema { Type = JsonSchemaType.Integer, Format = "int64" },
                    },
                    ["X-Content-Type-Options"] = Header("Always nosniff: the content is served as its stored type, never guessed."),
                    ["ETag"] = Header("The SHA-256 of the content, quoted."),
                },
            };
            return Task.CompletedTask;
        });

    /// <summary>A form field restricted to some values.</summary>
    public static IOpenApiSchema Choice(string description, params string[] values) => new OpenApiSchema
    {
        Type = JsonSchemaType.String,
        Description = description,
        Enum = values.Select(v => (JsonNode)JsonValue.Create(v)).ToList(),
    };

    private static OpenApiSchema FilesForm() => new()
    {
        Type = JsonSchemaType.Object,
        Properties = new Dictionary<string, IOpenApiSchema>(StringComparer.Ordinal)
        {
            ["files"] = new OpenApiSchema
            {
                Type = JsonSchemaType.Array,
                Description = "The files, one part each (any part name is accepted for a file: a part with a file name is a file). " +
                    "Each file at most Support:Attachments:MaxBytes (10 MiB by default), of an accepted type, not empty.",
                Items = new OpenApiSchema { Type = JsonSchemaType.String, Format = "binary" },
            },
        },
    };

    private static OpenApiHeader Header(string description) => new()
    {
        Description = description,
        Schema = new OpenApiSchema { Type = JsonSchemaType.String },
    };
}
