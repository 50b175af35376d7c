using AngleSharp.Dom;
using Ganss.Xss;

namespace Support.Modules.Intake.Email.Content;

/// <summary>
/// A customer's HTML made fit to show to staff: nothing that runs (scripts, event handlers,
/// <c>javascript:</c> URLs), nothing that asks for input (forms), and nothing that loads from
/// elsewhere when opened, so a tracking pixel never learns that the mail was read. Images stay only
/// when they come with the message (<c>cid:</c>); links stay, as http, https or mailto.
/// </summary>
internal static class SafeHtml
{
    private static readonly string[] FormTags =
    [
        "form", "input", "button", "select", "option", "optgroup", "textarea", "label", "fieldset", "legend",
        "datalist", "keygen", "output", "progress", "meter", "menuitem",
    ];

    private static readonly string[] LinkSchemes = ["http", "https", "mailto"];

    // Configured once; HtmlSanitizer is thread-safe while its configuration does not change.
    private static readonly HtmlSanitizer Sanitizer = Create();

    /// <summary>The body's content, sanitised (no <c>html</c>, <c>head</c> or <c>style</c> elements).</summary>
    public static string Sanitize(string html) => Sanitizer.Sanitize(html).Trim();

    private static HtmlSanitizer Create()
    {
        // The defaults already drop script, style, iframe and object, every on* attribute and any
        // scheme but http and https.
        var sanitizer = new HtmlSanitizer();
        foreach (var tag in FormTags)
        {
            sanitizer.AllowedTags.Remove(tag);
        }

        sanitizer.AllowedSchemes.Add("mailto");
        sanitizer.AllowedSchemes.Add("cid");
        sanitizer.FilterUrl += (_, e) => e.SanitizedUrl = IsAllowed(e) ? e.SanitizedUrl : null;
        sanitizer.PostProcessDom += (_, e) =>
        {
            // An image whose remote source was taken away is an empty box: drop it.
            foreach (var image in e.Document.QuerySelectorAll("img:not([src])").ToList())
            {
                image.Remove();
            }

            // Following a link tells the site neither where it came from nor gives it a handle on the page.
            foreach (var link in e.Document.QuerySelectorAll("a[href]"))
            {
                link.SetAttribute("rel", "noopener noreferrer");
            }
        };
        return sanitizer;
    }

    /// <summary>
    /// A link's target may be on the web; anything else a URL names (an image, a background, a
    /// quote's source) is loaded as the mail opens, so only a part of the message itself may be named.
    /// </summary>
    private static bool IsAllowed(FilterUrlEventArgs e)
    {
        if (e.SanitizedUrl is not { } url)
        {
            return false;
        }

        return IsLinkTarget(e.Tag, e.OriginalUrl)
            ? Uri.TryCreate(url, UriKind.Absolute, out var target) && LinkSchemes.Contains(target.Scheme, StringComparer.OrdinalIgnoreCase)
            : url.StartsWith("cid:", StringComparison.OrdinalIgnoreCase);
    }

    // The sanitiser reports URLs by element only: a URL is the link's own when it is the href's value
    // (not a url() in the link's style).
    private static bool IsLinkTarget(IElement element, string url) =>
        element.LocalName is "a" or "area" && element.GetAttribute("href") == url;
}
