using System.Security.Claims;
using Carter;
using FluentValidation;
using Marten;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Options;
using Support.Modules.Intake.Contracts;
using Support.Modules.Notifications.CustomerEmails;
using Support.Modules.Notifications.Mail;
using Support.Modules.Shared.Http;
using Support.Modules.Shared.Security;

namespace Support.Modules.Notifications.TemplateAdmin;

/// <summary>A replacement of a template (NO-5).</summary>
/// <param name="Source">The Liquid source; its first line is <c>Subject: …</c>.</param>
internal sealed record ReplaceTemplate(string? Source);

internal sealed class ReplaceTemplateValidator : AbstractValidator<ReplaceTemplate>
{
    public ReplaceTemplateValidator() =>
        RuleFor(x => x.Source).NotEmpty().WithMessage("'source' is required: the template's Liquid source, starting with a 'Subject:' line.")
            .MaximumLength(100_000);
}

/// <summary>A source to preview instead of the template in use.</summary>
/// <param name="Source">The Liquid source to try; omit it to preview the template in use.</param>
internal sealed record PreviewTemplate(string? Source = null);

/// <summary>The templates of every customer email, per event and language: read, replace, reset, preview (admin).</summary>
internal sealed class TemplateEndpoints : ICarterModule
{
    private const string Path = "/api/v1/templates/{name}/{language}";
    private const string NameAndLanguage = " `name` is the event (ticket-opened, taken-in-charge, waiting-on-you, support-reply, resolved, closed, fix-deployed, product-decision, pending-reminder, survey), `language` is fr or en; any other is a 404.";

    public void AddRoutes(IEndpointRouteBuilder app)
    {
        app.MapGet("/api/v1/templates", async Task<Ok<List<TemplateView>>> (IQuerySession session, CancellationToken cancellationToken) =>
            {
                var templates = new List<TemplateView>();
                foreach (var name in TemplateRenderer.Names)
                {
                    foreach (var language in new[] { Language.En, Language.Fr })
                    {
                        templates.Add(await EmailTemplates.ViewAsync(session, name, language, cancellationToken));
                    }
                }

                return TypedResults.Ok(templates);
            })
            .RequireAuthorization(Policies.Admin)
            .WithName("ListTemplates")
            .WithTags("Templates")
            .WithSummary("List the email templates (admin)")
            .WithDescription("NO-5: every customer email's template, one per event and language (a short, fixed list, not paged), with its source in use and whether an administrator replaced the default.");

        app.MapGet(Path, async Task<Ok<TemplateView>> (string name, string language, IQuerySession session, CancellationToken cancellationToken) =>
                TypedResults.Ok(await EmailTemplates.ViewAsync(session, name, EmailTemplates.LanguageOf(name, language), cancellationToken)))
            .RequireAuthorization(Policies.Admin)
            .WithName("GetTemplate")
            .WithTags("Templates")
            .WithSummary("Read an email template (admin)")
            .WithDescription("NO-5: the template's source in use." + NameAndLanguage)
            .ProducesProblems(StatusCodes.Status404NotFound);

        app.MapPut(Path, async Task<Ok<TemplateView>> (
                string name, string language, ReplaceTemplate replacement, ClaimsPrincipal user, IDocumentSession session, TemplateRenderer renderer,
                IOptions<MailOptions> options, TimeProvider clock, IEnumerable<IValidator<ReplaceTemplate>> validators, CancellationToken cancellationToken) =>
            {
                var lang = EmailTemplates.LanguageOf(name, language);
                await validators.ValidateAndThrowAsync(replacement, cancellationToken);

                await EmailTemplates.CheckAndRenderAsync(renderer, name, lang, replacement.Source!, options.Value);
                session.Store(new TemplateOverride
                {
                    Id = TemplateRenderer.Key(name, lang), Source = replacement.Source!, UpdatedBy = user.KeyId(), UpdatedAt = clock.GetUtcNow(),
                });
                await session.SaveChangesAsync(cancellationToken);
                return TypedResults.Ok(await EmailTemplates.ViewAsync(session, name, lang, cancellationToken));
            })
            .RequireAuthorization(Policies.Admin)
            .WithName("ReplaceTemplate")
            .WithTags("Templates")
            .WithSummary("Replace an email template (admin)")
            .WithDescription("NO-5: replaces the template with `source` (Liquid; first line `Subject: …`); emails queued from then on use it. A source that does not parse, or does not render with the sample data, is a 422 whose `line` and `column` point at the error." + NameAndLanguage)
            .ProducesProblems(StatusCodes.Status400BadRequest, StatusCodes.Status404NotFound, StatusCodes.Status422UnprocessableEntity);

        app.MapDelete(Path, async Task<Ok<TemplateView>> (
                string name, string language, IDocumentSession session, CancellationToken cancellationToken) =>
            {
                var lang = EmailTemplates.LanguageOf(name, language);
                session.Delete<TemplateOverride>(TemplateRenderer.Key(name, lang));
                await session.SaveChangesAsync(cancellationToken);
                return TypedResults.Ok(await EmailTemplates.ViewAsync(session, name, lang, cancellationToken));
            })
            .RequireAuthorization(Policies.Admin)
            .WithName("ResetTemplate")
            .WithTags("Templates")
            .WithSummary("Reset an email template to its default (admin)")
            .WithDescription("NO-5: forgets the administrator's replacement; the default kept in the repository is used again, and returned." + NameAndLanguage)
            .ProducesProblems(StatusCodes.Status404NotFound);

        app.MapPost(Path + "/preview", async Task<Ok<TemplatePreview>> (
                string name, string language, PreviewTemplate? preview, IQuerySession session, TemplateRenderer renderer, IOptions<MailOptions> options,
                CancellationToken cancellationToken) =>
            {
                var lang = EmailTemplates.LanguageOf(name, language);
                var source = string.IsNullOrEmpty(preview?.Source) ? (await EmailTemplates.ViewAsync(session, name, lang, cancellationToken)).Source : preview.Source;
                return TypedResults.Ok(await EmailTemplates.CheckAndRenderAsync(renderer, name, lang, source, options.Value));
            })
            .RequireAuthorization(Policies.Admin)
            .WithName("PreviewTemplate")
            .WithTags("Templates")
            .WithSummary("Preview an email template with sample data (admin)")
            .WithDescription("NO-5: renders the template in use, or the `source` given, with a sample ticket (SUP-42) and sample values of its event, without saving anything. A source that does not parse is a 422 whose `line` and `column` point at the error." + NameAndLanguage)
            .ProducesProblems(StatusCodes.Status404NotFound, StatusCodes.Status422UnprocessableEntity);
    }
}
