using JasperFx;
using Marten;
using Marten.Schema;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Support.Modules.Intake.Queues.SeedDefaults;

/// <summary>Settings under <c>Support:Queues</c>.</summary>
internal sealed class QueueOptions
{
    public const string Section = "Support:Queues";

    /// <summary>
    /// Changes to the default queues, by id (<c>Support:Queues:Defaults:training:IntakeAddress</c>),
    /// and extra queues to create at start. An empty <c>IntakeAddress</c> means none.
    /// </summary>
    public Dictionary<string, DefaultQueueSettings> Defaults { get; set; } = new(StringComparer.OrdinalIgnoreCase);
}

internal sealed class DefaultQueueSettings
{
    public string? Name { get; set; }

    public string? IntakeAddress { get; set; }
}

/// <summary>
/// Creates the default queues that are missing, once the schema is in place (Marten runs initial
/// data after applying its changes at start). Never changes a queue that exists, so an
/// administrator's renames and addresses stay. Several hosts may start at once: each insert either
/// wins or finds the queue another host just created.
/// </summary>
internal sealed class DefaultQueueSeed(IOptions<QueueOptions> options, TimeProvider clock, ILogger<DefaultQueueSeed> logger) : IInitialData
{
    /// <summary>The four teams one of the vendors runs support from; tickets already use these ids.</summary>
    private static readonly (string Name, string IntakeAddress)[] BuiltIn =
    [
        ("Technical support", "support@support.localhost"),
        ("Distributors and integrators", "partners@support.localhost"),
        ("Training", "training@support.localhost"),
        ("Agencies", "agencies@support.localhost"),
    ];

    public async Task Populate(IDocumentStore store, CancellationToken cancellation)
    {
        var wanted = Defaults();
        IReadOnlyList<Queue> existing;
        await using (var query = store.QuerySession())
        {
            existing = await query.LoadManyAsync<Queue>(cancellation, wanted.Select(q => q.Id));
        }

        var present = existing.Select(q => q.Id).ToHashSet(StringComparer.Ordinal);
        foreach (var queue in wanted.Where(q => !present.Contains(q.Id)))
        {
            await SeedAsync(store, queue, cancellation);
        }
    }

    /// <summary>The built-in queues with their configured changes, then the configured extra ones.</summary>
    private IReadOnlyList<Queue> Defaults()
    {
        var now = clock.GetUtcNow();
        var settings = options.Value.Defaults;
        var queues = new List<Queue>();
        foreach (var (name, intakeAddress) in BuiltIn)
        {
            var id = QueueSlugs.From(name);
            var configured = settings.GetValueOrDefault(id);
            queues.Add(Build(id, configured?.Name ?? name, configured?.IntakeAddress ?? intakeAddress, now));
        }

        foreach (var (key, configured) in settings.Where(s => queues.TrueForAll(q => q.Id != s.Key.ToLowerInvariant())))
        {
            var id = key.ToLowerInvariant();
            if (QueueSlugs.From(id) != id || string.IsNullOrWhiteSpace(configured.Name))
            {
                logger.LogWarning("Default queue '{QueueId}' is not created: its key must be a slug such as 'first-line' and it needs a Name", key);
                continue;
            }

            queues.Add(Build(id, configured.Name, configured.IntakeAddress, now));
        }

        return queues;
    }

    private Queue Build(string id, string name, string? intakeAddress, DateTimeOffset now)
    {
        if (!string.IsNullOrEmpty(intakeAddress) && !IntakeAddresses.IsValid(intakeAddress))
        {
            logger.LogWarning("Default queue '{QueueId}' gets no intake address: '{IntakeAddress}' is not an email address", id, intakeAddress);
            intakeAddress = null;
        }

        return new Queue
        {
            Id = id,
            Name = name.Trim(),
            IntakeAddress = string.IsNullOrEmpty(intakeAddress) ? null : IntakeAddresses.Normalize(intakeAddress),
            CreatedAt = now,
        };
    }

    private async Task SeedAsync(IDocumentStore store, Queue queue, CancellationToken cancellation)
    {
        if (queue.IntakeAddress is { } address)
        {
            await using var query = store.QuerySession();
            if (await QueueDirectory.ByIntakeAddressAsync(query, address, cancellation) is { } holder)
            {
                // A queue created since (or an earlier setting) has the address: the default still
                // has to exist, tickets are filed in it, so it goes without one rather than not at all.
                logger.LogWarning("Default queue '{QueueId}' is created without intake address {IntakeAddress}, which queue '{Holder}' has",
                    queue.Id, address, holder.Id);
                queue.IntakeAddress = null;
            }
        }

        try
        {
            await using var session = store.LightweightSession();
            session.Insert(queue);
            await session.SaveChangesAsync(cancellation);
        }
        catch (DocumentAlreadyExistsException)
        {
            // Another host starting at the same moment created it first: nothing left to do.
            await using var query = store.QuerySession();
            if (!await QueueDirectory.ExistsAsync(query, queue.Id, cancellation))
            {
                throw;
            }
        }
    }
}
