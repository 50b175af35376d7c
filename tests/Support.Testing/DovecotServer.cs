using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;
using MailKit;
using MailKit.Net.Imap;
using MailKit.Security;
using MimeKit;

namespace Support.Testing;

/// <summary>
/// A real IMAP server for tests: Debian's dovecot, started with its own configuration (nothing from
/// /etc/dovecot, no system service) in a temporary folder on a free loopback port, plaintext LOGIN and
/// AUTHENTICATE PLAIN without TLS. Tests put messages into a mailbox with <see cref="AppendAsync(string, string, MimeMessage, string, MessageFlags)"/>
/// and the service under test reads it with MailKit's <see cref="ImapClient"/>, as it would a real mailbox.
/// </summary>
/// <remarks>
/// As root, mail is stored as the package's <c>dovecot</c> user (dovecot refuses to run mail processes
/// as root); otherwise every dovecot process runs as the current user. Each user has a passwd-file of
/// its own, so a user added while the server runs can log in at once (dovecot re-reads a changed
/// passwd-file at most once a second). Failed logins are answered in about half a second, without
/// dovecot's growing penalty per client address.
/// </remarks>
public sealed class DovecotServer : IAsyncDisposable
{
    private const string Binary = "/usr/sbin/dovecot";
    private const string Greeting = "Support test IMAP server ready.";
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(20);
    private readonly Process _process;
    private readonly string _directory;
    private readonly StringBuilder _output;
    private readonly Lock _users = new();
    private bool _disposed;

    private DovecotServer(Process process, string directory, StringBuilder output, int port)
    {
        _process = process;
        _directory = directory;
        _output = output;
        Port = port;
        AppDomain.CurrentDomain.ProcessExit += KillOnExit;
    }

    public string Host => "127.0.0.1";

    public int Port { get; }

    public static async Task<DovecotServer> StartAsync()
    {
        if (!File.Exists(Binary))
        {
            throw new InvalidOperationException($"No {Binary}: run build/test.sh, which installs dovecot-imapd.");
        }

        var directory = Path.Combine(Path.GetTempPath(), $"support-dovecot-{Guid.NewGuid():N}");
        try
        {
            CreateFolders(directory);
            for (var attempt = 1; ; attempt++)
            {
                var port = ProcessRunner.FreePort();
                var config = Path.Combine(directory, "dovecot.conf");
                await File.WriteAllTextAsync(config, Config(directory, port));
                var output = new StringBuilder();
                var process = Start(config, output);
                var failure = await WaitUntilReadyAsync(process, port);
                if (failure is null)
                {
                    return new DovecotServer(process, directory, output, port);
                }

                await StopAsync(process);
                process.Dispose();
                var log = $"{ReadLog(directory)}{Text(output)}";
                if (attempt < 3 && log.Contains("Address already in use", StringComparison.Ordinal))
                {
                    // Another process took the port between FreePort and dovecot's bind: try another one.
                    File.Delete(Path.Combine(directory, "dovecot.log"));
                    continue;
                }

                throw new InvalidOperationException($"dovecot did not start on 127.0.0.1:{port} ({failure}). Its log:{Environment.NewLine}{log}");
            }
        }
        catch
        {
            DeleteFolder(directory);
            throw;
        }
    }

    /// <summary>
    /// Adds a mailbox user; it can log in at once, also while the server runs. Dovecot lower-cases the
    /// names clients log in with, so the name is stored lower-cased (logins ignore case).
    /// </summary>
    public void AddUser(string userName, string password)
    {
        ArgumentException.ThrowIfNullOrEmpty(userName);
        ArgumentException.ThrowIfNullOrEmpty(password);
        var name = userName.ToLowerInvariant();
        if (name[0] == '.' || !name.All(c => c is (>= 'a' and <= 'z') or (>= '0' and <= '9') or '.' or '-' or '_' or '@'))
        {
            throw new ArgumentException("A user name is made of letters, digits and . - _ @ (dovecot's auth_username_chars), not starting with a dot.", nameof(userName));
        }

        if (password.Any(c => c is ':' or '\r' or '\n' or '\0'))
        {
            throw new ArgumentException("A password cannot hold ':' or line breaks (passwd-file fields).", nameof(password));
        }

        lock (_users)
        {
            var file = Path.Combine(_directory, "auth", name);
            if (File.Exists(file))
            {
                throw new InvalidOperationException($"The user {name} already exists.");
            }

            // Written aside and renamed, so dovecot never reads half a line.
            var temporary = Path.Combine(_directory, "auth", $".{name}.tmp");
            File.WriteAllText(temporary, $"{name}:{{PLAIN}}{password}::::::\n");
            File.Move(temporary, file);
        }
    }

