namespace EdgeCdn.Cli.Deploy;

/// <summary>Content-Type by file extension, for what static sites and SPA builds contain.</summary>
internal static class ContentTypes
{
    private static readonly Dictionary<string, string> ByExtension = new(StringComparer.OrdinalIgnoreCase)
    {
        [".html"] = "text/html; charset=utf-8", [".htm"] = "text/html; charset=utf-8",
        [".css"] = "text/css; charset=utf-8", [".js"] = "text/javascript; charset=utf-8", [".mjs"] = "text/javascript; charset=utf-8",
        [".json"] = "application/json", [".map"] = "application/json", [".webmanifest"] = "application/manifest+json",
        [".xml"] = "application/xml", [".txt"] = "text/plain; charset=utf-8", [".md"] = "text/markdown; charset=utf-8",
        [".csv"] = "text/csv; charset=utf-8", [".svg"] = "image/svg+xml", [".png"] = "image/png", [".jpg"] = "image/jpeg",
        [".jpeg"] = "image/jpeg", [".gif"] = "image/gif", [".webp"] = "image/webp", [".avif"] = "image/avif",
        [".ico"] = "image/x-icon", [".bmp"] = "image/bmp", [".woff"] = "font/woff", [".woff2"] = "font/woff2",
        [".ttf"] = "font/ttf", [".otf"] = "font/otf", [".eot"] = "application/vnd.ms-fontobject",
        [".wasm"] = "application/wasm", [".pdf"] = "application/pdf", [".zip"] = "application/zip",
        [".gz"] = "application/gzip", [".mp4"] = "video/mp4", [".webm"] = "video/webm", [".mp3"] = "audio/mpeg",
        [".ogg"] = "audio/ogg", [".wav"] = "audio/wav",
    };

    public static string For(string path) =>
        ByExtension.TryGetValue(Path.GetExtension(path), out var type) ? type : "application/octet-stream";

    public static bool IsHtml(string path) => Path.GetExtension(path) is ".html" or ".htm";
}
