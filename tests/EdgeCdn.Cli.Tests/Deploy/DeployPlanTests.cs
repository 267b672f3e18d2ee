using EdgeCdn.Cli.Deploy;

namespace EdgeCdn.Cli.Tests.Deploy;

public sealed class DeployPlanTests
{
    private static LocalFile File(string path, string etag) => new(path, "/tmp/" + path, 10, etag);

    [Fact]
    public void Create_ChangedNewUnchangedAndGone_ClassifiedAndInvalidatedExactly()
    {
        LocalFile[] local =
        [
            File("index.html", "new-html"),
            File("about/index.html", "same-about"),
            File("assets/index-JfUH4Dx_.js", "new-js"),
            File("robots.txt", "new-robots"),
        ];
        var remote = new Dictionary<string, string>
        {
            ["site/index.html"] = "\"old-html\"",
            ["site/about/index.html"] = "\"same-about\"",
            ["site/assets/index-OLDhash1.js"] = "\"old-js\"",
            ["site/old-page.html"] = "\"gone\"",
            ["other/keep.txt"] = "\"x\"",
        };

        var plan = DeployPlan.Create(local, remote, "site/", delete: true);

        Assert.Equal(["index.html", "assets/index-JfUH4Dx_.js", "robots.txt"], plan.Uploads.Select(f => f.RelativePath));
        Assert.Equal(1, plan.Unchanged);
        Assert.Equal(["site/assets/index-OLDhash1.js", "site/old-page.html"], plan.Deletes);
        Assert.Equal(["/", "/index.html", "/old-page.html", "/robots.txt"], plan.InvalidationPaths);
    }

    [Fact]
    public void Create_WithoutDelete_RemovesNothing()
    {
        var plan = DeployPlan.Create([File("a.html", "1")], new Dictionary<string, string> { ["b.html"] = "\"2\"" }, string.Empty, delete: false);

        Assert.Empty(plan.Deletes);
        Assert.Equal(["/a.html"], plan.InvalidationPaths);
    }

    [Fact]
    public void Create_EverythingUnchanged_NothingToDo()
    {
        var plan = DeployPlan.Create([File("a.html", "abc")], new Dictionary<string, string> { ["a.html"] = "\"ABC\"" }, string.Empty, delete: true);

        Assert.Empty(plan.Uploads);
        Assert.Empty(plan.InvalidationPaths);
        Assert.Equal(1, plan.Unchanged);
    }
}
