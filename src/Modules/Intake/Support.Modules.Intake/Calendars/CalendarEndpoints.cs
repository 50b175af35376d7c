using System.Globalization;
using Carter;
using FluentValidation;
using Marten;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Support.Modules.Intake.Queues;
using Support.Modules.Shared.Calendars;
using Support.Modules.Shared.Http;
using Support.Modules.Shared.Security;

namespace Support.Modules.Intake.Calendars;

/// <summary>A calendar as an administrator writes it.</summary>
/// <param name="Name">Its display name.</param>
/// <param name="TimeZone">IANA time zone, e.g. <c>Europe/Paris</c>.</param>
/// <param name="Hours">Weekly opening hours: <c>day</c> (monday … sunday), <c>start</c> and <c>end</c> as <c>HH:mm</c>; intervals of one day must not overlap.</param>
/// <param name="Holidays">Local dates (<c>yyyy-MM-dd</c>) on which it stays closed.</param>
internal sealed record PutCalendar(string? Name, string? TimeZone, IReadOnlyList<OpeningHoursView>? Hours, IReadOnlyList<DateOnly>? Holidays = null);

internal sealed class PutCalendarValidator : AbstractValidator<PutCalendar>
{
    public PutCalendarValidator()
    {
        RuleFor(x => x.Name).NotEmpty().MaximumLength(100);
        RuleFor(x => x.TimeZone).NotEmpty().Must(CalendarRules.IsTimeZone)
            .WithMessage("'timeZone' must be an IANA time zone, e.g. Europe/Paris.");
        RuleFor(x => x.Hours).NotNull().WithMessage("'hours' is required: the weekly opening hours (it may be empty for a calendar that never opens).")
            .Must(h => h is null || h.Count <= 100).WithMessage("At most 100 opening intervals.");
        RuleForEach(x => x.Hours).Must(CalendarRules.IsValid)
            .WithMessage("Each opening interval needs a 'day' (monday … sunday) and 'start' before 'end', as HH:mm.");
        RuleFor(x => x.Hours).Must(CalendarRules.DoNotOverlap!).When(x => x.Hours is not null && x.Hours.All(h => CalendarRules.IsValid(h)))
            .WithMessage("The opening intervals of one day must not overlap.");
        RuleFor(x => x.Holidays).Must(h => h is null || h.Count <= 2000).WithMessage("At most 2000 holidays.");
    }
}

internal static class CalendarRules
{
    public static bool IsTimeZone(string? id)
    {
        try
        {
            return id is not null && TimeZoneInfo.FindSystemTimeZoneById(id) is not null;
        }
        catch (Exception e) when (e is TimeZoneNotFoundException or InvalidTimeZoneException)
        {
            return false;
        }
    }

    public static bool IsValid(OpeningHoursView? hours) => hours is not null && Parse(hours) is { } parsed && parsed.Start < parsed.End;

    public static bool DoNotOverlap(IReadOnlyList<OpeningHoursView> hours) => hours.Select(Parse).GroupBy(h => h!.Day)
        .All(day => day.OrderBy(h => h!.Start).Zip(day.OrderBy(h => h!.Start).Skip(1)).All(pair => pair.First!.End <= pair.Second!.Start));

    public static OpeningHours? Parse(OpeningHoursView hours) =>
        hours.Day is not null && hours.Start is not null && hours.End is not null
        && Enum.TryParse<DayOfWeek>(hours.Day, ignoreCase: true, out var day) && !int.TryParse(hours.Day, out _)
        && TimeOnly.TryParseExact(hours.Start, "HH:mm", CultureInfo.InvariantCulture, DateTimeStyles.None, out var start)
        && TimeOnly.TryParseExact(hours.End, "HH:mm", CultureInfo.InvariantCulture, DateTimeStyles.None, out var end)
            ? new OpeningHours(day, start, end)
            : null;
}

/// <summary>TR-8: the business calendars queues work by.</summary>
internal sealed class CalendarEndpoints : ICarterModule
{
    public void AddRoutes(IEndpointRouteBuilder app)
    {
        app.MapGet("/api/v1/calendars", async Task<Ok<List<CalendarView>>> (IQuerySession session, CancellationToken cancellationToken) =>
                TypedResults.Ok((await session.Query<Calendar>().OrderBy(c => c.Id).ToListAsync(cancellationToken)).Select(CalendarView.From).ToList()))
            .RequireAuthorization(Policies.Staff)
            .WithName("ListCalendars")
            .WithTags("Calendars")
            .WithSummary("List the business calendars (staff)")
            .WithDescription("TR-8: every calendar (a short list, not paged), with its time zone, weekly opening hours and holidays. `standard` (Monday to Friday, 09:00 to 18:00, Europe/Paris, France's public holidays) and `split-day` (09:00 to 12:00 and 14:00 to 18:00) are created at start.");

        app.MapGet("/api/v1/calendars/{id}", async Task<Results<Ok<CalendarView>, ProblemHttpResult>> (string id, IQuerySession session, CancellationToken cancellationToken) =>
                await session.LoadAsync<Calendar>(id, cancellationToken) is { } calendar ? TypedResults.Ok(CalendarView.From(calendar)) : Problems.NotFound("calendar"))
            .RequireAuthorization(Policies.Staff)
            .WithName("GetCalendar")
            .WithTags("Calendars")
            .WithSummary("Read a business calendar (staff)")
            .WithDescription("TR-8: its time zone, weekly opening hours and holidays. An unknown id is a 404.")
            .ProducesProblems(StatusCodes.Status404NotFound);

        app.MapPut("/api/v1/calendars/{id}", async Task<Results<Ok<CalendarView>, Created<CalendarView>, ProblemHttpResult>> (
                string id, PutCalendar calendar, IDocumentSession session, TimeProvider clock, IEnumerable<IValidator<PutCalendar>> validators,
                CancellationToken cancellationToken) =>
            {
                if (QueueSlugs.From(id) != id)
                {
                    throw new UnprocessableException("id", "A calendar id is a lower-case slug: letters, digits and dashes, e.g. support-hours.");
                }

                await validators.ValidateAndThrowAsync(calendar, cancellationToken);

                var existing = await session.LoadAsync<Calendar>(id, cancellationToken);
                var stored = new Calendar
                {
                    Id = id,
                    Name = calendar.Name!.Trim(),
                    TimeZone = calendar.TimeZone!,
                    Hours = [.. calendar.Hours!.Select(h => CalendarRules.Parse(h)!)],
                    Holidays = [.. (calendar.Holidays ?? []).Distinct().Order()],
                    UpdatedAt = clock.GetUtcNow(),
                };
                session.Store(stored);
                await session.SaveChangesAsync(cancellationToken);
                var view = CalendarView.From(stored);
                return existing is null ? TypedResults.Created($"/api/v1/calendars/{id}", view) : TypedResults.Ok(view);
            })
            .RequireAuthorization(Policies.Admin)
            .WithName("PutCalendar")
            .WithTags("Calendars")
            .WithSummary("Create or replace a business calendar (admin)")
            .WithDescription("TR-8: `name`, `timeZone` (IANA), `hours` (weekly opening intervals, several a day allowed, not overlapping) and `holidays` (local dates). Answers 201 when it creates the calendar, 200 when it replaces it. Queues use it through their `calendarId`. Invalid fields are a 400; an id that is not a slug a 422.")
            .ProducesProblems(StatusCodes.Status400BadRequest, StatusCodes.Status422UnprocessableEntity);
    }
}
