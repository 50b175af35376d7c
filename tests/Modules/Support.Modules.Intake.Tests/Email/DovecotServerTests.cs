using System.Text;
using MailKit;
using MailKit.Net.Imap;
using MailKit.Security;
using MimeKit;
using NUnit.Framework;
using Support.Testing;

namespace Support.Modules.Intake.Tests.Email;

/// <summary>The IMAP server the email-intake tests put messages into: a real dovecot, read with MailKit.</summary>
public sealed class DovecotServerTests
{
    private const string User = "support@acme.example";
    private const string Password = "imap-s3cret";

    /// <summary>A customer's email in Latin-1, quoted-printable, as older mail clients still send them.</summary>
    private static readonly byte[] Latin1Email = Encoding.ASCII.GetBytes(
        "From: =?ISO-8859-1?Q?Zo=E9_Cl=E9ment?= <zoe@client.example>\r\n" +
        "To: support@acme.example\r\n" +
        "Subject: =?ISO-8859-1?Q?R=E9clamation_re=E7u?=\r\n" +
        "Date: Tue, 01 Dec 2026 09:30:00 +0100\r\n" +
        "Message-ID: <latin1-1@client.example>\r\n" +
        "MIME-Version: 1.0\r\n" +
        "Content-Type: text/plain; charset=ISO-8859-1\r\n" +
        "Content-Transfer-Encoding: quoted-printable\r\n" +
        "\r\n" +
        "Bonjour, le re=E7u de ma commande est erron=E9.\r\n" +
        "Cordialement, Zo=E9\r\n");

    [Test]
    public async Task Given_two_appended_emails_Then_an_imap_client_reads_them_by_uid_and_marks_one_seen()
    {
        await using var server = await DovecotServer.StartAsync();
        server.AddUser(User, Password);

        var first = await server.AppendAsync(User, Password, Latin1Email);
        var second = await server.AppendAsync(User, Password, new MimeMessage(
            [new MailboxAddress("Bob", "bob@client.example")], [new MailboxAddress("Support", User)], "Printer on fire",
            new TextPart("plain") { Text = "It is still burning." }) { MessageId = "second@client.example" });

        using var client = new ImapClient();
        await client.ConnectAsync(server.Host, server.Port, SecureSocketOptions.None);
        await client.AuthenticateAsync(User, Password);
        var inbox = client.Inbox;
        await inbox.OpenAsync(FolderAccess.ReadWrite);
        var uids = await inbox.SearchAsync(MailKit.Search.SearchQuery.All);
        var latin1 = await inbox.GetMessageAsync(new UniqueId(first));
        using var raw = new MemoryStream();
        await (await inbox.GetStreamAsync(new UniqueId(first))).CopyToAsync(raw);
        await inbox.AddFlagsAsync(new UniqueId(first), MessageFlags.Seen, silent: true);
        await client.DisconnectAsync(quit: true);

        Assert.Multiple(() =>
        {
            Assert.That(client.Capabilities.HasFlag(ImapCapabilities.Idle), Is.True, "IDLE, for pushing new mail");
            Assert.That((first, second), Is.EqualTo((1u, 2u)), "the first UIDs of a new mailbox");
            Assert.That(uids.Select(u => u.Id), Is.EqualTo(new[] { first, second }));
            Assert.That(latin1.Subject, Is.EqualTo("Réclamation reçu"));
            Assert.That(latin1.From.Mailboxes.Single().Name, Is.EqualTo("Zoé Clément"));
            Assert.That(latin1.TextBody, Does.Contain("le reçu de ma commande est erroné"));
            Assert.That(raw.ToArray(), Is.EqualTo(Latin1Email), "the bytes appended are the bytes stored");
        });
        Assert.That(await server.ListAsync(User, Password), Is.EqualTo(new[]
        {
            (first, true, "latin1-1@client.example"),
            (second, false, "second@client.example"),
        }));
    }

    [Test]
    public async Task Given_users_added_while_running_Then_each_logs_in_at_once_and_a_wrong_password_is_refused()
    {
        await using var server = await DovecotServer.StartAsync();
        server.AddUser("first@acme.example", "one");
        await server.AppendAsync("first@acme.example", "one", Latin1Email);

        server.AddUser("Second@Acme.example", "two"); // in the second of the first login: a shared passwd-file would not be re-read yet
        await server.CreateFolderAsync("second@acme.example", "two", "Processed");
        var uid = await server.AppendAsync("SECOND@acme.example", "two", Latin1Email, "Processed", MessageFlags.Seen);

        await Assert.MultipleAsync(async () =>
        {
            Assert.That(await server.ListAsync("second@acme.example", "two"), Is.Empty);
            Assert.That(await server.ListAsync("second@acme.example", "two", "Processed"), Is.EqualTo(new[] { (uid, true, "latin1-1@client.example") }));
            await Assert.ThrowsAsync<AuthenticationException>(() => server.ListAsync("second@acme.example", "one"), "a wrong password");
            Assert.Throws<InvalidOperationException>(() => server.AddUser("first@acme.example", "again"));
        });
    }

    [Test]
    public async Task Given_two_servers_at_once_Then_each_has_its_own_port_and_mailboxes()
    {
        var servers = await Task.WhenAll(DovecotServer.StartAsync(), DovecotServer.StartAsync());
        await using var one = servers[0];
        await using var two = servers[1];
        one.AddUser(User, Password);
        two.AddUser(User, "another");

        await one.AppendAsync(User, Password, Latin1Email);

        await Assert.MultipleAsync(async () =>
        {
            Assert.That(one.Port, Is.Not.EqualTo(two.Port));
            Assert.That(await one.ListAsync(User, Password), Has.Count.EqualTo(1));
            Assert.That(await two.ListAsync(User, "another"), Is.Empty);
        });
    }
}
