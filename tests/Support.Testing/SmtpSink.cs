using System.Diagnostics;
using MimeKit;

namespace Support.Testing;

/// <summary>
/// A real SMTP server for tests: Debian's aiosmtpd, delivering every message it accepts into a
/// Maildir that the tests read back.
/// </summary>
public sealed class SmtpSink : IDisposable
{
    private readonly Process _process;
    private readonly string _maildir;

    private SmtpSink(Process process, string maildir, int port)
    {
        _process = process;
        _maildir = maildir;
        Port = port;
    }

    public int Port { get; }

    public static async Task<SmtpSink> StartAsync()
    {
        var maildir = Path.Combine(Path.GetTempPath(), $"support-mail-{Guid.NewGuid():N}");
        foreach (var folder in new[] { "tmp", "new", "cur" })
        {
            Directory.CreateDirectory(Path.Combine(maildir, folder));
        }

        var port = ProcessRunner.FreePort();
        var info = ProcessRunner.Start("/usr/bin/python3",
            ["-m", "aiosmtpd", "-n", "-l", $"127.0.0.1:{port}", "-c", "aiosmtpd.handlers.Mailbox", maildir]);
        info.RedirectStandardOutput = true;
        info.RedirectStandardError = true;
        var process = Process.Start(info) ?? throw new InvalidOperationException("Cannot start aiosmtpd: run build/test.sh, which installs python3-aiosmtpd.");
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        await ProcessRunner.WaitForPortAsync(port, TimeSpan.FromSeconds(20));
        return new SmtpSink(process, maildir, port);
    }

    /// <summary>Every message received so far.</summary>
    public IReadOnlyList<MimeMessage> Messages()
    {
        var folder = Path.Combine(_maildir, "new");
        return !Directory.Exists(folder)
            ? []
            : Directory.GetFiles(folder).OrderBy(File.GetLastWriteTimeUtc).Select(f => MimeMessage.Load(f)).ToList();
    }

    /// <summary>Waits until a message matching <paramref name="match"/> arrives.</summary>
    public Task<MimeMessage> WaitForAsync(Func<MimeMessage, bool> match, TimeSpan? timeout = null) =>
        Eventually.ValueAsync(() => Task.FromResult(Messages().FirstOrDefault(match)), timeout, "the expected email");

    public void Dispose()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            _process.WaitForExit(5000);
        }

        _process.Dispose();
        try
        {
            Directory.Delete(_maildir, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
