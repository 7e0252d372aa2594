using ZeroTrust.Policy.Iam;
using ZeroTrust.Policy.Iam.Data;

namespace ZeroTrust.Policy.Tests.Iam;

public class ResourceScopeTests
{
    [Theory]
    [InlineData("*")]
    [InlineData(" ** ")]
    [InlineData("arn:aws:s3:::*")] // every bucket of every account
    [InlineData("arn:aws:s3:::*/*")] // every object of every bucket
    [InlineData("arn:aws:iam::*:role/*")] // every role of every account
    [InlineData("arn:aws:iam::1*:role/*")] // a wildcard over accounts pins none
    [InlineData("arn:*:*:*:*:*")]
    [InlineData("arn:aws:*:us-east-1:123456789012:*")] // wildcard service
    [InlineData("arn:*")]
    [InlineData("arn:aws:dynamodb:*:*:table/*")]
    [InlineData("arn:aws:iam::*:role/?*")] // every role name has at least one character
    [InlineData("arn:aws:lambda:*:*:function:*")] // Lambda separates the type word with ':'
    [InlineData("arn:aws:iam::*:role/*?")]
    // Evasions: a '*' replaces everything within the segment, '/' included (reference_policies_elements_resource.html).
    [InlineData("arn:aws:iam::*:role*")] // every role, as role/* is
    [InlineData("arn:aws:iam::*:*role/*")] // every role and assumed-role session
    [InlineData("arn:aws:dynamodb:*:*:table*")]
    [InlineData("arn:aws:dynamodb:*:*:table/*/stream*")] // every stream of every table
    public void Patterns_over_every_resource_of_a_type_in_every_account_cover_everything(string resource)
    {
        Assert.True(ResourceScope.CoversEverything(resource));
    }

    [Theory]
    [InlineData("arn:aws:s3:::my-bucket/*")]
    [InlineData("arn:aws:s3:::my-bucket")]
    [InlineData("arn:aws:iam::123456789012:role/app-*")]
    [InlineData("arn:aws:iam::123456789012:role/*")] // one account pinned
    [InlineData("arn:aws:iam::*:role/app-*")] // names pinned by prefix
    [InlineData("arn:aws:dynamodb:*:*:table/orders")]
    [InlineData("arn:aws:s3:::*/reports/*")]
    [InlineData("not-an-arn")]
    [InlineData("arn:aws:dynamodb:*:*:table/*/stream")] // a stream ARN ends in its label, so this names none
    [InlineData("arn:aws:iam::*:role")] // no role is named by the type word alone
    [InlineData("arn:aws:iam::*:role/?")] // one-character names only
    [InlineData("arn:aws:iam::*:role/app*")] // names pinned by prefix, without a '/'
    [InlineData("arn:aws:iam::*:*role")] // ends in "role": no role ARN does
    [InlineData("arn:aws:s3:::a*")] // buckets named a…; access point ARNs hold a region and account, so none match
    public void Patterns_that_pin_an_account_or_a_name_do_not(string resource)
    {
        Assert.False(ResourceScope.CoversEverything(resource));
    }

    // The words come from the IAM definition passed in (tests and future data), not from a fixed list.
    [Fact]
    public void Resource_type_words_come_from_the_given_definition()
    {
        var definition = IamDefinition.Parse("""{"source": "test", "services": {"example": {"keys": [], "actions": {}, "types": ["widget"]}}}""");

        Assert.True(ResourceScope.CoversEverything("arn:aws:example:*:*:widget/*", definition));
        Assert.False(ResourceScope.CoversEverything("arn:aws:example:*:*:gadget/*", definition));
        Assert.False(ResourceScope.CoversEverything("arn:aws:example:*:*:widget/*"));
    }
}
