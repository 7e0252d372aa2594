using ZeroTrust.Policy.Iam;
using ZeroTrust.Policy.Loading;
using ZeroTrust.Policy.Model;

namespace ZeroTrust.Policy.Tests.Iam;

public class PolicyDocumentParseTests
{
    private static PolicyDocument Parse(string singleQuoted) => PolicyDocument.Parse(singleQuoted.Replace('\'', '"'), "test.json");

    private static string Error(string singleQuoted) =>
        Assert.Throws<PolicyInputException>(() => Parse(singleQuoted)).Message;

    [Fact]
    public void Statement_as_a_single_object_is_one_statement()
    {
        var document = Parse("{'Version': '2012-10-17', 'Statement': {'Effect': 'Allow', 'Action': 's3:GetObject', 'Resource': 'arn:aws:s3:::b/*'}}");

        var statement = Assert.Single(document.Statements);
        Assert.Equal(PolicyEffect.Allow, statement.Effect);
        Assert.Equal(["s3:GetObject"], statement.Actions);
        Assert.Equal(["arn:aws:s3:::b/*"], statement.Resources);
    }

    [Fact]
    public void Statement_array_keeps_order_and_every_list_field()
    {
        var document = Parse("""
            {'Id': 'p1', 'Statement': [
              {'Sid': 'A', 'Effect': 'Allow', 'Action': ['s3:GetObject', 's3:PutObject'], 'Resource': ['arn:aws:s3:::a/*', 'arn:aws:s3:::b/*']},
              {'Sid': 'B', 'Effect': 'Deny', 'NotAction': 'iam:*', 'NotResource': ['arn:aws:iam::1:role/x']}]}
            """);

        Assert.Equal("p1", document.Id);
        Assert.Null(document.Version);
        Assert.Equal(["A", "B"], document.Statements.Select(s => s.Sid));
        Assert.Equal(PolicyEffect.Deny, document.Statements[1].Effect);
        Assert.Equal(["iam:*"], document.Statements[1].NotActions);
        Assert.Equal(["arn:aws:iam::1:role/x"], document.Statements[1].NotResources);
        Assert.Equal("A", Assert.Single(document.AllowStatements).Sid);
    }

    [Fact]
    public void Principal_star_is_everyone_written_as_the_literal()
    {
        var principal = Parse("{'Statement': {'Effect': 'Allow', 'Principal': '*', 'Action': 's3:GetObject'}}").Statements[0].Principal!;

        Assert.True(principal.IsStarLiteral);
        Assert.True(principal.IsEveryone);
        Assert.True(principal.CanAdmitPeople);
    }

    [Fact]
    public void Principal_aws_star_is_everyone_but_not_the_literal()
    {
        var principal = Parse("{'Statement': {'Effect': 'Allow', 'Principal': {'AWS': '*'}, 'Action': 's3:GetObject'}}").Statements[0].Principal!;

        Assert.False(principal.IsStarLiteral);
        Assert.True(principal.IsEveryone);
    }

    [Fact]
    public void Typed_principals_keep_each_type()
    {
        var principal = Parse("""
            {'Statement': {'Effect': 'Allow', 'Action': 'sts:AssumeRole', 'Principal': {
              'AWS': ['arn:aws:iam::111122223333:root', '444455556666'], 'Service': 'ec2.amazonaws.com',
              'Federated': 'arn:aws:iam::1:saml-provider/corp', 'CanonicalUser': 'abc'}}}
            """).Statements[0].Principal!;

        Assert.Equal(["arn:aws:iam::111122223333:root", "444455556666"], principal.Of("AWS"));
        Assert.Equal(["ec2.amazonaws.com"], principal.Of("Service"));
        Assert.Equal(["arn:aws:iam::1:saml-provider/corp"], principal.Of("Federated"));
        Assert.Equal(["abc"], principal.Of("CanonicalUser"));
        Assert.False(principal.IsEveryone);
    }

    [Fact]
    public void Service_only_principal_cannot_admit_people()
    {
        Assert.False(PolicyPrincipal.Service("lambda.amazonaws.com").CanAdmitPeople);
        Assert.True(PolicyPrincipal.Aws("111122223333").CanAdmitPeople);
        Assert.True(PolicyPrincipal.Federated("cognito-identity.amazonaws.com").CanAdmitPeople);
    }

    [Fact]
    public void Not_principal_is_read()
    {
        var statement = Parse("{'Statement': {'Effect': 'Deny', 'NotPrincipal': {'AWS': 'arn:aws:iam::1:role/admin'}, 'Action': '*'}}").Statements[0];

        Assert.Null(statement.Principal);
        Assert.Equal(["arn:aws:iam::1:role/admin"], statement.NotPrincipal!.Of("AWS"));
    }

