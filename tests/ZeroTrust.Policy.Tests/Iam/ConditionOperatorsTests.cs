using ZeroTrust.Policy.Iam;

namespace ZeroTrust.Policy.Tests.Iam;

// The operators and modifiers of reference_policies_elements_condition_operators.html and the set operators of
// reference_policies_condition-single-vs-multi-valued-context-keys.html.
public class ConditionOperatorsTests
{
    [Theory]
    [InlineData("StringEquals", "StringEquals")]
    [InlineData("StringLikeIfExists", "StringLike")]
    [InlineData("ForAllValues:StringEquals", "StringEquals")]
    [InlineData("ForAnyValue:ArnLikeIfExists", "ArnLike")]
    [InlineData("NotIpAddress", "NotIpAddress")]
    [InlineData("DateGreaterThanIfExists", "DateGreaterThan")]
    public void The_base_operator_drops_the_set_prefix_and_if_exists(string op, string baseOp)
    {
        Assert.Equal(baseOp, ConditionOperators.Base(op));
    }

    [Theory]
    [InlineData("Null")] // the key is absent ("true") or present ("false")
    [InlineData("Bool")]
    [InlineData("BoolIfExists")]
    [InlineData("NumericLessThanEquals")]
    [InlineData("DateLessThan")]
    [InlineData("IpAddress")]
    [InlineData("ArnNotLikeIfExists")]
    [InlineData("BinaryEquals")]
    [InlineData("StringNotEqualsIgnoreCase")]
    [InlineData("ForAllValues:StringLike")]
    [InlineData("ForAnyValue:StringEqualsIfExists")]
    public void Documented_operators_are_known(string op)
    {
        Assert.True(ConditionOperators.IsKnown(op));
    }

    [Theory]
    [InlineData("NullIfExists")] // "You can't use IfExists with the Null condition operator"
    [InlineData("IfExists")] // a modifier without an operator
    [InlineData("ForAllValues:IfExists")]
    [InlineData(":StringEquals")] // an empty set operator is no set operator
    [InlineData("ForEachValue:StringEquals")]
    [InlineData("ForAnyValue:StringEqualz")]
    [InlineData("StringEqualsIfExist")]
    // IAM rejects a misspelt case: "MalformedPolicyDocument: Invalid Condition type : stringEquals"
    // (ministryofjustice/modernisation-platform-environments#8893).
    [InlineData("stringEquals")]
    public void Anything_else_is_not(string op)
    {
        Assert.False(ConditionOperators.IsKnown(op));
    }
}
