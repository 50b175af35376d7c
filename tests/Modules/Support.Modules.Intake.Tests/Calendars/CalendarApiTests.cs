using System.Net;
using NUnit.Framework;
using Support.Testing;

namespace Support.Modules.Intake.Tests.Calendars;

/// <summary>TR-8: calendars managed through the API, one per queue.</summary>
public sealed class CalendarApiTests
{
    private SupportApiFactory _api = null!;
    private HttpClient _admin = null!;

    [OneTimeSetUp]
    public void Start()
    {
        _api = new SupportApiFactory();
        _admin = _api.Admin();
    }

    [OneTimeTearDown]
    public async Task Stop()
    {
        _admin.Dispose();
        await _api.DisposeAsync();
    }

    [Test]
    public async Task Given_a_fresh_start_Then_the_two_sample_calendars_exist_and_queues_use_the_standard_one()
    {
        var calendars = (await (await _admin.GetAsync("/api/v1/calendars")).ExpectAsync(HttpStatusCode.OK)).AsArray();
        var split = await (await _admin.GetAsync("/api/v1/calendars/split-day")).ExpectAsync(HttpStatusCode.OK);
        var queue = await (await _admin.GetAsync("/api/v1/queues/technical-support")).ExpectAsync(HttpStatusCode.OK);

        Assert.Multiple(() =>
        {
            Assert.That(calendars.Select(c => c!["id"]!.GetValue<string>()), Is.SupersetOf(new[] { "split-day", "standard" }));
            Assert.That(split["timeZone"]!.GetValue<string>(), Is.EqualTo("Europe/Paris"));
            Assert.That(split["hours"]!.AsArray().Where(h => h!["day"]!.GetValue<string>() == "monday").Select(h => $"{h!["start"]}-{h["end"]}"),
                Is.EqualTo(new[] { "09:00-12:00", "14:00-18:00" }));
            Assert.That(split["holidays"]!.AsArray().Select(h => h!.GetValue<string>()), Does.Contain("2026-12-25").And.Contain("2026-04-06"));
            Assert.That(queue["calendarId"]!.GetValue<string>(), Is.EqualTo("standard"));
        });
    }

    [Test]
    public async Task Given_a_new_calendar_Then_a_queue_can_work_by_it()
    {
        var created = await (await _admin.PutJsonAsync("/api/v1/calendars/montreal-desk", new
        {
            name = "Montréal desk",
            timeZone = "America/Toronto",
            hours = new[] { new { day = "monday", start = "08:00", end = "16:00" }, new { day = "tuesday", start = "08:00", end = "16:00" } },
            holidays = new[] { "2026-12-25" },
        })).ExpectAsync(HttpStatusCode.Created);
        var replaced = await (await _admin.PutJsonAsync("/api/v1/calendars/montreal-desk", new
        {
            name = "Montréal desk", timeZone = "America/Toronto", hours = new[] { new { day = "monday", start = "09:00", end = "17:00" } },
        })).ExpectAsync(HttpStatusCode.OK);
        var queue = await (await _admin.PatchJsonAsync("/api/v1/queues/training", new { calendarId = "montreal-desk" })).ExpectAsync(HttpStatusCode.OK);
        var unknown = await _admin.PatchJsonAsync("/api/v1/queues/training", new { calendarId = "nowhere" });

        Assert.Multiple(() =>
        {
            Assert.That(created["hours"]!.AsArray(), Has.Count.EqualTo(2));
            Assert.That(replaced["hours"]!.AsArray(), Has.Count.EqualTo(1));
            Assert.That(queue["calendarId"]!.GetValue<string>(), Is.EqualTo("montreal-desk"));
            Assert.That(unknown.StatusCode, Is.EqualTo(HttpStatusCode.UnprocessableEntity));
        });
    }

    [TestCase("Mars/Olympus", "monday", "09:00", "18:00")]
    [TestCase("Europe/Paris", "funday", "09:00", "18:00")]
    [TestCase("Europe/Paris", "monday", "18:00", "09:00")]
    [TestCase("Europe/Paris", "monday", "9h", "18:00")]
    public async Task Given_an_invalid_calendar_Then_it_is_refused_with_a_400(string timeZone, string day, string start, string end)
    {
        var response = await _admin.PutJsonAsync("/api/v1/calendars/broken", new { name = "Broken", timeZone, hours = new[] { new { day, start, end } } });

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
    }

    [Test]
    public async Task Given_overlapping_intervals_Then_the_calendar_is_refused()
    {
        var response = await _admin.PutJsonAsync("/api/v1/calendars/overlap", new
        {
            name = "Overlap", timeZone = "Europe/Paris",
            hours = new[] { new { day = "monday", start = "09:00", end = "13:00" }, new { day = "monday", start = "12:00", end = "18:00" } },
        });

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
    }

    [Test] // NF-1
    public async Task Given_a_null_opening_interval_Then_the_calendar_is_a_400_not_a_500()
    {
        var response = await _admin.PutAsync("/api/v1/calendars/nulls", new StringContent(
            "{\"name\":\"Nulls\",\"timeZone\":\"Europe/Paris\",\"hours\":[null]}", System.Text.Encoding.UTF8, "application/json"));

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
    }
}
