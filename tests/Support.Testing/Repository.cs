namespace Support.Testing;

/// <summary>Where the repository is, for tests that run its scripts or tools.</summary>
public static class Repository
{
    /// <summary>The folder that holds Support.sln, above the test's output folder.</summary>
    public static string Root { get; } = Find();

    private static string Find()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "Support.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException($"No Support.sln above {AppContext.BaseDirectory}.");
    }
}
