namespace Support.Modules.Notifications.Contracts;

/// <summary>
/// The reference Notifications hides in every email's HTML and email intake looks for in replies
/// (IN-7): a reply quotes it back, which ties it to its ticket when the threading headers and the
/// subject's number were lost. One format, both sides.
/// </summary>
public static class HiddenTicketReference
{
    public static string For(Guid ticketId) => $"[ref:ticket-{ticketId:N}]";
}
