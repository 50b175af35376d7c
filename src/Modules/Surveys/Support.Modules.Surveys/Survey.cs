using System.Security.Cryptography;
using System.Text;
using Support.Modules.Intake.Contracts;
using Support.Modules.Surveys.Contracts;
using Support.Modules.Triage.Contracts;

namespace Support.Modules.Surveys;

/// <summary>Settings under <c>Support:Surveys</c> (SU-1, SU-2).</summary>
internal sealed class SurveyOptions
{
    public const string Section = "Support:Surveys";

    /// <summary>How long after closure the survey is sent (0 allowed: at the next sweep).</summary>
    public TimeSpan Delay { get; set; } = TimeSpan.FromDays(7);

    /// <summary>How long the link works.</summary>
    public TimeSpan LinkLifetime { get; set; } = TimeSpan.FromDays(30);

    /// <summary>Where requesters reach the survey page: the link is <c>{BaseUrl}/surveys/{token}</c>.</summary>
    public string BaseUrl { get; set; } = "http://127.0.0.1:5080";
}

/// <summary>Where a survey stands.</summary>
internal enum SurveyStatus
{
    /// <summary>Waiting for its send time.</summary>
    Scheduled,

    /// <summary>Sent: the link works until it expires.</summary>
    Sent,

    /// <summary>Answered: the link is used.</summary>
    Answered,
}

/// <summary>
/// The satisfaction survey of one closed ticket (SU-1): scheduled at closure, sent after the delay
/// with a link carrying an unguessable token (256 bits, only its SHA-256 kept), answered once (SU-2).
/// What the statistics group by (category, queue, agent, organisation) is copied from the ticket at
/// closure. Its id is the ticket's: one survey per ticket, however often it is closed.
/// </summary>
internal sealed class Survey
{
    public Guid Id { get; set; }

    public string Number { get; set; } = "";

    public Guid OrganizationId { get; set; }

    public string OrganizationName { get; set; } = "";

    public TicketCategory Category { get; set; }

    public string Queue { get; set; } = "";

    public string? AgentId { get; set; }

    public RequesterContact Requester { get; set; } = new("", "");

    public Language Language { get; set; }

    public string Subject { get; set; } = "";

    public TicketResolution Resolution { get; set; }

    public DateTimeOffset ClosedAt { get; set; }

    public SurveyStatus Status { get; set; }

    public DateTimeOffset SendAt { get; set; }

    /// <summary>Hex SHA-256 of the link's token; null until sent.</summary>
    public string? TokenHash { get; set; }

    public DateTimeOffset? SentAt { get; set; }

    public DateTimeOffset? ExpiresAt { get; set; }

    public SurveyRating? Rating { get; set; }

    public string? Comment { get; set; }

    public DateTimeOffset? AnsweredAt { get; set; }

    /// <summary>A new token: 32 random bytes, base64url. Only its hash is stored.</summary>
    public static string NewToken() => Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    public static string Hash(string token) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(token)));
}
