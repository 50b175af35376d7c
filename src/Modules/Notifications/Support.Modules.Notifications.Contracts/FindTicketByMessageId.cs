using MediatR;

namespace Support.Modules.Notifications.Contracts;

/// <summary>
/// Asks Notifications which ticket one of these Message-IDs belongs to, when it is one of the
/// emails it sent (or a ticket's thread root): how a reply's <c>In-Reply-To</c> and <c>References</c>
/// find their ticket (IN-7). Null when none is ours.
/// </summary>
/// <param name="MessageIds">The Message-IDs, without angle brackets, most relevant first.</param>
public sealed record FindTicketByMessageId(IReadOnlyList<string> MessageIds) : IRequest<Guid?>;

/// <summary>Asks Notifications which addresses it sends from: mail from them is our own, never ingested (no loops).</summary>
public sealed record FindSendingAddresses : IRequest<IReadOnlyList<string>>;
