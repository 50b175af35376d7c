using System.Security.Claims;
using System.Text.Json.Serialization;
using FluentValidation;
using Marten;
using MediatR;
using Microsoft.Extensions.Options;
using Support.Modules.Notifications.Webhooks.Fanout;
using Support.Modules.Shared.Http;

namespace Support.Modules.Notifications.Webhooks.UpdateWebhook;

// A parameter with a default is optional in the OpenAPI schema; the others are listed as required.
/// <summary>Changes to a webhook: only the fields sent change. Its secret changes with <c>POST /api/v1/webhooks/{id}/secret</c>.</summary>
/// <param name="Url">Where events are posted from now on (http or https, on the public internet).</param>
/// <param name="Events">The event types it receives from now on, or <c>["*"]</c> for all.</param>
/// <param name="Active">False pauses it: no event is queued for it, and what is still pending goes dead (replayable). True resumes it.</param>
internal sealed record UpdateWebhook(string? Url = null, IReadOnlyList<string>? Events = null, bool? Active = null) : IRequest<WebhookView>
{
    [JsonIgnore]
    public Guid Id { get; init; }

    [JsonIgnore]
    public ClaimsPrincipal Caller { get; init; } = new();
}

internal sealed class UpdateWebhookValidator : AbstractValidator<UpdateWebhook>
{
    public UpdateWebhookValidator()
    {
        RuleFor(x => x)
            .Must(x => x.Url is not null || x.Events is not null || x.Active is not null)
            .OverridePropertyName("body")
            .WithMessage("Send at least one of url, events or active.");
        RuleFor(x => x.Url).Custom(WebhookTargets.Validate).When(x => x.Url is not null);
        RuleFor(x => x.Events).NotEmpty().When(x => x.Events is not null).WithMessage(WebhookEventTypes.Required);
        RuleFor(x => x.Events).Must(WebhookEventTypes.AllKnown).When(x => x.Events is { Count: > 0 }).WithMessage(x => WebhookEventTypes.Unknown(x.Events!));
    }
}

internal sealed class UpdateWebhookHandler(IDocumentSession session, IOptions<WebhookOptions> options, TimeProvider clock)
    : IRequestHandler<UpdateWebhook, WebhookView>
{
    public async Task<WebhookView> Handle(UpdateWebhook command, CancellationToken cancellationToken)
    {
        var webhook = await session.LoadAsync<Webhook>(command.Id, cancellationToken);
        if (webhook is null || !webhook.VisibleTo(command.Caller))
        {
            throw new NotFoundException("webhook");
        }

        if (command.Url is { } url)
        {
            url = url.Trim();
            if (await WebhookTargets.RefusalAsync(url, options.Value.AllowPrivateNetworkTargets, cancellationToken) is { } refusal)
            {
                throw new UnprocessableException("url", refusal);
            }

            webhook.Url = url;
        }

        if (command.Events is { } events)
        {
            webhook.Events = events.Contains(WebhookEventTypes.All) ? [WebhookEventTypes.All] : events.Distinct(StringComparer.Ordinal).ToList();
        }

        webhook.Active = command.Active ?? webhook.Active;
        var now = clock.GetUtcNow();
        webhook.UpdatedAt = now;
        session.Store(webhook);
        await session.SaveChangesAsync(cancellationToken);
        return WebhookView.From(webhook, now);
    }
}
