using Marten;
using MediatR;
using Support.Modules.Intake.Contracts;

namespace Support.Modules.Intake.Queues.FindByIntakeAddress;

internal sealed class FindQueueByIntakeAddressHandler(IQuerySession session) : IRequestHandler<FindQueueByIntakeAddress, string?>
{
    public async Task<string?> Handle(FindQueueByIntakeAddress request, CancellationToken cancellationToken) =>
        IntakeAddresses.FromHeader(request.Address) is { } address
            ? (await QueueDirectory.ByIntakeAddressAsync(session, address, cancellationToken))?.Id
            : null;
}
