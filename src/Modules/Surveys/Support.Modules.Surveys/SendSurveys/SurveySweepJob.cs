using Marten;
using Microsoft.Extensions.Options;
using Quartz;
using Support.Modules.Shared.Messaging;
using Support.Modules.Surveys.Contracts;

namespace Support.Modules.Surveys.SendSurveys;

/// <summary>
/// SU-1: sends the surveys whose delay has passed: a fresh token per survey (only its hash kept), the
/// link's expiry, and <see cref="SurveyInvitationIssued"/> for notifications to email it, in one
/// transaction per bounded batch, until none is due. Clustered: one host at a time.
/// </summary>
[DisallowConcurrentExecution]
internal sealed class SurveySweepJob(IDocumentStore store, IOptions<SurveyOptions> options, TimeProvider clock) : IJob
{
    public static readonly JobKey Key = new("survey-sweep", "surveys");
    public const int BatchSize = 200;

    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken) => await SweepAsync(cancellationToken);

    public async Task<int> SweepAsync(CancellationToken cancellationToken)
    {
        var sent = 0;
        while (!cancellationToken.IsCancellationRequested)
        {
            var now = clock.GetUtcNow();
            await using var session = store.LightweightSession();
            var due = await session.Query<Survey>()
                .Where(s => s.Status == SurveyStatus.Scheduled && s.SendAt <= now)
                .OrderBy(s => s.SendAt)
                .Take(BatchSize)
                .ToListAsync(cancellationToken);
            if (due.Count == 0)
            {
                break;
            }

            foreach (var survey in due)
            {
                var token = Survey.NewToken();
                survey.TokenHash = Survey.Hash(token);
                survey.Status = SurveyStatus.Sent;
                survey.SentAt = now;
                survey.ExpiresAt = now + options.Value.LinkLifetime;
                session.Store(survey);
                session.PublishOnCommit(new SurveyInvitationIssued(
                    survey.Id, survey.Number, survey.OrganizationId, $"{options.Value.BaseUrl.TrimEnd('/')}/surveys/{token}", survey.ExpiresAt.Value)
                    { OccurredAt = now });
            }

            await session.SaveChangesAsync(cancellationToken);
            sent += due.Count;
        }

        return sent;
    }
}
