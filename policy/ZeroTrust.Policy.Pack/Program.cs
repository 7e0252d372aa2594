using System.Net;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using ZeroTrust.Policy.Loading;
using ZeroTrust.Policy.Pack;

// The Pulumi engine starts the pack with its own address as the first argument (older CLIs add the pack directory),
// then reads the port from the first line of stdout. Nothing else may reach stdout before it.
if (args.Length == 0 || args[0] is "-h" or "--help")
{
    Console.Error.WriteLine("usage: ZeroTrust.Policy.Pack <engine-address> [policy-pack-directory]");
    Console.Error.WriteLine("Started by `pulumi preview --policy-pack <folder>`; see README: Pulumi policy pack.");
    return 2;
}

PackConfiguration configuration;
try
{
    configuration = PackConfiguration.FromEnvironment(Environment.GetEnvironmentVariable);
}
catch (PolicyInputException e)
{
    Console.Error.WriteLine($"zero-trust policy pack: {e.Message}");
    return 2;
}

var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { Args = [] });
builder.Logging.ClearProviders();
builder.Logging.AddConsole(o => o.LogToStandardErrorThreshold = LogLevel.Trace);
builder.Logging.SetMinimumLevel(LogLevel.Warning);
builder.Services.Configure<ConsoleLifetimeOptions>(o => o.SuppressStatusMessages = true);
builder.WebHost.ConfigureKestrel(kestrel =>
{
    kestrel.Listen(IPAddress.Loopback, 0, listen => listen.Protocols = HttpProtocols.Http2);
    // AnalyzeStack carries the whole stack: let large stacks through (the engine allows 400 MiB messages).
    kestrel.Limits.MaxRequestBodySize = null;
});
builder.Services.AddGrpc(grpc =>
{
    grpc.MaxReceiveMessageSize = 400 * 1024 * 1024;
    grpc.MaxSendMessageSize = 400 * 1024 * 1024;
});
builder.Services.AddSingleton(new PackState(configuration));
builder.Services.AddSingleton(TimeProvider.System);

var app = builder.Build();
app.MapGrpcService<ZeroTrustAnalyzer>();
await app.StartAsync();

var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
Console.Out.WriteLine(new Uri(address).Port);
Console.Out.Flush();

await app.WaitForShutdownAsync();
return 0;
