using ZeroTrust.Infra.Configuration;
using ZeroTrust.Policy.Settings;

namespace ZeroTrust.Infra.Tests.Configuration;

public sealed class ApiPolicySettingsTests
{
    private static ApiSettings Api(string stack) =>
        EnvironmentSettingsReader.Read(StackFiles.Load(stack).AsSource(), StackFiles.Project, stack).Api;

    [Fact]
    public void The_stack_config_replaces_the_api_settings_and_keeps_every_other_setting()
    {
        var given = PolicySettings.Default with { MinLogRetentionDays = 400, PublicRoutes = ["GET /health"], ApiRequireDeviceIdentity = false, ApiScopePrefix = "urn:other:" };

        var settings = ApiPolicySettings.For(Api("dev"), given);

        Assert.Equal(400, settings.MinLogRetentionDays);
        Assert.Equal(["GET /health"], settings.PublicRoutes);
        Assert.True(settings.ApiRequireDeviceIdentity);
        Assert.Equal("https://api.yourapp.com/", settings.ApiScopePrefix);
        Assert.Equal(["DELETE /orders/{id}"], settings.ApiContextRoutes);
    }

    [Fact]
    public void Without_a_device_identity_the_engine_does_not_require_one()
    {
        var api = Api("dev") with { Device = null };

        Assert.False(ApiPolicySettings.For(api).ApiRequireDeviceIdentity);
    }

    [Fact]
    public void The_overlay_names_exactly_the_documented_api_settings()
    {
        Assert.Equal(["apiContextRoutes", "apiRequireDeviceIdentity", "apiRoles", "apiRouteActions", "apiScopePrefix"], ApiPolicySettings.Overlay(Api("prod")).Keys);
    }
}
