using NUnit.Framework;

/// <summary>One PostgreSQL for the whole assembly, stopped when it is done.</summary>
[SetUpFixture]
#pragma warning disable CA1050 // A SetUpFixture outside any namespace applies to the whole assembly.
public sealed class TestRunSetUp : Support.Testing.TestRun;
#pragma warning restore CA1050
