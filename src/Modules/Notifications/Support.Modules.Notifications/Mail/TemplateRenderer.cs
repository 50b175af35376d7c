using System.Collections.Concurrent;
using System.Text.Encodings.Web;
using Fluid;
using Support.Modules.Intake.Contracts;

namespace Support.Modules.Notifications.Mail;

/// <summary>A rendered email: its subject line and plain-text body.</summary>
internal sealed record RenderedEmail(string Subject, string Body);

/// <summary>
/// Renders the Liquid templates kept in the repository (<c>Templates/{event}.{language}.liquid</c>,
/// embedded in the assembly). The first line of a template is <c>Subject: …</c>, the rest is the body.
/// </summary>
internal sealed class TemplateRenderer
{
    private static readonly FluidParser Parser = new();
    private readonly ConcurrentDictionary<string, IFluidTemplate> _templates = new();
    private readonly TemplateOptions _options = new() { MemberAccessStrategy = new UnsafeMemberAccessStrategy() };

    public async Task<RenderedEmail> RenderAsync(string name, Language language, IReadOnlyDictionary<string, object?> model)
    {
        var template = _templates.GetOrAdd($"{name}.{language.ToString().ToLowerInvariant()}", Load);
        var context = new TemplateContext(_options);
        foreach (var (key, value) in model)
        {
            context.SetValue(key, value);
        }

        var text = await template.RenderAsync(context, NullEncoder.Default);
        var newline = text.IndexOf('\n', StringComparison.Ordinal);
        var firstLine = (newline < 0 ? text : text[..newline]).Trim();
        if (!firstLine.StartsWith("Subject:", StringComparison.Ordinal))
        {
            throw new InvalidOperationException($"Template {name} must start with a 'Subject:' line.");
        }

        var body = newline < 0 ? "" : text[(newline + 1)..].TrimStart('\r', '\n');
        return new RenderedEmail(firstLine["Subject:".Length..].Trim(), body);
    }

    private static IFluidTemplate Load(string key)
    {
        var resource = $"templates/{key}.liquid";
        using var stream = typeof(TemplateRenderer).Assembly.GetManifestResourceStream(resource)
            ?? throw new InvalidOperationException($"No email template {resource}.");
        using var reader = new StreamReader(stream);
        var source = reader.ReadToEnd();
        return Parser.TryParse(source, out var template, out var error)
            ? template
            : throw new InvalidOperationException($"Email template {key} does not parse: {error}");
    }

    public static string CategoryLabel(TicketCategory category, Language language) => (category, language) switch
    {
        (TicketCategory.Bug, Language.Fr) => "Signalement d'anomalie",
        (TicketCategory.Usage, Language.Fr) => "Problème d'utilisation",
        (TicketCategory.Chat, Language.Fr) => "Question rapide",
        (TicketCategory.Other, Language.Fr) => "Autre demande",
        (TicketCategory.Feature, Language.Fr) => "Suggestion de fonctionnalité",
        (TicketCategory.Bug, _) => "Bug report",
        (TicketCategory.Usage, _) => "Usage problem",
        (TicketCategory.Chat, _) => "Quick question",
        (TicketCategory.Other, _) => "Other request",
        (TicketCategory.Feature, _) => "Feature suggestion",
        _ => category.ToString(),
    };
}