    /// <summary>A client logged in as the user; the caller disposes it.</summary>
    public async Task<ImapClient> ConnectAsync(string user, string password, CancellationToken cancellationToken = default)
    {
        var client = new ImapClient { Timeout = 30_000 };
        try
        {
            await client.ConnectAsync(Host, Port, SecureSocketOptions.None, cancellationToken);
            await client.AuthenticateAsync(user, password, cancellationToken);
            return client;
        }
        catch
        {
            client.Dispose();
            throw;
        }
    }

    /// <summary>
    /// Puts a message given as raw bytes into the user's folder with IMAP APPEND and returns its UID.
    /// MimeKit parses it and MailKit sends it byte for byte, but for bare LF line ends, sent as CRLF
    /// (as IMAP wants).
    /// </summary>
    public async Task<uint> AppendAsync(string user, string password, byte[] rawMessage, string folder = "INBOX", MessageFlags flags = MessageFlags.None)
    {
        using var stream = new MemoryStream(rawMessage, writable: false);
        var message = await MimeMessage.LoadAsync(stream);
        return await AppendAsync(user, password, message, folder, flags);
    }

    /// <summary>Puts a message into the user's folder with IMAP APPEND and returns its UID.</summary>
    public async Task<uint> AppendAsync(string user, string password, MimeMessage message, string folder = "INBOX", MessageFlags flags = MessageFlags.None)
    {
        using var client = await ConnectAsync(user, password);
        var mailbox = await FolderAsync(client, folder);
        var uid = await mailbox.AppendAsync(new AppendRequest(message, flags))
            ?? throw new InvalidOperationException("dovecot returned no UID for the appended message (no UIDPLUS).");
        await client.DisconnectAsync(quit: true);
        return uid.Id;
    }

    /// <summary>The messages of the user's folder in UID order, read without changing their flags.</summary>
    public async Task<IReadOnlyList<(uint Uid, bool Seen, string? MessageId)>> ListAsync(string user, string password, string folder = "INBOX")
    {
        using var client = await ConnectAsync(user, password);
        var mailbox = await FolderAsync(client, folder);
        await mailbox.OpenAsync(FolderAccess.ReadOnly);
        var messages = mailbox.Count == 0
            ? []
            : await mailbox.FetchAsync(0, -1, MessageSummaryItems.UniqueId | MessageSummaryItems.Flags | MessageSummaryItems.Envelope);
        await client.DisconnectAsync(quit: true);
        return messages.OrderBy(m => m.UniqueId.Id)
            .Select(m => (m.UniqueId.Id, (m.Flags ?? MessageFlags.None).HasFlag(MessageFlags.Seen), m.Envelope?.MessageId))
            .ToList();
    }

    /// <summary>Creates a top-level folder (say "Processed") in the user's mailbox.</summary>
    public async Task CreateFolderAsync(string user, string password, string folder)
    {
        using var client = await ConnectAsync(user, password);
        var root = await client.GetFolderAsync(client.PersonalNamespaces[0].Path);
        await root.CreateAsync(folder, isMessageFolder: true);
        await client.DisconnectAsync(quit: true);
    }

    /// <summary>dovecot's log so far (logins, failures), for a test's diagnostics.</summary>
    public string ReadLog() => $"{ReadLog(_directory)}{Text(_output)}";

