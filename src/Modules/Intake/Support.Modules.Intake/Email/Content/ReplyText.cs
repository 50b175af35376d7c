using System.Text.RegularExpressions;

namespace Support.Modules.Intake.Email.Content;

/// <summary>
/// What is new in a reply: the text above the quoted earlier message, without quoted lines, the
/// signature or a phone's footer. The rules are those of the common mail clients in English and French.
/// </summary>
internal static partial class ReplyText
{
    /// <summary>
    /// The text tidied: one kind of line break, no trailing spaces, at most one blank line in a row,
    /// none at either end, no hidden ticket reference.
    /// </summary>
    public static string Tidy(string text)
    {
        var lines = TicketReference.Remove(text)
            .ReplaceLineEndings("\n")
            .Split('\n')
            .Select(line => line.TrimEnd());
        return BlankLines().Replace(string.Join('\n', lines), "\n\n").Trim('\n');
    }

    /// <summary>
    /// The new part of a tidied text: everything from the first reply header, original-message
    /// marker, signature delimiter or phone footer on is cut, and lines quoted with <c>&gt;</c> are
    /// dropped. Empty when nothing is left; the caller then keeps the whole text.
    /// </summary>
    public static string NewPart(string text)
    {
        var lines = text.Split('\n');
        var kept = lines.Take(EndOfNewPart(lines))
            .Where(line => !line.TrimStart().StartsWith('>'));
        return Tidy(string.Join('\n', kept));
    }

    /// <summary>Whether the text starts with the header a client writes above a forwarded message.</summary>
    public static bool StartsForward(string text) => ForwardMarker().IsMatch(text.TrimStart());

    private static int EndOfNewPart(string[] lines)
    {
        for (var i = 0; i < lines.Length; i++)
        {
            var line = lines[i].Trim();
            if (ReplyHeader().IsMatch(line) || IsWrappedReplyHeader(lines, i)
                || OriginalMessage().IsMatch(line) || SignatureDelimiter().IsMatch(lines[i]) || PhoneFooter().IsMatch(line))
            {
                return i;
            }

            if (IsOutlookHeader(lines, i))
            {
                // Outlook draws a line of underscores above the header block.
                var above = PreviousNonBlank(lines, i);
                return above >= 0 && Underscores().IsMatch(lines[above].Trim()) ? above : i;
            }
        }

        return lines.Length;
    }

    // A client wraps a long "On …, … wrote:" line; the next line alone is then only its tail.
    private static bool IsWrappedReplyHeader(string[] lines, int i)
    {
        if (i + 1 >= lines.Length)
        {
            return false;
        }

        var next = lines[i + 1].Trim();
        return !ReplyHeader().IsMatch(next) && ReplyHeader().IsMatch($"{lines[i].Trim()} {next}");
    }

    /// <summary>
    /// "From: … Sent: … To: … Subject: …" (or "De : … Envoyé : … À : … Objet : …") as Outlook writes
    /// above a reply's quote. The same block above a forwarded message is kept: it is what was sent on.
    /// </summary>
    private static bool IsOutlookHeader(string[] lines, int i)
    {
        if (HeaderField(lines[i]) is not Field.From)
        {
            return false;
        }

        var above = PreviousNonBlank(lines, i);
        if (above >= 0 && ForwardMarker().IsMatch(lines[above].Trim()))
        {
            return false;
        }

        var sentOrTo = false;
        foreach (var line in lines.Skip(i + 1).Take(6))
        {
            switch (HeaderField(line))
            {
                case Field.Sent or Field.To:
                    sentOrTo = true;
                    break;
                case Field.Subject:
                    return sentOrTo && !ForwardedSubject().IsMatch(line);
            }
        }

        return false;
    }

    private static Field? HeaderField(string line)
    {
        var match = HeaderLine().Match(line.Trim());
        if (!match.Success)
        {
            return null;
        }

        return match.Groups["name"].Value.ToLowerInvariant() switch
        {
            "from" or "de" => Field.From,
            "sent" or "date" or "envoyé" or "envoyé le" => Field.Sent,
            "to" or "à" or "a" or "cc" => Field.To,
            "subject" or "objet" => Field.Subject,
            _ => null,
        };
    }

    private static int PreviousNonBlank(string[] lines, int i)
    {
        for (var j = i - 1; j >= 0; j--)
        {
            if (lines[j].Trim().Length > 0)
            {
                return j;
            }
        }

        return -1;
    }

    // "On Tue, 3 Mar 2026 at 10:15, Jane <jane@example.com> wrote:" and
    // "Le 3 mars 2026 à 10:15, Jane <jane@example.com> a écrit :". The date's digits keep a sentence
    // that merely starts with "On" and ends with "wrote:" from matching.
    [GeneratedRegex(@"^(On\s.*\d.*\swrote|Le\s.*\d.*\sa\s+écrit)\s*:$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex ReplyHeader();

    [GeneratedRegex(@"^-{2,}\s*(Original Message|Message d['’]origine)\s*-{2,}$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex OriginalMessage();

    // "-- " by the standard (RFC 3676 §4.3); many clients and our own tidying lose the trailing space.
    [GeneratedRegex(@"^--\s?$", RegexOptions.CultureInvariant)]
    private static partial Regex SignatureDelimiter();

    [GeneratedRegex(@"^(Sent from my|Sent from Outlook for|Get Outlook for|Envoyé de mon|Envoyé depuis mon|Obtenir Outlook pour)\s",
        RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex PhoneFooter();

    // "From:", "*From:*" (a plain rendering of bold), "De :" (French puts a space before the colon).
    [GeneratedRegex(@"^\*?(?<name>From|De|Sent|Date|Envoyé|Envoyé le|To|À|A|Cc|Subject|Objet)\s*:\*?(\s|$)",
        RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex HeaderLine();

    [GeneratedRegex(@"^\*?(Subject|Objet)\s*:\*?\s*(FW|Fwd|TR)\s*:", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex ForwardedSubject();

    [GeneratedRegex(@"^(-{3,}\s*(Forwarded message|Message transféré)|Begin forwarded message|Début du message réexpédié)",
        RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex ForwardMarker();

    [GeneratedRegex(@"^_{10,}$", RegexOptions.CultureInvariant)]
    private static partial Regex Underscores();

    [GeneratedRegex(@"\n{3,}", RegexOptions.CultureInvariant)]
    private static partial Regex BlankLines();

    private enum Field
    {
        From,
        Sent,
        To,
        Subject,
    }
}
