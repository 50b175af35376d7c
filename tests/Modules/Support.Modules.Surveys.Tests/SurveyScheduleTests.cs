using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Json;
using Marten;
using MediatR;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using NUnit.Framework;
using Support.Modules.Surveys.Contracts;
using Support.Modules.Surveys.SendSurveys;
using Support.Testing;

namespace Support.Modules.Surveys.Tests;

/// <summary>SU-1, SU-2 with a fake clock and the sweep invoked directly: sent after the delay, the link expires.</summary>
public sealed class SurveyScheduleTests
{
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 12, 1, 9, 0, 0, TimeSpan.Zero));
    private readonly ConcurrentQueue<SurveyInvitationIssued> _issued = new();
    private SupportApiFactory _api = null!;
    private HttpClient _agent = null!;
    private HttpClient _anonymous = null!;
    private string _organization = null!;

    [OneTimeSetUp]
    public async Task Start()
    {
        _api = new SupportApiFactory(
            settings: new Dictionary<string, string?> { ["Support:Scheduler:SweepInterval"] = "01:00:00" },
            services: services =>
            {
                services.AddSingleton<TimeProvider>(_clock);
                services.AddSingleton(_issued);
                services.AddScoped<INotificationHandler<SurveyInvitationIssued>, Recorder>();
            });
        using var admin = _api.Admin();
        _organization = await admin.CreateOrganizationAsync("Later Ltd");
        _agent = _api.ClientWithKey(await admin.CreateApiKeyAsync("agent"));
        _anonymous = _api.ClientWithKey(null);
    }

    [OneTimeTearDown]
    public async Task Stop()
    {
        _agent.Dispose();
        _anonymous.Dispose();
        await _api.DisposeAsync();
    }

    [Test]
    public async Task Given_the_default_delay_and_lifetime_Then_the_survey_leaves_seven_days_after_closure_and_its_link_expires_thirty_days_later()
    {
        var id = (await _agent.SubmitTicketAsync(Api.Ticket(_organization)))["id"]!.GetValue<string>();
        await Act(id, "resolution", new { resolution = "solved" });
        await Act(id, "close");
        var closedAt = _clock.GetUtcNow();
        await Eventually.TrueAsync(async () => // the closure reaches the Surveys module, which schedules the survey
        {
            await using var query = _api.Services.GetRequiredService<IDocumentStore>().QuerySession();
            return await query.LoadAsync<Survey>(Guid.Parse(id)) is not null;
        }, what: "the survey scheduled");

        var early = await SweepAtAsync(closedAt + TimeSpan.FromDays(6.9));
        var due = await SweepAtAsync(closedAt + TimeSpan.FromDays(7));
        var invitation = await Eventually.ValueAsync(() => Task.FromResult(_issued.FirstOrDefault(i => i.TicketId == Guid.Parse(id))));
        var token = invitation.SurveyUrl[(invitation.SurveyUrl.LastIndexOf('/') + 1)..];
        _clock.SetUtcNow(invitation.ExpiresAt);
        var expired = await _anonymous.PostAsJsonAsync($"/surveys/{token}", new { rating = "good" });

        Assert.Multiple(() =>
        {
            Assert.That((early, due), Is.EqualTo((0, 1)));
            Assert.That(invitation.ExpiresAt, Is.EqualTo(closedAt + TimeSpan.FromDays(37)));
            Assert.That(expired.StatusCode, Is.EqualTo(HttpStatusCode.Gone));
        });
    }

    private async Task Act(string id, string action, object? body = null) =>
        await (await _agent.PostAsJsonAsync($"/api/v1/tickets/{id}/{action}", body ?? new { }, Api.Json)).ExpectAsync(HttpStatusCode.OK);

    private async Task<int> SweepAtAsync(DateTimeOffset at)
    {
        _clock.SetUtcNow(at);
        return await _api.Services.GetRequiredService<SurveySweepJob>().SweepAsync(CancellationToken.None);
    }

    public sealed class Recorder(ConcurrentQueue<SurveyInvitationIssued> issued) : INotificationHandler<SurveyInvitationIssued>
    {
        public Task Handle(SurveyInvitationIssued notification, CancellationToken cancellationToken)
        {
            issued.Enqueue(notification);
            return Task.CompletedTask;
        }
    }
}
