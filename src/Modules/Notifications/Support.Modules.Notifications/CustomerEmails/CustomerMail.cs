using Marten;
using Microsoft.Extensions.Options;
using Support.Modules.Intake.Contracts;
using Support.Modules.Notifications.Mail;

namespace Support.Modules.Notifications.CustomerEmails;

/// <summary>
/// Renders an email for a ticket's requester in their language, with the template an administrator
/// set or the default, and queues it in the mail outbox in the caller's transaction (NO-5, NO-7).
/// </summary>
internal sealed class CustomerMail(
    IDocumentSession session, TemplateRenderer templates, EmailComposer composer, IOptions<MailOptions> options, TimeProvider clock,
    Microsoft.Extensions.Logging.ILogger<CustomerMail> logger)
{
    public async Task<TicketRecipient> RecipientAsync(Guid ticketId, string number, CancellationToken cancellationToken) =>
        await session.LoadAsync<TicketRecipient>(ticketId, cancellationToken)
        ?? throw new InvalidOperationException($"Ticket {number} is not known to notifications yet (its opening is still on its way); this event is delivered again later.");

    /// <summary>Renders and queues one email about an event.</summary>
    /// <param name="recipient">The ticket's requester.</param>
    /// <param name="template">The template's name, e.g. <c>resolved</c>.</param>
    /// <param name="eventId">The event it tells of: its Message-ID derives from it, so a retry is the same email.</param>
    /// <param name="data">The event's own values, next to <c>ticket</c>, <c>requester</c> and <c>organization</c>.</param>
    /// <param name="automatic">False for an email a person wrote (a reply from support): no <c>Auto-Submitted</c>.</param>
    /// <param name="threadRoot">True for the ticket's first email, whose Message-ID the later ones refer to.</param>
    /// <param name="answers">The Message-ID of the requester's email it answers (a ticket opened by email), so their mail program threads it.</param>
    /// <param name="cancellationToken">Cancels the rendering.</param>
    public async Task QueueAsync(
        TicketRecipient recipient, string template, Guid eventId, IReadOnlyDictionary<string, object?>? data = null, bool automatic = true,
        bool threadRoot = false, string? answers = null, CancellationToken cancellationToken = default)
    {
        var custom = await session.LoadAsync<TemplateOverride>(TemplateRenderer.Key(template, recipient.Language), cancellationToken);
        var model = Model(recipient, options.Value, data);
        RenderedEmail email;
        try
        {
            email = await templates.RenderAsync(template, recipient.Language, model, custom?.Source);
        }
        catch (Exception exception) when (custom is not null && exception is not OperationCanceledException)
        {
            // An administrator's template that fails on real data must not hold the email back: the default goes.
            Microsoft.Extensions.Logging.LoggerExtensions.LogError(logger, exception,
                "Template {Template} ({Language}) failed for {TicketNumber}; the default template was used.", template, recipient.Language, recipient.Number);
            email = await templates.RenderAsync(template, recipient.Language, model);
        }
        var now = clock.GetUtcNow();
        var id = Guid.CreateVersion7(now);
        session.Insert(new OutgoingEmail
        {
            Id = id,
            ListKey = OutgoingEmail.ListKeyFor(now, id),
            MessageId = threadRoot ? composer.ThreadRootId(recipient.Id) : composer.MessageIdFor(eventId, template),
            Answers = answers,
            ReplyTo = recipient.ReplyTo,
            TicketId = recipient.Id,
            TicketNumber = recipient.Number,
            Template = template,
            Language = TemplateRenderer.LanguageCode(recipient.Language),
            To = recipient.Requester.Email,
            ToName = recipient.Requester.Name,
            Subject = EmailComposer.SubjectFor(recipient.Number, email.Subject),
            Body = email.Body,
            Automatic = automatic,
            Status = EmailStatus.Pending,
            NextAttemptAt = now,
            CreatedAt = now,
        });
    }

    /// <summary>What every template can use, plus the event's own values.</summary>
    public static Dictionary<string, object?> Model(TicketRecipient recipient, MailOptions options, IReadOnlyDictionary<string, object?>? data)
    {
        var model = new Dictionary<string, object?>
        {
            ["ticket"] = new Dictionary<string, object?>
            {
                ["number"] = recipient.Number,
                ["subject"] = recipient.Subject,
                ["category"] = recipient.Category.ToString().ToLowerInvariant(),
                ["category_label"] = TemplateRenderer.CategoryLabel(recipient.Category, recipient.Language),
                ["url"] = options.TicketUrl.Replace("{id}", recipient.Id.ToString(), StringComparison.Ordinal)
                    .Replace("{number}", recipient.Number, StringComparison.Ordinal),
            },
            ["requester"] = new Dictionary<string, object?> { ["name"] = recipient.Requester.Name, ["email"] = recipient.Requester.Email },
            ["organization"] = new Dictionary<string, object?> { ["name"] = recipient.OrganizationName },
        };
        foreach (var (key, value) in data ?? new Dictionary<string, object?>())
        {
            model[key] = value;
        }

        return model;
    }

    /// <summary>An instant as the requester reads it, in their language, in a calendar's time zone, e.g. "Monday, March 30, 2026 at 09:00 (Europe/Paris)".</summary>
    public static string LocalDate(DateTimeOffset at, string timeZone, Language language)
    {
        var local = TimeZoneInfo.ConvertTime(at, TimeZoneInfo.FindSystemTimeZoneById(timeZone)).DateTime;
        return language == Language.Fr
            ? $"{local.ToString("dddd d MMMM yyyy 'à' HH:mm", System.Globalization.CultureInfo.GetCultureInfo("fr-FR"))} ({timeZone})"
            : $"{local.ToString("dddd, MMMM d, yyyy 'at' HH:mm", System.Globalization.CultureInfo.InvariantCulture)} ({timeZone})";
    }

    /// <summary>A date as the requester reads it, in their language (UTC).</summary>
    public static string Date(DateTimeOffset at, Language language) => language == Language.Fr
        ? at.UtcDateTime.ToString("d MMMM yyyy 'à' HH:mm 'UTC'", System.Globalization.CultureInfo.GetCultureInfo("fr-FR"))
        : at.UtcDateTime.ToString("MMMM d, yyyy 'at' HH:mm 'UTC'", System.Globalization.CultureInfo.InvariantCulture);
}
