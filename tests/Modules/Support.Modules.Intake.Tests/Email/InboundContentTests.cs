using System.Security.Cryptography;
using System.Text;
using MimeKit;
using NUnit.Framework;
using Support.Modules.Intake.Email.Content;
using Support.Modules.Shared.Attachments;

namespace Support.Modules.Intake.Tests.Email;

/// <summary>
/// Email intake, the content half: what a ticket keeps of a received mail. Messages are built as raw
/// RFC 822 text where the wire format is the point (charsets, transfer encodings, encoded names), and
/// with MimeKit elsewhere.
/// </summary>
public sealed class InboundContentTests
{
    private const string Reference = "[ref:ticket-0195f3a27c4e7d109a3b5e8f1c2d3e4f]";
    private static readonly Guid TicketId = Guid.Parse("0195f3a2-7c4e-7d10-9a3b-5e8f1c2d3e4f");
    private static readonly AttachmentOptions Defaults = new();
    private static readonly byte[] Pdf = Encoding.ASCII.GetBytes("%PDF-1.4\n% a small invoice\n%%EOF\n");
    private static readonly byte[] Png = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0x00, 0x00, 0x00, 0x0D, 0x49, 0x48, 0x44, 0x52];

    [Test]
    public void Given_a_latin1_quoted_printable_mail_with_a_pdf_Then_the_text_is_decoded_and_the_pdf_kept_under_its_rfc2231_name()
    {
        var content = Read(Parse($"""
            From: =?ISO-8859-1?Q?=C9milie_Durand?= <emilie@client.fr>
            To: support@example.com
            Subject: =?ISO-8859-1?Q?Facture_erron=E9e?=
            MIME-Version: 1.0
            Content-Type: multipart/mixed; boundary="sep"

            --sep
            Content-Type: text/plain; charset=ISO-8859-1
            Content-Transfer-Encoding: quoted-printable

            Bonjour,

            La facture de d=E9cembre est erron=E9e : le montant =E0 payer ne corres=
            pond pas =E0 la commande. Merci de v=E9rifier le re=E7u ci-joint.

            --sep
            Content-Type: application/pdf; name="resume.pdf"
            Content-Disposition: attachment; filename*=UTF-8''r%C3%A9sum%C3%A9.pdf
            Content-Transfer-Encoding: base64

            {Convert.ToBase64String(Pdf)}
            --sep--
            """));

        Assert.Multiple(() =>
        {
            Assert.That(content.Text, Is.EqualTo(
                "Bonjour,\n\nLa facture de décembre est erronée : le montant à payer ne correspond pas à la commande. Merci de vérifier le reçu ci-joint."));
            Assert.That(content.FullText, Is.EqualTo(content.Text));
            Assert.That(content.Trimmed, Is.False);
            Assert.That(content.Html, Is.Null, "no HTML part");
            Assert.That(content.Attachments, Has.Count.EqualTo(1));
            Assert.That(content.Dropped, Is.Empty);
            Assert.That(content.HiddenReference, Is.Null);
        });
        var pdf = content.Attachments[0];
        Assert.Multiple(() =>
        {
            Assert.That(pdf.FileName, Is.EqualTo("résumé.pdf"), "filename* (RFC 2231) wins over name");
            Assert.That(pdf.PartName, Is.EqualTo("attachment"));
            Assert.That(pdf.ContentType, Is.EqualTo("application/pdf"));
            Assert.That(pdf.Content, Is.EqualTo(Pdf));
            Assert.That(pdf.Sha256, Is.EqualTo(Convert.ToHexStringLower(SHA256.HashData(Pdf))));
        });
    }

    [Test]
    public void Given_a_utf8_base64_text_Then_its_accents_are_decoded()
    {
        const string written = "Le cœur du problème : l’écran reste noir à chaque démarrage, ça bloque tout.";
        var body = new TextPart("plain") { ContentTransferEncoding = ContentEncoding.Base64 };
        body.SetText("utf-8", written);
        var sent = new MimeMessage { Subject = "Écran noir", Body = body };
        sent.From.Add(new MailboxAddress("Jane", "jane@client.com"));

        using var wire = new MemoryStream();
        sent.WriteTo(wire);
        var raw = Encoding.ASCII.GetString(wire.ToArray());
        var content = Read(MimeMessage.Load(new MemoryStream(wire.ToArray())));

        Assert.Multiple(() =>
        {
            Assert.That(raw, Does.Contain("Content-Transfer-Encoding: base64").And.Not.Contain("problème"), "the wire carries base64");
            Assert.That(content.Text, Is.EqualTo(written));
        });
    }

    [Test]
    public void Given_an_html_only_mail_Then_scripts_handlers_forms_and_remote_images_are_gone_and_the_cid_image_kept_as_inline()
    {
        var content = Read(Parse($"""
            From: Jane <jane@client.com>
            To: support@example.com
            Subject: Black screen
            MIME-Version: 1.0
            Content-Type: multipart/related; boundary="rel"

            --rel
            Content-Type: text/html; charset=utf-8

            <html><head><style>p {"{"} color: red; {"}"}</style><script>alert('head')</script></head>
            <body><p onclick="steal()">Hello,</p><p>The screen stays black &ndash; see the capture:</p>
            <img src="cid:shot@client.com" alt="capture" width="400">
            <img src="https://tracker.example.net/open.gif?u=42" width="1" height="1">
            <p style="background-image: url('https://tracker.example.net/bg.gif')">Details on <a href="https://status.example.com/incident">the status page</a> or <a href="javascript:alert(1)">here</a>.</p>
            <form action="https://evil.example.net/login"><input name="password"><button>Log in</button></form>
            <iframe src="https://evil.example.net/frame"></iframe>
            <script>alert('body')</script>
            </body></html>
            --rel
            Content-Type: image/png
            Content-Transfer-Encoding: base64
            Content-ID: <shot@client.com>
            Content-Disposition: inline

            {Convert.ToBase64String(Png)}
            --rel--
            """));

        Assert.Multiple(() =>
        {
            Assert.That(content.Text, Is.EqualTo(
                "Hello,\n\nThe screen stays black – see the capture:\n\nDetails on the status page <https://status.example.com/incident> or here."));
            Assert.That(content.Html, Is.EqualTo(
                "<p>Hello,</p><p>The screen stays black – see the capture:</p>\n<img src=\"cid:shot@client.com\" alt=\"capture\" width=\"400\">\n\n"
                + "<p>Details on <a href=\"https://status.example.com/incident\" rel=\"noopener noreferrer\">the status page</a> or <a>here</a>.</p>"));
            Assert.That(content.Attachments.Select(a => (a.PartName, a.FileName, a.ContentType)),
                Is.EqualTo(new[] { ("inline", "inline-image-1.png", "image/png") }), "an unnamed inline image is named after its type");
            Assert.That(content.Attachments[0].Content, Is.EqualTo(Png));
        });
    }

    [Test]
    public void Given_an_inline_image_and_a_pdf_shown_inline_Then_only_the_image_is_marked_inline()
    {
        var content = Read(Mail("Screenshot", new Multipart("mixed")
        {
            new TextPart("plain") { Text = "Screenshot and invoice." },
            new MimePart("image", "png")
            {
                ContentId = "image001.png@01DAB2C3",
                ContentDisposition = new ContentDisposition(ContentDisposition.Inline) { FileName = "image001.png" },
                Content = new MimeContent(new MemoryStream(Png)),
            },
            new MimePart("application", "pdf")
            {
                ContentDisposition = new ContentDisposition(ContentDisposition.Inline) { FileName = "invoice.pdf" },
                Content = new MimeContent(new MemoryStream(Pdf)),
            },
        }));

        Assert.That(content.Attachments.Select(a => (a.PartName, a.FileName, a.ContentType)), Is.EqualTo(new[]
        {
            ("inline", "inline-image001.png", "image/png"),
            ("attachment", "invoice.pdf", "application/pdf"),
        }), "Apple Mail shows a PDF inline; to staff it is an attachment");
    }

    [Test]
    public void Given_a_blank_plain_alternative_Then_the_text_comes_from_the_html()
    {
        var content = Read(Mail("Export", new MultipartAlternative
        {
            new TextPart("plain") { Text = "\n" },
            new TextPart("html") { Text = "<p>Line one<br>Line&nbsp;two &amp; more</p><ul><li>first</li><li>second</li></ul>" },
        }));

        Assert.That(content.Text, Is.EqualTo("Line one\nLine two & more\n\n- first\n- second"));
    }

    [Test]
    public void Given_an_english_gmail_reply_Then_the_quote_is_trimmed_and_our_reference_found_in_it()
    {
        var message = Mail("Re: Printer offline", new MultipartAlternative
        {
            new TextPart("plain")
            {
                Text = $"""
                    Thanks, that fixed it!
                    The printer prints again.

                    On Tue, Mar 3, 2026 at 10:15 AM Support <support@example.com> wrote:

                    > Hello Jane,
                    >
                    > Please restart the print spooler. {Reference}
                    >

                    """,
            },
            new TextPart("html")
            {
                Text = $"""
                    <div dir="ltr">Thanks, that fixed it!<div>The printer prints again.</div></div><br>
                    <div class="gmail_quote"><div dir="ltr" class="gmail_attr">On Tue, Mar 3, 2026 at 10:15 AM Support &lt;support@example.com&gt; wrote:<br></div>
                    <blockquote class="gmail_quote">Hello Jane,<br><br>Please restart the print spooler.<span style="display:none">{Reference}</span></blockquote></div>
                    """,
            },
        });

        var content = Read(message);

        Assert.Multiple(() =>
        {
            Assert.That(content.Text, Is.EqualTo("Thanks, that fixed it!\nThe printer prints again."), "the plain part is preferred");
            Assert.That(content.FullText, Is.EqualTo(
                "Thanks, that fixed it!\nThe printer prints again.\n\nOn Tue, Mar 3, 2026 at 10:15 AM Support <support@example.com> wrote:\n\n"
                + "> Hello Jane,\n>\n> Please restart the print spooler.\n>"), "untrimmed, without our hidden reference");
            Assert.That(content.Trimmed, Is.True);
            Assert.That(content.HiddenReference, Is.EqualTo(TicketId));
            Assert.That(content.Html, Does.Contain("Please restart the print spooler."), "the HTML is kept whole");
        });
    }

    [Test]
    public void Given_an_html_only_gmail_reply_with_our_reference_hidden_in_its_quote_Then_the_quote_is_trimmed_and_the_reference_found()
    {
        var message = Mail("Re: Update", new TextPart("html")
        {
            Text = $"""
                <div dir="ltr">Still broken after the update, see the log attached.<div><br></div><div>Jane</div></div><br>
                <div class="gmail_quote gmail_quote_container"><div dir="ltr" class="gmail_attr">On Tue, Mar 3, 2026 at 10:15 AM Support &lt;support@example.com&gt; wrote:<br></div>
                <blockquote class="gmail_quote" style="margin:0px 0px 0px 0.8ex;border-left:1px solid rgb(204,204,204);padding-left:1ex">
                <div>Hello Jane, please update to 4.2.<span style="display:none">{Reference}</span></div></blockquote></div>
                """,
        });

        var content = Read(message);

        Assert.Multiple(() =>
        {
            Assert.That(content.Text, Is.EqualTo("Still broken after the update, see the log attached.\n\nJane"));
            Assert.That(content.FullText, Is.EqualTo(
                "Still broken after the update, see the log attached.\n\nJane\n\n"
                + "On Tue, Mar 3, 2026 at 10:15 AM Support <support@example.com> wrote:\n\nHello Jane, please update to 4.2."));
            Assert.That(content.Trimmed, Is.True);
            Assert.That(content.HiddenReference, Is.EqualTo(TicketId));
        });
    }

    [Test]
    public void Given_a_french_outlook_reply_in_windows_1252_Then_the_header_block_and_what_follows_are_trimmed()
    {
        var content = Read(Parse("""
            From: Marie Dupont <marie@client.fr>
            To: support@example.com
            Subject: RE: Imprimante en panne
            MIME-Version: 1.0
            Content-Type: text/html; charset="windows-1252"
            Content-Transfer-Encoding: quoted-printable

            <html><head><meta http-equiv=3D"Content-Type" content=3D"text/html; charset=
            =3Dwindows-1252"><style>p.MsoNormal {margin:0cm}</style></head>
            <body lang=3D"FR"><div class=3D"WordSection1">
            <p class=3D"MsoNormal">Bonjour,<o:p></o:p></p>
            <p class=3D"MsoNormal"><o:p>&nbsp;</o:p></p>
            <p class=3D"MsoNormal">C=92est r=E9gl=E9, merci. Le c=9Cur du probl=E8me =E9tait=
             le pilote.<o:p></o:p></p>
            <p class=3D"MsoNormal"><o:p>&nbsp;</o:p></p>
            <p class=3D"MsoNormal">Cordialement,<br>Marie Dupont<o:p></o:p></p>
            <p class=3D"MsoNormal"><o:p>&nbsp;</o:p></p>
            <div style=3D"border:none;border-top:solid #E1E1E1 1.0pt;padding:3.0pt 0cm 0cm =
            0cm">
            <p class=3D"MsoNormal"><b>De&nbsp;:</b> Support &lt;support@example.com&gt;<br>
            <b>Envoy=E9&nbsp;:</b> mardi 3 mars 2026 10:15<br>
            <b>=C0&nbsp;:</b> Marie Dupont &lt;marie@client.fr&gt;<br>
            <b>Objet&nbsp;:</b> Imprimante en panne<o:p></o:p></p>
            </div>
            <p class=3D"MsoNormal"><o:p>&nbsp;</o:p></p>
            <p class=3D"MsoNormal">Bonjour Marie, pouvez-vous red=E9marrer le spouleur&nbsp;?<o:p></o:p></p>
            </div></body></html>
            """));

        Assert.Multiple(() =>
        {
            Assert.That(content.Text, Is.EqualTo("Bonjour,\n\nC’est réglé, merci. Le cœur du problème était le pilote.\n\nCordialement,\nMarie Dupont"));
            Assert.That(content.FullText, Does.EndWith(
                "De : Support <support@example.com>\nEnvoyé : mardi 3 mars 2026 10:15\nÀ : Marie Dupont <marie@client.fr>\nObjet : Imprimante en panne\n\n"
                + "Bonjour Marie, pouvez-vous redémarrer le spouleur ?"));
            Assert.That(content.Trimmed, Is.True);
            Assert.That(content.HiddenReference, Is.Null);
        });
    }

    [TestCase(
        "Works now.\n\nOn Tue, 3 Mar 2026 at 10:15, Support Team <support@example.com>\nwrote:\n> Try again.",
        "Works now.", TestName = "An 'On … wrote:' header wrapped on two lines")]
    [TestCase(
        "Ça marche.\n\nLe 03/03/2026 à 10:15, Support <support@example.com> a\nécrit :\n> Réessayez.",
        "Ça marche.", TestName = "A 'Le … a écrit :' header wrapped on two lines")]
    [TestCase(
        "Ça marche.\n\nLe mar. 3 mars 2026 à 10:15, Support <support@example.com> a écrit\u00A0:\n\n> Réessayez.",
        "Ça marche.", TestName = "A 'Le … a écrit :' header with a no-break space")]
    [TestCase(
        "C'est réglé.\n\n-----Message d'origine-----\nDe : Support\nEnvoyé : mardi 3 mars 2026 10:15\nÀ : Marie\nObjet : Imprimante\n\nRedémarrez.",
        "C'est réglé.", TestName = "Outlook's '-----Message d'origine-----'")]
    [TestCase(
        "Fixed.\n\n-----Original Message-----\nFrom: Support\nSent: Tuesday, March 3, 2026 10:15 AM\nTo: Jane\nSubject: Printer\n\nRestart it.",
        "Fixed.", TestName = "Outlook's '-----Original Message-----'")]
    [TestCase(
        "Fixed.\n\n________________________________\nFrom: Support <support@example.com>\nSent: Tuesday, March 3, 2026 10:15 AM\nTo: Jane <jane@client.com>\nSubject: RE: Printer\n\nRestart it.",
        "Fixed.", TestName = "Outlook's 'From: Sent: To: Subject:' block under a rule")]
    [TestCase(
        "Hello,\n\nThe export fails on Mondays.\n\n-- \nJane Doe\nACME Corp, +33 1 23 45 67 89",
        "Hello,\n\nThe export fails on Mondays.", TestName = "A signature after '-- '")]
    [TestCase(
        "It crashed again.\n\nSent from my iPhone\n\n> On 3 Mar 2026, at 10:15, Support wrote:",
        "It crashed again.", TestName = "Sent from my iPhone")]
    [TestCase(
        "Toujours en panne.\n\nEnvoyé de mon iPhone",
        "Toujours en panne.", TestName = "Envoyé de mon iPhone")]
    [TestCase(
        "> Which version do you run?\n4.2 on Windows 11.\n> And since when?\nSince Monday.",
        "4.2 on Windows 11.\nSince Monday.", TestName = "Answers between quoted lines")]
    public void Given_a_plain_reply_Then_the_new_text_is_kept(string body, string expected)
    {
        var content = Read(Mail("Re: Ticket", new TextPart("plain") { Text = body }));

        Assert.Multiple(() =>
        {
            Assert.That(content.Text, Is.EqualTo(expected));
            Assert.That(content.Trimmed, Is.True);
        });
    }

    [TestCase(
        "Please look at this:\n\n---------- Forwarded message ---------\nFrom: Bob <bob@client.com>\nDate: Tue, Mar 3, 2026 at 9:00 AM\nSubject: Crash\nTo: Jane <jane@client.com>\n\nThe app crashes at start.",
        TestName = "A forwarded message is what the sender sends on")]
    [TestCase(
        "Please look at this:\n\n________________________________\nFrom: Bob <bob@client.com>\nSent: Tuesday, March 3, 2026 9:00 AM\nTo: Jane <jane@client.com>\nSubject: FW: Crash\n\nThe app crashes at start.",
        TestName = "An Outlook forward is what the sender sends on")]
    [TestCase("> Only a quote\n> and nothing else", TestName = "Trimming that would leave nothing")]
    [TestCase("On Tue, Mar 3, 2026 at 10:15 AM Support <support@example.com> wrote:\n> Restart it.", TestName = "A reply header at the very top")]
    public void Given_a_text_with_nothing_to_trim_Then_it_is_kept_whole(string body)
    {
        var content = Read(Mail("Fwd: Crash", new TextPart("plain") { Text = body }));

        Assert.Multiple(() =>
        {
            Assert.That(content.Text, Is.EqualTo(body));
            Assert.That(content.FullText, Is.EqualTo(body));
            Assert.That(content.Trimmed, Is.False);
        });
    }

    [Test] // IN-4
    public void Given_files_beyond_the_limits_Then_they_are_dropped_with_their_reason_and_the_others_kept()
    {
        var limits = new AttachmentOptions { MaxBytes = 1024 };
        var log = Encoding.UTF8.GetBytes("12:00 export started\n12:01 export failed\n");
        var content = Read(Parse($"""
            From: Jane <jane@client.com>
            To: support@example.com
            Subject: Export fails
            MIME-Version: 1.0
            Content-Type: multipart/mixed; boundary="sep"

            --sep
            Content-Type: text/plain; charset=us-ascii

            The export fails, files attached.
            --sep
            Content-Type: application/zip; name="big.zip"
            Content-Disposition: attachment; filename="big.zip"
            Content-Transfer-Encoding: base64

            {Convert.ToBase64String(new byte[2000])}
            --sep
            Content-Type: application/x-msdownload; name="setup.exe"
            Content-Disposition: attachment; filename="setup.exe"
            Content-Transfer-Encoding: base64

            {Convert.ToBase64String(Encoding.ASCII.GetBytes("MZ-fake-exe"))}
            --sep
            Content-Type: text/plain; name="empty.txt"
            Content-Disposition: attachment; filename="empty.txt"

            --sep
            Content-Type: application/octet-stream; name="=?UTF-8?B?am91cm5hbCBk4oCZw6l0w6kubG9n?="
            Content-Disposition: attachment; filename="=?UTF-8?B?am91cm5hbCBk4oCZw6l0w6kubG9n?="
            Content-Transfer-Encoding: base64

            {Convert.ToBase64String(log)}
            --sep--
            """), limits);

        Assert.Multiple(() =>
        {
            Assert.That(content.Text, Is.EqualTo("The export fails, files attached."), "the message is still taken in");
            Assert.That(content.Dropped, Is.EqualTo(new[]
            {
                new DroppedAttachment("big.zip", "The attachment 'big.zip' was not kept: at 2 KiB it is larger than the 1 KiB a file may be."),
                new DroppedAttachment("setup.exe", "The attachment 'setup.exe' was not kept: files of type 'application/x-msdownload' are not accepted."),
                new DroppedAttachment("empty.txt", "The attachment 'empty.txt' was not kept: it is empty."),
            }));
            Assert.That(content.Attachments.Select(a => (a.FileName, a.ContentType, a.Content)),
                Is.EqualTo(new[] { ("journal d’été.log", "text/plain", log) }), "an encoded-word name; an octet stream typed by its extension, as the API does");
        });
    }

    [Test]
    public void Given_more_files_than_a_request_may_carry_Then_the_extra_ones_are_dropped()
    {
        var limits = new AttachmentOptions { MaxFilesPerRequest = 1 };
        var body = new Multipart("mixed") { new TextPart("plain") { Text = "Two screenshots." } };
        foreach (var name in new[] { "one.png", "two.png" })
        {
            body.Add(new MimePart("image", "png") { FileName = name, Content = new MimeContent(new MemoryStream(Png)) });
        }

        var content = Read(Mail("Screens", body), limits);

        Assert.Multiple(() =>
        {
            Assert.That(content.Attachments.Select(a => a.FileName), Is.EqualTo(new[] { "one.png" }));
            Assert.That(content.Dropped.Select(d => d.Reason), Is.EqualTo(new[] { "The attachment 'two.png' was not kept: a message may bring at most 1 files." }));
        });
    }

    [Test]
    public void Given_a_forwarded_message_part_Then_it_is_kept_as_an_eml_named_after_its_subject()
    {
        var forwarded = new MimeMessage { Subject = "Invoice 42 / March", Body = new TextPart("plain") { Text = "Please find the invoice." } };
        forwarded.From.Add(new MailboxAddress("Billing", "billing@vendor.com"));
        var message = Mail("Fwd: Invoice 42", new Multipart("mixed")
        {
            new TextPart("plain") { Text = "See the mail below." },
            new MessagePart { Message = forwarded },
        });

        var content = Read(message);

        Assert.That(content.Attachments, Has.Count.EqualTo(1));
        var eml = content.Attachments[0];
        var reread = MimeMessage.Load(new MemoryStream(eml.Content));
        Assert.Multiple(() =>
        {
            Assert.That(content.Text, Is.EqualTo("See the mail below."), "the forwarded text is not the sender's own");
            Assert.That(eml.FileName, Is.EqualTo("Invoice 42 - March.eml"));
            Assert.That(eml.ContentType, Is.EqualTo("message/rfc822"));
            Assert.That(reread.Subject, Is.EqualTo("Invoice 42 / March"));
            Assert.That(reread.TextBody, Is.EqualTo("Please find the invoice.\n"));
            Assert.That(Encoding.ASCII.GetString(eml.Content), Does.Contain("Subject: Invoice 42 / March\r\n"), "CRLF line ends, as an .eml file has");
        });
    }

    [Test]
    public void Given_the_raw_message_Then_the_original_is_an_eml_the_default_limits_accept()
    {
        var raw = Encoding.ASCII.GetBytes("From: jane@client.com\r\nSubject: Hi\r\n\r\nHello.\r\n");

        var original = OriginalEml.For(raw);

        Assert.Multiple(() =>
        {
            Assert.That(original.FileName, Is.EqualTo("original-message.eml"));
            Assert.That(original.ContentType, Is.EqualTo("message/rfc822"));
            Assert.That(original.Content, Is.SameAs(raw), "byte for byte");
            Assert.That(original.Sha256, Is.EqualTo(Convert.ToHexStringLower(SHA256.HashData(raw))));
            Assert.That(InboundAttachments.Refusal(original.FileName, original.ContentType, original.Size, Defaults), Is.Null);
        });
    }

    private static InboundContent Read(MimeMessage message, AttachmentOptions? limits = null) =>
        InboundContent.Read(message, limits ?? Defaults);

    private static MimeMessage Parse(string raw) => MimeMessage.Load(new MemoryStream(Encoding.Latin1.GetBytes(raw)));

    private static MimeMessage Mail(string subject, MimeEntity body)
    {
        var message = new MimeMessage { Subject = subject, Body = body };
        message.From.Add(new MailboxAddress("Jane", "jane@client.com"));
        message.To.Add(new MailboxAddress("Support", "support@example.com"));
        return message;
    }
}
