using System.Security.Claims;
using Marten;
using MediatR;
using Support.Modules.Notifications.Webhooks.Deliveries;
using Support.Modules.Shared.Http;

namespace Support.Modules.Notifications.Webhooks.DeleteWebhook;

/// <summary>Removes a webhook and its delivery log: nothing more is posted to it.</summary>
internal sealed record DeleteWebhook(Guid Id, ClaimsPrincipal Caller) : IRequest;

internal sealed class DeleteWebhookHandler(IDocumentSession session) : IRequestHandler<DeleteWebhook>
{
    public async Task<Unit> Handle(DeleteWebhook command, CancellationToken cancellationToken)
    {
        var webhook = await session.LoadAsync<Webhook>(command.Id, cancellationToken);
        if (webhook is null || !webhook.VisibleTo(command.Caller))
        {
            throw new NotFoundException("webhook");
        }

        session.Delete(webhook);
        session.DeleteWhere<WebhookDelivery>(d => d.WebhookId == webhook.Id);
        await session.SaveChangesAsync(cancellationToken);
        return Unit.Value;
    }
}
