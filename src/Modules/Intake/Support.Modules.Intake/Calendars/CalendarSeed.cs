using Marten;
using Marten.Schema;
using Support.Modules.Shared.Calendars;

namespace Support.Modules.Intake.Calendars;

/// <summary>Creates the two sample calendars of TR-8 when they are missing; never changes an administrator's.</summary>
internal sealed class CalendarSeed(TimeProvider clock) : IInitialData
{
    public async Task Populate(IDocumentStore store, CancellationToken cancellation)
    {
        var now = clock.GetUtcNow();
        var years = Enumerable.Range(now.Year - 1, 6).ToList();
        await using var session = store.LightweightSession();
        foreach (var (id, name, definition) in new[]
        {
            (Calendar.StandardId, "Support hours (Monday to Friday, 09:00 to 18:00)", BusinessCalendar.Standard(years)),
            (Calendar.SplitDayId, "Support hours with a lunch break (09:00 to 12:00, 14:00 to 18:00)", BusinessCalendar.SplitDay(years)),
        })
        {
            if (await session.LoadAsync<Calendar>(id, cancellation) is null)
            {
                session.Insert(new Calendar
                {
                    Id = id, Name = name, TimeZone = definition.TimeZone, Hours = [.. definition.Hours], Holidays = [.. definition.Holidays], UpdatedAt = now,
                });
            }
        }

        try
        {
            await session.SaveChangesAsync(cancellation);
        }
        catch (JasperFx.DocumentAlreadyExistsException)
        {
            // Another host seeded them at the same moment.
        }
    }
}