    [Fact]
    public void Condition_operators_with_if_exists_and_set_prefixes_are_read_with_their_base()
    {
        var conditions = Parse("""
            {'Statement': {'Effect': 'Allow', 'Action': 's3:GetObject', 'Condition': {
              'StringLikeIfExists': {'aws:PrincipalTag/team': 'pay*'},
              'ForAllValues:StringEquals': {'aws:TagKeys': ['a', 'b']},
              'ForAnyValue:StringLikeIfExists': {'aws:PrincipalOrgPaths': 'o-1/*'}}}}
            """).Statements[0].Conditions;

        Assert.Equal(["StringLikeIfExists", "ForAllValues:StringEquals", "ForAnyValue:StringLikeIfExists"], conditions.Select(c => c.Operator));
        Assert.Equal(["StringLike", "StringEquals", "StringLike"], conditions.Select(c => c.BaseOperator));
        Assert.Equal([true, false, true], conditions.Select(c => c.IsIfExists));
        Assert.Equal(["a", "b"], conditions[1].Values);
    }

    [Fact]
    public void Numbers_and_booleans_in_condition_values_are_read_as_text()
    {
        var statement = Parse("""
            {'Statement': {'Effect': 'Allow', 'Action': 's3:GetObject', 'Condition': {
              'Bool': {'aws:SecureTransport': true, 'aws:MultiFactorAuthPresent': [false, 'true']},
              'NumericLessThan': {'aws:MultiFactorAuthAge': 3600, 's3:max-keys': [10, 2.5]}}}}
            """).Statements[0];

        Assert.Equal(["true"], statement.ConditionsOn("aws:securetransport").Single().Values);
        Assert.Equal(["false", "true"], statement.ConditionsOn("aws:MultiFactorAuthPresent").Single().Values);
        Assert.Equal(["3600"], statement.ConditionsOn("aws:MultiFactorAuthAge").Single().Values);
        Assert.Equal(["10", "2.5"], statement.ConditionsOn("s3:max-keys").Single().Values);
    }

