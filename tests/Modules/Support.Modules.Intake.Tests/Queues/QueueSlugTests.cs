using NUnit.Framework;
using Support.Modules.Intake.Queues;

namespace Support.Modules.Intake.Tests.Queues;

public sealed class QueueSlugTests
{
    [TestCase("Technical support", "technical-support")]
    [TestCase("Distributors and integrators", "distributors-and-integrators")]
    [TestCase("Training", "training")]
    [TestCase("Agencies", "agencies")]
    [TestCase("  Support (FR) -- niveau 2 ", "support-fr-niveau-2")]
    [TestCase("Société Générale d'Intégration", "societe-generale-d-integration")]
    [TestCase("Partners' API", "partners-api")]
    [TestCase("!!!", "")]
    public void Given_a_name_Then_the_id_is_its_lowercase_slug(string name, string id)
    {
        Assert.That(QueueSlugs.From(name), Is.EqualTo(id));
    }

    [Test]
    public void Given_a_very_long_name_Then_the_id_is_cut_without_a_trailing_dash()
    {
        var slug = QueueSlugs.From(string.Join(' ', Enumerable.Repeat("abcdefg", 20)));

        Assert.Multiple(() =>
        {
            Assert.That(slug, Has.Length.LessThanOrEqualTo(QueueSlugs.MaxLength));
            Assert.That(slug, Does.Not.EndWith("-"));
        });
    }
}
