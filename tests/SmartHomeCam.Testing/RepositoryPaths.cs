namespace SmartHomeCam.Testing;

/// <summary>Locates the repository (by its solution file) and the shared specs beside it.</summary>
public static class RepositoryPaths
{
    public static string Root { get; } = FindRoot();

    public static string GoogleSchemas
    {
        get
        {
            var path = Environment.GetEnvironmentVariable("GOOGLE_SCHEMAS_DIR") ?? Path.GetFullPath(Path.Combine(Root, "..", "shared", "specs", "google-schemas"));
            return Directory.Exists(path)
                ? path
                : throw new DirectoryNotFoundException($"Google's schemas were expected at {path} (shared/ beside the repository, or GOOGLE_SCHEMAS_DIR).");
        }
    }

    public static string FulfillmentSamples => Path.Combine(Root, "fulfillment-samples");

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "SmartHomeCam.sln")))
            {
                return dir.FullName;
            }
        }

        throw new DirectoryNotFoundException("SmartHomeCam.sln not found above " + AppContext.BaseDirectory);
    }
}
