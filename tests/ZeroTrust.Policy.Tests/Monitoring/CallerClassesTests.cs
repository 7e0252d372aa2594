using ZeroTrust.Policy.Monitoring;

namespace ZeroTrust.Policy.Tests.Monitoring;

public class CallerClassesTests
{
    private const string Issuer = "$.userIdentity.sessionContext.sessionIssuer.arn";
    private const string Caller = "$.userIdentity.arn";

    [Fact]
    public void Classes_follow_the_cloudtrail_user_identity_elements_examples()
    {
        // The documented examples: an IAM user's arn names the user (arn:aws:iam::123456789012:user/Alice); a role
        // session's arn names the session (assumed-role/RoleToBeAssumed/MySessionName), its sessionIssuer.arn the role.
        Assert.Contains(Caller, CallerClasses.IamUsers.PrincipalKeys);
        Assert.Contains(Caller, CallerClasses.RoleSessions.SessionScoped);
        Assert.Contains(Issuer, CallerClasses.RoleSessions.PrincipalKeys);
        Assert.Equal(FieldPresence.Never, CallerClasses.IamUsers.Fact(Issuer)?.Presence);
        Assert.Equal(["AssumedRole", "FederatedUser", "IAMUser", "Root"], CallerClasses.All.Select(c => c.IdentityType));
    }

    [Fact]
    public void Every_principal_key_is_always_present_unless_documented_otherwise()
    {
        foreach (var callers in CallerClasses.All)
            foreach (var key in callers.PrincipalKeys)
                Assert.NotEqual(FieldPresence.Never, callers.Fact(key)?.Presence);
        Assert.Equal(FieldPresence.Sometimes, CallerClasses.FederatedUsers.Fact("$.userIdentity.sessionContext.sessionIssuer.userName")?.Presence);
    }

    [Fact]
    public void The_identity_type_has_the_class_value_and_unmodelled_fields_are_unknown()
    {
        Assert.Equal(["Root"], CallerClasses.Root.Fact("$.userIdentity.type")?.Values);
        Assert.Null(CallerClasses.Root.Fact("$.requestParameters.bucketName"));
        Assert.Equal(FieldPresence.Always, CallerClasses.Root.Fact("$.eventSource")?.Presence);
        Assert.Equal("the root user (Root)", CallerClasses.Root.ToString());
    }
}
