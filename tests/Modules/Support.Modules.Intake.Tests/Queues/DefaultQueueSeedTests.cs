using System.Net;
using NUnit.Framework;
using Support.Testing;

namespace Support.Modules.Intake.Tests.Queues;

/// <summary>The default queues are created at start when missing, by any number of hosts, and never overwritten.</summary>
public sealed class DefaultQueueSeedTests
{
    [Test]
    public async Task Given_several_hosts_starting_at_once_on_a_new_database_Then_each_default_queue_exists_once()
    {
        var connectionString = TestPostgres.Instance.CreateDatabase();
        var hosts = Enumerable.Range(0, 3).Select(_ => new SupportApiFactory(connectionString)).ToList();
        try
        {
            // Creating a client starts the host: Marten applies the schema, then seeds.
            var clients = await Task.WhenAll(hosts.Select(host => Task.Run(host.Admin)));

            var lists = await Task.WhenAll(clients.Select(client => client.ReadAllPagesAsync("/api/v1/queues", limit: 200)));

            Assert.That(lists.Select(list => list.Select(q => q["id"]!.GetValue<string>())),
                Has.All.EqualTo(new[] { "agencies", "distributors-and-integrators", "technical-support", "training" }));
        }
        finally
        {
            foreach (var host in hosts)
            {
                await host.DisposeAsync();
            }
        }
    }

    [Test]
    public async Task Given_an_administrators_changes_Then_a_restart_keeps_them()
    {
        var connectionString = TestPostgres.Instance.CreateDatabase();
        await using (var first = new SupportApiFactory(connectionString))
        {
            await (await first.Admin().PatchJsonAsync("/api/v1/queues/training",
                new { name = "Formation", intakeAddress = "formation@example.com" })).ExpectAsync(HttpStatusCode.OK);
        }

        await using var second = new SupportApiFactory(connectionString);
        var training = await (await second.Admin().GetAsync("/api/v1/queues/training")).ExpectAsync(HttpStatusCode.OK);

        Assert.Multiple(() =>
        {
            Assert.That(training["name"]!.GetValue<string>(), Is.EqualTo("Formation"));
            Assert.That(training["intakeAddress"]!.GetValue<string>(), Is.EqualTo("formation@example.com"));
        });
    }

    [Test]
    public async Task Given_settings_under_Support_Queues_Defaults_Then_the_defaults_follow_them()
    {
        await using var api = new SupportApiFactory(settings: new Dictionary<string, string?>
        {
            ["Support:Queues:Defaults:technical-support:IntakeAddress"] = "Help@Vendor.example",
            ["Support:Queues:Defaults:training:Name"] = "Formation",
            ["Support:Queues:Defaults:agencies:IntakeAddress"] = "",
            ["Support:Queues:Defaults:first-line:Name"] = "First line",
            ["Support:Queues:Defaults:first-line:IntakeAddress"] = "first@vendor.example",
            ["Support:Queues:Defaults:Not A Slug:Name"] = "Ignored",
        });

        var queues = (await api.Admin().ReadAllPagesAsync("/api/v1/queues", limit: 200)).ToDictionary(q => q["id"]!.GetValue<string>());

        Assert.Multiple(() =>
        {
            Assert.That(queues.Keys, Is.EquivalentTo(new[] { "agencies", "distributors-and-integrators", "first-line", "technical-support", "training" }));
            Assert.That(queues["technical-support"]["intakeAddress"]!.GetValue<string>(), Is.EqualTo("help@vendor.example"));
            Assert.That(queues["training"]["name"]!.GetValue<string>(), Is.EqualTo("Formation"));
            Assert.That(queues["training"]["intakeAddress"]!.GetValue<string>(), Is.EqualTo("training@support.localhost"));
            Assert.That(queues["agencies"]["intakeAddress"], Is.Null);
            Assert.That(queues["first-line"]["name"]!.GetValue<string>(), Is.EqualTo("First line"));
            Assert.That(queues["first-line"]["intakeAddress"]!.GetValue<string>(), Is.EqualTo("first@vendor.example"));
        });
    }
}