    [Theory]
    [InlineData("{'Statement': {'Effect': 'Allow', 'Action': 's3:GetObject', 'Condition': {'StringEqualz': {'k': 'v'}}}}", "test.json: Statement.Condition.StringEqualz is not an IAM condition operator")]
    [InlineData("{'Statement': {'Effect': 'Allow', 'Action': 's3:GetObject', 'Condition': {'NullIfExists': {'k': 'true'}}}}", "test.json: Statement.Condition.NullIfExists is not an IAM condition operator")]
    [InlineData("{'Statement': {'Effect': 'Allow', 'Action': 's3:GetObject', 'Condition': {'ForSomeValues:StringEquals': {'k': 'v'}}}}", "test.json: Statement.Condition.ForSomeValues:StringEquals is not an IAM condition operator")]
    [InlineData("{'Statement': [{'Effect': 'Allow', 'Action': 's3:GetObject', 'Condition': {'Bool': {'k': {'nested': 1}}}}]}", "test.json: Statement[0].Condition.Bool.k must be a string, number, boolean or array of them")]
    [InlineData("{'Statement': [{'Effect': 'Allow'}]}", "test.json: Statement[0] has neither Action nor NotAction")]
    [InlineData("{'Statement': [{'Action': 's3:GetObject'}]}", "test.json: Statement[0].Effect is missing")]
    [InlineData("{'Statement': [{'Effect': 'Permit', 'Action': 's3:GetObject'}]}", "test.json: Statement[0].Effect must be \"Allow\" or \"Deny\", found \"Permit\"")]
    [InlineData("{'Statement': [{'Effect': 'Allow', 'Action': []}]}", "test.json: Statement[0].Action is an empty array")]
    [InlineData("{'Statement': [{'Effect': 'Allow', 'Action': ['s3:GetObject', 3]}]}", "test.json: Statement[0].Action must hold only strings")]
    [InlineData("{'Statement': [{'Effect': 'Allow', 'Action': 's3:GetObject', 'Resources': '*'}]}", "test.json: Statement[0].Resources is not a statement element")]
    [InlineData("{'Statement': [{'Effect': 'Allow', 'Action': 'sts:AssumeRole', 'Principal': {'User': 'x'}}]}", "test.json: Statement[0].Principal.User is not a principal type (AWS, Service, Federated, CanonicalUser)")]
    [InlineData("{'Statement': [{'Effect': 'Allow', 'Action': 'sts:AssumeRole', 'Principal': 'everyone'}]}", "test.json: Statement[0].Principal as a string must be \"*\"")]
    [InlineData("{'Statement': 'Allow'}", "test.json: Statement must be an object or an array of objects")]
    [InlineData("{'Statement': ['Allow']}", "test.json: Statement[0] must be an object")]
    [InlineData("{'Version': '2012-10-17'}", "test.json: Statement is missing")]
    [InlineData("{'Version': '2019-01-01', 'Statement': []}", "test.json: Version '2019-01-01' is not a policy language version")]
    [InlineData("{'Version': 2012, 'Statement': []}", "test.json: Version must be a string")]
    [InlineData("{'Statment': []}", "test.json: Statment is not a policy document element (Version, Id, Statement)")]
    [InlineData("['Statement']", "test.json: the policy must be a JSON object, found Array")]
    // The grammar (reference_policies_grammar.html): a principal is "*" or a map, a condition block maps operators to
    // maps of context keys, an action list holds strings.
    [InlineData("{'Statement': [{'Effect': 'Allow', 'Action': 'sts:AssumeRole', 'Principal': ['*']}]}", "test.json: Statement[0].Principal must be \"*\" or an object")]
    [InlineData("{'Statement': [{'Effect': 'Allow', 'Action': 's3:GetObject', 'Condition': [{'Bool': {'aws:SecureTransport': 'true'}}]}]}", "test.json: Statement[0].Condition must be an object of operators")]
    [InlineData("{'Statement': [{'Effect': 'Allow', 'Action': 's3:GetObject', 'Condition': {'Bool': 'aws:SecureTransport'}}]}", "test.json: Statement[0].Condition.Bool must be an object of context keys")]
    [InlineData("{'Statement': [{'Effect': 'Allow', 'Action': 's3:GetObject', 'Condition': {'StringEquals': {'aws:SourceVpc': ['vpc-1', {'id': 'vpc-2'}]}}}]}", "test.json: Statement[0].Condition.StringEquals.aws:SourceVpc must hold strings, numbers or booleans")]
    [InlineData("{'Statement': [{'Effect': 'Allow', 'Action': 's3:GetObject', 'Condition': {'Null': {'aws:TokenIssueTime': null}}}]}", "test.json: Statement[0].Condition.Null.aws:TokenIssueTime must be a string, number, boolean or array of them")]
    [InlineData("{'Statement': [{'Effect': 'Allow', 'Action': 7}]}", "test.json: Statement[0].Action must be a string or an array of strings")]
    [InlineData("{'Statement': [{'Effect': 'Allow', 'Action': 's3:GetObject', 'Sid': 1}]}", "test.json: Statement[0].Sid must be a string")]
    [InlineData("{'Id': ['p1'], 'Statement': []}", "test.json: Id must be a string")]
    // A repeated member has no single meaning (a JSON reader keeps one value): refused, as terraform-provider-aws#33570 does.
    [InlineData("{'Statement': [], 'Statement': [{'Effect': 'Allow', 'Action': '*', 'Resource': '*'}]}", "test.json: Statement appears twice; merge the two")]
    [InlineData("{'Statement': {'Effect': 'Deny', 'Effect': 'Allow', 'Action': '*'}}", "test.json: Statement.Effect appears twice; merge the two")]
    [InlineData("{'Statement': {'Effect': 'Allow', 'Action': 'sts:AssumeRole', 'Principal': {'AWS': '111122223333', 'AWS': '*'}}}", "test.json: Statement.Principal.AWS appears twice; merge the two")]
    [InlineData("{'Statement': {'Effect': 'Allow', 'Action': 's3:GetObject', 'Condition': {'Bool': {'aws:SecureTransport': 'true'}, 'Bool': {'aws:ViaAWSService': 'true'}}}}", "test.json: Statement.Condition.Bool appears twice; merge the two")]
    [InlineData("{'Statement': {'Effect': 'Allow', 'Action': 's3:GetObject', 'Condition': {'StringEquals': {'aws:SourceVpc': 'vpc-1', 'aws:SourceVpc': 'vpc-2'}}}}", "test.json: Statement.Condition.StringEquals.aws:SourceVpc appears twice; merge the two")]
    // The position counts statements from 0, so the author finds the third one.
    [InlineData("{'Statement': [{'Effect': 'Allow', 'Action': 's3:GetObject'}, {'Effect': 'Allow', 'Action': 's3:PutObject'}, {'Effect': 'Alow', 'Action': '*'}]}", "test.json: Statement[2].Effect must be \"Allow\" or \"Deny\", found \"Alow\"")]
    public void Errors_name_the_member_and_the_problem(string policy, string message)
    {
        Assert.Equal(message, Error(policy));
    }

