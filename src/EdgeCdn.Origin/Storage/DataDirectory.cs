namespace EdgeCdn.Origin.Storage;

/// <summary>Directory creation with owner-only permissions: object data and credentials are nobody else's business.</summary>
internal static class DataDirectory
{
    public static void CreatePrivate(string path)
    {
        if (OperatingSystem.IsWindows())
        {
            Directory.CreateDirectory(path);
        }
        else
        {
            Directory.CreateDirectory(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }
    }
}
