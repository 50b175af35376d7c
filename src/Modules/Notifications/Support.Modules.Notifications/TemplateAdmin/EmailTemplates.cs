using Marten;
using Support.Modules.Intake.Contracts;
using Support.Modules.Notifications.CustomerEmails;
using Support.Modules.Notifications.Mail;
using Support.Modules.Shared.Http;

namespace Support.Modules.Notifications.TemplateAdmin;

/// <summary>An email template as an administrator sees it (NO-5).</summary>
/// <param name="Name">The event it tells of, e.g. <c>resolved</c>.</param>
/// <param name="Language">fr or en.</param>
/// <param name="Source">The Liquid source in use: its first line is <c>Subject: …</c>.</param>
/// <param name="Customized">True when an administrator replaced the default kept in the repository.</param>
/// <param name="UpdatedBy">Who replaced it (an API key id).</param>
/// <param name="UpdatedAt">When.</param>
internal sealed record TemplateView(string Name, Language Language, string Source, bool Customized, string? UpdatedBy, DateTimeOffset? UpdatedAt);

/// <summary>A template rendered with sample data.</summary>
/// <param name="Subject">The subject line, ticket number included.</param>
/// <param name="Body">The plain-text body.</param>
internal sealed record TemplatePreview(string Subject, string Body);

/// <summary>Finding, checking and rendering the templates an administrator manages.</summary>
internal static class EmailTemplates
{
    /// <summary>The language of a route, or a 404 for any other.</summary>
    public static Language LanguageOf(string name, string language)
    {
        if (!TemplateRenderer.Names.Contains(name) || language is not ("fr" or "en"))
        {
            throw new NotFoundException("email template");
        }

        return language == "fr" ? Language.Fr : Language.En;
    }

    public static async Task<TemplateView> ViewAsync(IQuerySession session, string name, Language language, CancellationToken cancellationToken)
    {
        var custom = await session.LoadAsync<TemplateOverride>(TemplateRenderer.Key(name, language), cancellationToken);
        return custom is null
            ? new TemplateView(name, language, TemplateRenderer.DefaultSource(name, language), false, null, null)
            : new TemplateView(name, language, custom.Source, true, custom.UpdatedBy, custom.UpdatedAt);
    }

    /// <summary>Refuses a source that does not parse, or does not render with sample data, with a 422 naming the line.</summary>
    public static async Task<TemplatePreview> CheckAndRenderAsync(TemplateRenderer renderer, string name, Language language, string source, MailOptions options)
    {
        if (TemplateRenderer.Check(source) is { } error)
        {
            throw new UnprocessableException("source",
                error.Line is { } line ? $"Line {line}, column {error.Column}: {error.Message}" : error.Message,
                new Dictionary<string, object?> { ["line"] = error.Line, ["column"] = error.Column });
        }

        return await RenderAsync(renderer, name, language, source, options);
    }

    public static async Task<TemplatePreview> RenderAsync(TemplateRenderer renderer, string name, Language language, string? source, MailOptions options)
    {
        try
        {
            var sample = TemplateSamples.Recipient(language);
            var email = await renderer.RenderAsync(name, language, CustomerMail.Model(sample, options, TemplateSamples.Data(name, language)), source);
            return new TemplatePreview(EmailComposer.SubjectFor(sample.Number, email.Subject), email.Body);
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            throw new UnprocessableException("source", $"The template does not render: {exception.Message}",
                new Dictionary<string, object?> { ["line"] = null, ["column"] = null });
        }
    }
}
