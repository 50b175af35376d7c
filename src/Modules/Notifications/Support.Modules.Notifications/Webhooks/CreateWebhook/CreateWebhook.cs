using System.Security.Claims;
using System.Text.Json.Serialization;
using FluentValidation;
using Marten;
using MediatR;
using Microsoft.Extensions.Options;
using Support.Modules.Notifications.Webhooks.Fanout;
using Support.Modules.Shared.Http;
using Support.Modules.Shared.Security;

namespace Support.Modules.Notifications.Webhooks.CreateWebhook;

// A parameter with a default is optional in the OpenAPI schema; the others are listed as required.
/// <summary>A webhook to register (NO-6).</summary>
/// <param name="Url">Where events are posted: an http or https URL on the public internet, e.g. <c>https://partner.example/support-events</c>.</param>
/// <param name="Events">The event types to receive, e.g. <c>["ticket_submitted", "ticket_status_changed"]</c>, or <c>["*"]</c> for all of them (those added later included).</param>
/// <param name="Secret">The secret that signs deliveries, 16 to 256 characters; when omitted, a random one is made. Either way it is answered this once.</param>
internal sealed record CreateWebhook(string? Url, IReadOnlyList<string>? Events, string? Secret = null) : IRequest<WebhookWithSecret>
{
    [JsonIgnore]
    public ClaimsPrincipal Caller { get; init; } = new();
}

internal sealed class CreateWebhookValidator : AbstractValidator<CreateWebhook>
{
    public CreateWebhookValidator()
    {
        RuleFor(x => x.Url).Custom(WebhookTargets.Validate);
        RuleFor(x => x.Events).NotEmpty().WithMessage(WebhookEventTypes.Required);
        RuleFor(x => x.Events).Must(WebhookEventTypes.AllKnown).When(x => x.Events is { Count: > 0 }).WithMessage(x => WebhookEventTypes.Unknown(x.Events!));
        RuleFor(x => x.Secret).Length(WebhookSecrets.MinLength, WebhookSecrets.MaxLength).When(x => x.Secret is not null)
            .WithMessage($"'secret' must be {WebhookSecrets.MinLength} to {WebhookSecrets.MaxLength} characters, or left out to get a random one.");
    }
}

internal sealed class CreateWebhookHandler(IDocumentSession session, IOptions<WebhookOptions> options, TimeProvider clock)
    : IRequestHandler<CreateWebhook, WebhookWithSecret>
{
    public async Task<WebhookWithSecret> Handle(CreateWebhook command, CancellationToken cancellationToken)
    {
        var url = command.Url!.Trim();
        if (await WebhookTargets.RefusalAsync(url, options.Value.AllowPrivateNetworkTargets, cancellationToken) is { } refusal)
        {
            throw new UnprocessableException("url", refusal);
        }

        var now = clock.GetUtcNow();
        var id = Guid.CreateVersion7(now);
        var secret = command.Secret ?? WebhookSecrets.Generate();
        var partner = command.Caller.IsPartner();
        var webhook = new Webhook
        {
            Id = id,
            Url = url,
            Events = command.Events!.Contains(WebhookEventTypes.All) ? [WebhookEventTypes.All] : command.Events!.Distinct(StringComparer.Ordinal).ToList(),
            Active = true,
            OwnerKeyId = command.Caller.KeyId(),
            AllOrganizations = !partner,
            OrganizationIds = partner ? command.Caller.OrganizationIds().ToList() : [],
            Secret = secret,
            SecretRotatedAt = now,
            CreatedAt = now,
            UpdatedAt = now,
            ListKey = Webhook.ListKeyFor(now, id),
        };
        session.Insert(webhook);
        await session.SaveChangesAsync(cancellationToken);
        return WebhookWithSecret.From(webhook, secret, now);
    }
}
