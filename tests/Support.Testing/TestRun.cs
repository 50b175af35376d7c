using NUnit.Framework;

namespace Support.Testing;

/// <summary>Derive a <c>[SetUpFixture]</c> from this in each test assembly: it stops the test PostgreSQL at the end of the run.</summary>
public abstract class TestRun
{
    [OneTimeTearDown]
    public void StopPostgres() => TestPostgres.StopIfStarted();
}
