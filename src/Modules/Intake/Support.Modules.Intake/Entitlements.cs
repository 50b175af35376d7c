using Support.Modules.Intake.Contracts;

namespace Support.Modules.Intake;

/// <summary>
/// IN-8: which channels a support contract covers. Standard covers updates and email assistance
/// (the web form/API, email and the chat bot); phone assistance comes with the phone contract and
/// every contract above it.
/// </summary>
internal static class Entitlements
{
    public static bool Covers(SupportContract contract, TicketChannel channel) => contract switch
    {
        SupportContract.Standard => channel is not TicketChannel.Phone,
        SupportContract.Phone or SupportContract.Onsite or SupportContract.Extended => true,
        _ => false,
    };
}