    [Fact]
    public void Invalid_json_names_the_position()
    {
        Assert.Equal("test.json:1:15: JSON ends early — the file looks truncated", Error("{'Statement': "));
    }

    [Fact]
    public void Empty_text_is_an_error()
    {
        Assert.Equal("test.json: empty JSON", Error("  "));
    }

    [Fact]
    public void Try_read_reports_the_error_instead_of_throwing()
    {
        using var json = JsonDocument.Parse("\"{\\\"Statement\\\": 1}\"");

        var document = PolicyDocument.TryRead(new Prop(json.RootElement), "policy", out var error);

        Assert.Null(document);
        Assert.Equal("policy: Statement must be an object or an array of objects", error);
    }

    [Fact]
    public void Try_read_rejects_a_number()
    {
        using var json = JsonDocument.Parse("42");

        Assert.Null(PolicyDocument.TryRead(new Prop(json.RootElement), "policy", out var error));
        Assert.Equal("policy: a policy must be a JSON string or object, found Number", error);
    }

    [Fact]
    public void Try_read_takes_a_policy_given_as_an_object()
    {
        using var json = JsonDocument.Parse("""{"Statement": {"Effect": "Deny", "Action": "s3:DeleteBucket", "Resource": "*"}}""");

        var document = PolicyDocument.TryRead(new Prop(json.RootElement), "policy", out var error);

        Assert.Null(error);
        Assert.Equal(PolicyEffect.Deny, Assert.Single(document!.Statements).Effect);
    }

    // The example of access_policies.html#access_policies-json ("list a single Amazon S3 bucket named example_bucket"):
    // single values become arrays, and absent elements (Sid, Principal, Condition, …) stay absent.
    [Fact]
    public void To_json_of_the_documentation_example_adds_only_arrays()
    {
        var document = Parse("""
            {'Version': '2012-10-17', 'Statement': {'Effect': 'Allow', 'Action': 's3:ListBucket', 'Resource': 'arn:aws:s3:::example_bucket'}}
            """);

        Assert.Equal("""{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["s3:ListBucket"],"Resource":["arn:aws:s3:::example_bucket"]}]}""", document.ToJson());
    }

    [Fact]
    public void To_json_writes_the_canonical_form()
    {
        var document = new PolicyDocument(new PolicyStatement
        {
            Effect = PolicyEffect.Allow,
            Principal = PolicyPrincipal.Everyone,
            Actions = ["s3:GetObject"],
            Conditions = [new ConditionEntry("StringEquals", "aws:SourceAccount", ["1"])],
        });

        Assert.Equal("""{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":"*","Action":["s3:GetObject"],"Condition":{"StringEquals":{"aws:SourceAccount":["1"]}}}]}""", document.ToJson());
    }

    [Fact]
    public void Condition_order_does_not_change_a_statement_and_survives_operator_grouping()
    {
        var statement = new PolicyStatement
        {
            Actions = ["s3:GetObject"],
            Conditions = [new("StringEquals", "a", ["1"]), new("Bool", "b", ["true"]), new("StringEquals", "c", ["2"])],
        };

        var reparsed = PolicyDocument.Parse(new PolicyDocument(statement).ToJson()).Statements[0];

        Assert.Equal(["StringEquals", "StringEquals", "Bool"], reparsed.Conditions.Select(c => c.Operator));
        Assert.Equal(statement, reparsed);
        Assert.NotEqual(statement, statement with { Conditions = [new("StringEquals", "a", ["1"]), new("Bool", "b", ["true"])] });
    }

    [Theory]
    [InlineData("*", true, false)]
    [InlineData("s3:*", false, true)]
    [InlineData("s3:Get*", false, false)]
    [InlineData("s3:GetObject", false, false)]
    public void Action_pattern_classifies_wildcards(string action, bool everything, bool wholeService)
    {
        Assert.Equal(everything, ActionPattern.IsEverything(action));
        Assert.Equal(wholeService, ActionPattern.IsWholeService(action));
    }

    [Theory]
    [InlineData("s3:Get*", "s3:GetObject", true)]
    [InlineData("S3:get*", "s3:GetObject", true)]
    [InlineData("s3:Get?bject", "s3:GetObject", true)]
    [InlineData("s3:Get*", "s3:PutObject", false)]
    [InlineData("*", "iam:PassRole", true)]
    [InlineData("s3:*Object", "s3:GetObjectAcl", false)]
    [InlineData("s3:List*", "s3:List*Buckets", true)]
    [InlineData("*", "*:Get*", true)]
    public void Action_pattern_matches_like_iam(string pattern, string action, bool matches)
    {
        Assert.Equal(matches, ActionPattern.Matches(pattern, action));
    }
}
