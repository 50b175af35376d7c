using System.Text;
using AngleSharp.Dom;
using AngleSharp.Html.Parser;

namespace Support.Modules.Intake.Email.Content;

/// <summary>
/// An HTML body as the text a reader sees: blocks on their own lines, <c>&lt;br&gt;</c> as a line
/// break, entities decoded, scripts and styles left out. Layout is not kept; the sanitised HTML is.
/// </summary>
internal static class HtmlText
{
    // Elements whose content is never read as text.
    private static readonly HashSet<string> Unread = new(StringComparer.OrdinalIgnoreCase)
    {
        "script", "style", "head", "title", "noscript", "template", "object", "embed", "iframe", "svg", "math",
        "select", "textarea", "button", "img",
    };

    // Elements set apart by a blank line, as a browser's default margins do.
    private static readonly HashSet<string> Paragraphs = new(StringComparer.OrdinalIgnoreCase)
    {
        "p", "h1", "h2", "h3", "h4", "h5", "h6", "pre", "blockquote", "table", "ul", "ol", "dl", "hr",
    };

    // Elements that start and end a line.
    private static readonly HashSet<string> Blocks = new(StringComparer.OrdinalIgnoreCase)
    {
        "address", "article", "aside", "caption", "center", "dd", "details", "dialog", "div", "dt", "fieldset",
        "figcaption", "figure", "footer", "form", "header", "legend", "li", "main", "nav", "section", "summary",
        "tbody", "tfoot", "thead", "tr",
    };

    // Where mail clients put the message being replied to. A forwarded message is kept: it is what
    // the sender sends on.
    private const string QuoteSelector = ".gmail_quote, blockquote, .moz-cite-prefix, .yahoo_quoted";

    /// <summary>The whole text, and the text without the quoted parts mail clients mark up as such.</summary>
    public static (string Full, string WithoutQuotes) Read(string html)
    {
        var document = new HtmlParser().ParseDocument(html);
        var root = document.Body ?? document.DocumentElement;
        var full = Convert(root);
        foreach (var quote in root.QuerySelectorAll(QuoteSelector).ToList())
        {
            if (!ReplyText.StartsForward(quote.TextContent))
            {
                quote.Remove();
            }
        }

        return (full, Convert(root));
    }

    private static string Convert(INode root)
    {
        var text = new PlainText();
        Write(root, text, preformatted: false);
        return text.ToString();
    }

    private static void Write(INode node, PlainText text, bool preformatted)
    {
        if (node is IText textNode)
        {
            text.Append(textNode.Data, preformatted);
            return;
        }

        if (node is not IElement element)
        {
            foreach (var child in node.ChildNodes)
            {
                Write(child, text, preformatted);
            }

            return;
        }

        var name = element.LocalName;
        if (Unread.Contains(name))
        {
            return;
        }

        if (name == "br")
        {
            text.LineBreak();
            return;
        }

        var paragraph = Paragraphs.Contains(name);
        var block = paragraph || Blocks.Contains(name);
        if (paragraph)
        {
            text.BlankLine();
        }
        else if (block)
        {
            text.LineStart();
        }
        else if (name is "td" or "th")
        {
            text.Space();
        }

        if (name == "li")
        {
            text.Append("- ", preformatted: true);
        }

        foreach (var child in element.ChildNodes)
        {
            Write(child, text, preformatted || name == "pre");
        }

        if (name == "a" && LinkTarget(element) is { } target)
        {
            text.Append($" <{target}>", preformatted: true);
        }

        if (paragraph)
        {
            text.BlankLine();
        }
        else if (block)
        {
            text.LineStart();
        }
    }

    // A link's address is part of what the sender wrote ("the page at <…>"), unless the text shows it already.
    private static string? LinkTarget(IElement anchor)
    {
        var href = anchor.GetAttribute("href")?.Trim();
        return href is not null
            && (href.StartsWith("http://", StringComparison.OrdinalIgnoreCase) || href.StartsWith("https://", StringComparison.OrdinalIgnoreCase))
            && !anchor.TextContent.Contains(href, StringComparison.OrdinalIgnoreCase)
            ? href
            : null;
    }

    /// <summary>Text written the way a browser lays out inline content: runs of white space as one space.</summary>
    private sealed class PlainText
    {
        private readonly StringBuilder builder = new();

        public void Append(string value, bool preformatted)
        {
            foreach (var character in value.Replace("\r\n", "\n", StringComparison.Ordinal))
            {
                if (preformatted)
                {
                    builder.Append(character == '\u00A0' ? ' ' : character);
                }
                else if (character is ' ' or '\t' or '\n' or '\r' or '\f')
                {
                    Space();
                }
                else
                {
                    builder.Append(character == '\u00A0' ? ' ' : character);
                }
            }
        }

        /// <summary>One space between words, none at the start of a line.</summary>
        public void Space()
        {
            if (builder.Length > 0 && builder[^1] is not (' ' or '\n'))
            {
                builder.Append(' ');
            }
        }

        public void LineBreak()
        {
            TrimLineEnd();
            builder.Append('\n');
        }

        public void LineStart()
        {
            if (builder.Length > 0 && builder[^1] != '\n')
            {
                LineBreak();
            }
        }

        public void BlankLine()
        {
            LineStart();
            if (builder.Length > 0 && (builder.Length < 2 || builder[^2] != '\n'))
            {
                builder.Append('\n');
            }
        }

        public override string ToString() => builder.ToString();

        private void TrimLineEnd()
        {
            while (builder.Length > 0 && builder[^1] == ' ')
            {
                builder.Length--;
            }
        }
    }
}
