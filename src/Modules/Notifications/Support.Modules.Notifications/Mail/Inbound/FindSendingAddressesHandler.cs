using MediatR;
using Microsoft.Extensions.Options;
using MimeKit;
using Support.Modules.Notifications.Contracts;

namespace Support.Modules.Notifications.Mail.Inbound;

internal sealed class FindSendingAddressesHandler(IOptions<MailOptions> options) : IRequestHandler<FindSendingAddresses, IReadOnlyList<string>>
{
    public Task<IReadOnlyList<string>> Handle(FindSendingAddresses request, CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<string>>([MailboxAddress.Parse(options.Value.From).Address.ToLowerInvariant()]);
}
