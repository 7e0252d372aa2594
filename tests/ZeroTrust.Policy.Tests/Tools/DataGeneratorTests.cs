using ZeroTrust.Policy.DataGen;

namespace ZeroTrust.Policy.Tests.Tools;

public class DataGeneratorTests
{
    private static readonly string RepoRoot = FindUp(AppContext.BaseDirectory, dir => File.Exists(Path.Combine(dir, "ZeroTrust.slnx")))
        ?? throw new InvalidOperationException("ZeroTrust.slnx not found above the test binaries");

    // CI puts shared/ beside the clone (../shared/datasets); a git worktree sits deeper, so look in every ancestor.
    private static readonly string? Datasets = FindUp(Path.GetDirectoryName(RepoRoot)!, dir => Directory.Exists(Path.Combine(dir, "shared", "datasets"))) is { } parent
        ? Path.Combine(parent, "shared", "datasets") : null;

    private static string? FindUp(string start, Func<string, bool> found)
    {
        for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            if (found(dir.FullName)) return dir.FullName;
        return null;
    }

    [Fact]
    public void Committed_iam_data_is_what_the_generator_derives_from_the_datasets()
    {
        if (Datasets is null)
        {
            // Skipped by return: the datasets are not part of the repository, only of the machines that build it.
            Console.WriteLine($"skipped: no shared/datasets folder above {RepoRoot}; the committed IAM data is not re-derived");
            return;
        }

        foreach (var (name, content) in DataGenerator.Generate(Datasets))
        {
            var committed = File.ReadAllText(Path.Combine(RepoRoot, "policy", "ZeroTrust.Policy", "Iam", "Data", name));
            Assert.True(committed == content,
                $"Iam/Data/{name} differs from what the generator derives: run `dotnet run --project tools/ZeroTrust.Policy.DataGen -- {Datasets} policy/ZeroTrust.Policy/Iam/Data` and commit");
        }
    }

    [Fact]
    public void A_missing_datasets_folder_is_an_error_naming_it()
    {
        var error = Assert.Throws<DatasetException>(() => DataGenerator.Generate("/no/such/datasets"));

        Assert.StartsWith("/no/such/datasets: no such folder", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Malformed_dataset_json_is_an_error_naming_file_and_position()
    {
        var root = Directory.CreateTempSubdirectory("zt-datagen").FullName;
        try
        {
            Directory.CreateDirectory(Path.Combine(root, "iam-definition"));
            File.WriteAllText(Path.Combine(root, "iam-definition", "services.json"), "[\"s3\",");

            var error = Assert.Throws<DatasetException>(() => DataGenerator.Generate(root));

            Assert.StartsWith(Path.Combine(root, "iam-definition", "services.json") + ":1:", error.Message, StringComparison.Ordinal);
            Assert.Contains("not valid JSON", error.Message, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }

    [Fact]
    public void A_managed_policy_with_a_broad_statement_says_why()
    {
        static string? Why(string statement) => DataGenerator.Why(
            Policy.Iam.PolicyDocument.Parse($"{{\"Statement\": [{statement.Replace('\'', '"')}]}}"), ["iam:AttachRolePolicy"], Policy.Iam.Data.IamDefinition.Current);

        Assert.Equal("allows Action \"*\" on every resource", Why("{'Effect': 'Allow', 'Action': '*', 'Resource': '*'}"));
        Assert.Equal("allows every action except iam:* on every resource", Why("{'Effect': 'Allow', 'NotAction': 'iam:*', 'Resource': '*'}"));
        Assert.Equal("allows every action of s3:* on every resource", Why("{'Effect': 'Allow', 'Action': 's3:*', 'Resource': 'arn:aws:s3:::*'}"));
        Assert.Equal("allows iam:PassRole on every role", Why("{'Effect': 'Allow', 'Action': 'iam:Pass*', 'Resource': 'arn:aws:iam::*:role/*'}"));
        Assert.Equal("allows privilege escalation on every resource: iam:AttachRolePolicy", Why("{'Effect': 'Allow', 'Action': 'iam:Attach*', 'Resource': '*'}"));
        // Scoped, denied, or read-only: not broad.
        Assert.Null(Why("{'Effect': 'Allow', 'Action': 'iam:PassRole', 'Resource': 'arn:aws:iam::*:role/ec2-sysadmin-*'}"));
        Assert.Null(Why("{'Effect': 'Deny', 'Action': '*', 'Resource': '*'}"));
        Assert.Null(Why("{'Effect': 'Allow', 'Action': ['s3:Get*', 'ec2:Describe*'], 'Resource': '*'}"));
    }
}
