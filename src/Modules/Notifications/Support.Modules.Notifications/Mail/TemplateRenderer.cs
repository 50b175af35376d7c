using System.Collections.Concurrent;
using System.Text.Encodings.Web;
using System.Text.RegularExpressions;
using Fluid;
using Support.Modules.Intake.Contracts;

namespace Support.Modules.Notifications.Mail;

/// <summary>A rendered email: its subject line and plain-text body.</summary>
internal sealed record RenderedEmail(string Subject, string Body);

/// <summary>Why a template's source was refused, and where (1-based line and column, when the parser says).</summary>
internal sealed record TemplateError(string Message, int? Line, int? Column);

/// <summary>
/// Renders the Liquid email templates (NO-5): the defaults kept in the repository
/// (<c>Templates/{event}.{language}.liquid</c>, embedded in the assembly) or an administrator's
/// replacement. The first line of a template is <c>Subject: …</c>, the rest is the body.
/// </summary>
internal sealed partial class TemplateRenderer
{
    private static readonly FluidParser Parser = new();
    private readonly ConcurrentDictionary<string, IFluidTemplate> _parsed = new();
    private readonly TemplateOptions _options = new() { MemberAccessStrategy = new UnsafeMemberAccessStrategy(), MaxSteps = 100_000 };

    /// <summary>Every template the process uses, by name: one per event, each in every language.</summary>
    public static readonly IReadOnlyList<string> Names =
    [
        "ticket-opened", "taken-in-charge", "waiting-on-you", "support-reply", "resolved", "closed", "fix-deployed", "product-decision",
        "pending-reminder", "survey",
    ];

    public static string Key(string name, Language language) => $"{name}.{LanguageCode(language)}";

    public static string LanguageCode(Language language) => language.ToString().ToLowerInvariant();

    /// <summary>The default source kept in the repository.</summary>
    public static string DefaultSource(string name, Language language)
    {
        var resource = $"templates/{Key(name, language)}.liquid";
        using var stream = typeof(TemplateRenderer).Assembly.GetManifestResourceStream(resource)
            ?? throw new InvalidOperationException($"No email template {resource}.");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }

    /// <summary>Checks a template's source: null when it parses and starts with a <c>Subject:</c> line.</summary>
    public static TemplateError? Check(string source)
    {
        if (!Parser.TryParse(source, out _, out var error))
        {
            var position = Position().Match(error ?? "");
            return position.Success
                ? new TemplateError(error!, int.Parse(position.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture),
                    int.Parse(position.Groups[2].Value, System.Globalization.CultureInfo.InvariantCulture))
                : new TemplateError(error ?? "The template does not parse.", null, null);
        }

        return source.TrimStart().StartsWith("Subject:", StringComparison.Ordinal)
            ? null
            : new TemplateError("The first line must be the subject: 'Subject: …'.", 1, 1);
    }

    /// <summary>Renders a template: the administrator's source when given, else the default.</summary>
    public async Task<RenderedEmail> RenderAsync(string name, Language language, IReadOnlyDictionary<string, object?> model, string? source = null)
    {
        if (_parsed.Count > 1000)
        {
            _parsed.Clear(); // previews of many drafts: parsing again is cheap, memory is not
        }

        var template = source is null
            ? _parsed.GetOrAdd($"default:{Key(name, language)}", _ => Parse(DefaultSource(name, language), Key(name, language)))
            : _parsed.GetOrAdd($"custom:{source}", _ => Parse(source, Key(name, language)));
        var context = new TemplateContext(_options);
        foreach (var (key, value) in model)
        {
            context.SetValue(key, value);
        }

        var text = await template.RenderAsync(context, NullEncoder.Default);
        text = text.TrimStart();
        var newline = text.IndexOf('\n', StringComparison.Ordinal);
        var firstLine = (newline < 0 ? text : text[..newline]).Trim();
        if (!firstLine.StartsWith("Subject:", StringComparison.Ordinal))
        {
            throw new InvalidOperationException($"Template {name} must start with a 'Subject:' line.");
        }

        var body = newline < 0 ? "" : text[(newline + 1)..].TrimStart('\r', '\n');
        return new RenderedEmail(firstLine["Subject:".Length..].Trim(), body);
    }

    private static IFluidTemplate Parse(string source, string key) =>
        Parser.TryParse(source, out var template, out var error)
            ? template
            : throw new InvalidOperationException($"Email template {key} does not parse: {error}");

    [GeneratedRegex(@"\((\d+):(\d+)\)")]
    private static partial Regex Position();

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
