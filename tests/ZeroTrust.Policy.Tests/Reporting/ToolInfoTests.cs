using System.Text.RegularExpressions;
using ZeroTrust.Policy.Reporting;
using ZeroTrust.Policy.Rules;

namespace ZeroTrust.Policy.Tests.Reporting;

public class ToolInfoTests
{
    [Fact]
    public void Help_links_point_at_the_repository_property_readme_anchor()
    {
        // Directory.Build.props' RepositoryUrl default; a build with -p:RepositoryUrl=… moves every link with it.
        Assert.Equal("https://github.com/zero-trust-dotnet/zero-trust", ToolInfo.RepositoryUrl);
        Assert.Equal("https://github.com/zero-trust-dotnet/zero-trust/blob/main/README.md#zt-net-001", ToolInfo.HelpUri("ZT-NET-001"));
    }

    [Fact]
    public void Every_catalogued_rule_has_the_readme_anchor_its_help_link_names()
    {
        var readme = File.ReadAllText(Path.Combine(RepositoryRoot(), "README.md"));
        var anchors = Regex.Matches(readme, "<a id=\"(zt-[a-z0-9-]+)\"></a>").Select(m => m.Groups[1].Value).ToHashSet(StringComparer.Ordinal);

        var missing = RuleCatalogue.All.Select(r => ToolInfo.HelpUri(r.Info.Id).Split('#')[1]).Where(a => !anchors.Contains(a)).ToList();

        Assert.Empty(missing);
    }

    private static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "ZeroTrust.slnx"))) return dir.FullName;
        throw new InvalidOperationException("ZeroTrust.slnx not found above " + AppContext.BaseDirectory);
    }
}