    public async ValueTask DisposeAsync()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        AppDomain.CurrentDomain.ProcessExit -= KillOnExit;
        await StopAsync(_process);
        _process.Dispose();
        DeleteFolder(_directory);
    }

    private static void CreateFolders(string directory)
    {
        if (OperatingSystem.IsWindows())
        {
            throw new PlatformNotSupportedException("dovecot runs on Linux.");
        }

        const UnixFileMode Traversable = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute
            | UnixFileMode.GroupRead | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute;
        Directory.CreateDirectory(directory, Traversable);
        var auth = Directory.CreateDirectory(Path.Combine(directory, "auth"),
            UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute | UnixFileMode.GroupRead | UnixFileMode.GroupExecute);
        var mail = Directory.CreateDirectory(Path.Combine(directory, "mail"), UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        if (ProcessRunner.IsRoot)
        {
            // dovecot's auth process (user dovecot) reads the passwd-files; mail is stored as dovecot.
            ProcessRunner.Run("chown", [":dovecot", auth.FullName]);
            ProcessRunner.Run("chown", ["dovecot:dovecot", mail.FullName]);
        }
    }

    private static string Config(string directory, int port)
    {
        // As root: the package's users for dovecot's internal and login processes, mail stored as dovecot.
        // Otherwise every process as the current user, and no chroot (that needs root).
        var users = ProcessRunner.IsRoot
            ? """
              default_internal_user = dovecot
              default_login_user = dovenull
              mail_uid = dovecot
              mail_gid = dovecot
              """
            : $"""
              default_internal_user = {Environment.UserName}
              default_internal_group = {ProcessRunner.Run("id", ["-gn"]).Trim()}
              default_login_user = {Environment.UserName}
              """;
        var chroot = ProcessRunner.IsRoot ? "" : "chroot =";
        return $$"""
            # Written by Support.Testing.DovecotServer for one test: nothing is read from /etc/dovecot.
            base_dir = {{directory}}/run
            state_dir = {{directory}}/state
            log_path = {{directory}}/dovecot.log
            protocols = imap
            listen = 127.0.0.1
            ssl = no
            disable_plaintext_auth = no
            auth_mechanisms = plain login
            auth_verbose = yes
            auth_failure_delay = 0
            login_greeting = {{Greeting}}
            {{users}}
            first_valid_uid = 1
            mail_location = maildir:{{directory}}/mail/%u
            mail_fsync = never

            # One passwd-file per user: dovecot re-reads a changed file at most once a second, a new one at once.
            passdb {
              driver = passwd-file
              args = scheme=PLAIN username_format=%u {{directory}}/auth/%u
            }
            userdb {
              driver = passwd-file
              args = username_format=%u {{directory}}/auth/%u
            }

            service imap-login {
              {{chroot}}
              inet_listener imap {
                port = {{port}}
              }
              inet_listener imaps {
                port = 0
              }
            }

            # Without its penalty socket, auth delays no client for earlier failed logins.
            service anvil {
              {{chroot}}
              unix_listener anvil-auth-penalty {
                mode = 0
              }
            }
            """;
    }

    private static Process Start(string config, StringBuilder output)
    {
        var info = ProcessRunner.Start(Binary, ["-F", "-c", config]);
        info.RedirectStandardOutput = true;
        info.RedirectStandardError = true;
        var process = Process.Start(info) ?? throw new InvalidOperationException($"Cannot start {Binary}.");
        process.OutputDataReceived += (_, e) => Append(output, e.Data);
        process.ErrorDataReceived += (_, e) => Append(output, e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }

    /// <summary>Null once a client gets the IMAP greeting, else why not.</summary>
    private static async Task<string?> WaitUntilReadyAsync(Process process, int port)
    {
        var deadline = DateTime.UtcNow + StartTimeout;
        while (DateTime.UtcNow < deadline)
        {
            if (process.HasExited)
            {
                return $"it exited with code {process.ExitCode}";
            }

            var greeting = await GreetingAsync(port);
            if (greeting?.EndsWith(Greeting, StringComparison.Ordinal) == true)
            {
                return null;
            }

            if (greeting?.StartsWith("* BYE", StringComparison.Ordinal) == true)
            {
                return $"it greeted with \"{greeting}\""; // its auth process failed to start, say
            }

            await Task.Delay(100);
        }

        return $"no IMAP greeting within {StartTimeout.TotalSeconds} s";
    }

    /// <summary>
    /// The first line a client gets, or null when none can connect yet. Dovecot holds it back while its
    /// auth process starts; after a while it says "* OK Waiting for authentication process", not ready.
    /// </summary>
    private static async Task<string?> GreetingAsync(int port)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(2));
        try
        {
            using var client = new TcpClient();
            await client.ConnectAsync(IPAddress.Loopback, port, timeout.Token);
            using var reader = new StreamReader(client.GetStream(), Encoding.ASCII);
            return await reader.ReadLineAsync(timeout.Token);
        }
        catch (Exception e) when (e is SocketException or IOException or OperationCanceledException)
        {
            return null;
        }
    }

    /// <summary>
    /// Kills the dovecot it started (by pid) with all its children: a throwaway server needs no graceful
    /// shutdown, which takes dovecot about a second.
    /// </summary>
    private static async Task StopAsync(Process process)
    {
        if (!process.HasExited)
        {
            process.Kill(entireProcessTree: true);
        }

        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        await process.WaitForExitAsync(timeout.Token);
    }

    private void KillOnExit(object? sender, EventArgs e)
    {
        try
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
            }
        }
        catch (InvalidOperationException)
        {
        }
    }

    private static async Task<IMailFolder> FolderAsync(ImapClient client, string folder) =>
        string.Equals(folder, "INBOX", StringComparison.OrdinalIgnoreCase) ? client.Inbox : await client.GetFolderAsync(folder);

    private static string ReadLog(string directory)
    {
        var log = Path.Combine(directory, "dovecot.log");
        return File.Exists(log) ? File.ReadAllText(log) : "";
    }

    private static void Append(StringBuilder output, string? line)
    {
        if (line is not null)
        {
            lock (output)
            {
                output.AppendLine(line);
            }
        }
    }

    private static string Text(StringBuilder output)
    {
        lock (output)
        {
            return output.ToString();
        }
    }

    private static void DeleteFolder(string directory)
    {
        try
        {
            Directory.Delete(directory, recursive: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
        }
    }
}
