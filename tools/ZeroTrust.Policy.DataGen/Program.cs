using ZeroTrust.Policy.DataGen;

// zt-datagen <datasets-folder> <output-folder>: rewrites the derived IAM data files.
if (args.Length != 2)
{
    Console.Error.WriteLine("usage: dotnet run --project tools/ZeroTrust.Policy.DataGen -- <datasets-folder> <output-folder>");
    Console.Error.WriteLine("  e.g. dotnet run --project tools/ZeroTrust.Policy.DataGen -- ../shared/datasets policy/ZeroTrust.Policy/Iam/Data");
    return 2;
}
try
{
    foreach (var (name, content) in DataGenerator.Generate(args[0]))
    {
        var path = Path.Combine(args[1], name);
        File.WriteAllText(path, content);
        Console.WriteLine($"wrote {path} ({content.Length:N0} characters)");
    }
    return 0;
}
catch (DatasetException e)
{
    Console.Error.WriteLine($"zt-datagen: {e.Message}");
    return 1;
}
