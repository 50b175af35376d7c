using System.Runtime.CompilerServices;
using System.Text;

namespace Support.Modules.Intake.Email.Content;

/// <summary>
/// The legacy charsets mail still comes in. .NET knows only Unicode, ASCII and Latin-1 until told
/// otherwise: without the code pages MimeKit reads windows-1252, which Outlook sends in Western
/// Europe, as Latin-1, and "œ" or "’" come out as control characters.
/// </summary>
internal static class CodePages
{
    // Registered as the module's assembly loads, before any of its code parses a message: MimeKit
    // remembers a charset it once failed to find for the life of the process, so registering later,
    // after a header in windows-1252 was read, would be too late. Registering is global but only adds encodings.
#pragma warning disable CA2255 // A module initializer in a library: see above.
    [ModuleInitializer]
    internal static void Register() => Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);
#pragma warning restore CA2255
}
