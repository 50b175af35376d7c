using Support.Modules.Intake.Contracts;

namespace Support.Modules.Intake;

/// <summary>
/// Which channels a support contract entitles an organisation to (IN-8). A request through a channel
/// it does not cover is still recorded, and flagged for the agent: this only answers the question.
/// </summary>
internal static class Entitlements
{
    /// <summary>
    /// <c>standard</c> (updates and email assistance) covers the web form/API, email and the chat bot,
    /// not phone; <c>phone</c> adds phone assistance; <c>onsite</c> and <c>extended</c> go beyond phone,
    /// so they cover every channel.
    /// </summary>
    public static bool Covers(SupportContract contract, TicketChannel channel) => contract switch
    {
        // Channels are listed rather than "not phone", so a channel added later is not covered by default.
        SupportContract.Standard => channel is TicketChannel.Api or TicketChannel.Email or TicketChannel.Chat,
        SupportContract.Phone or SupportContract.Onsite or SupportContract.Extended => Enum.IsDefined(channel),
        _ => false,
    };
}
