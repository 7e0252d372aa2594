#!/usr/bin/env python3
"""Writes the two example previews: compliant-preview.json and noncompliant-preview.json.

They are shaped like `pulumi preview --json` of the zero-trust stack (project zero-trust, stack dev, one AWS account
and an EKS cluster's namespaces): create steps whose newState carries urn, custom, type, inputs, parent, provider,
propertyDependencies and dependencies; values decided at deployment (ids, ARNs of resources being created) are the
unknown placeholder, and the links survive in propertyDependencies, as in a real preview.

Run from the repository root:  python3 examples/generate.py
"""
import json
import os

UNKNOWN = "04da6b54-80e4-46f7-96ec-b56ff0331ba9"
PROJECT, STACK = "zero-trust", "dev"
ACCOUNT, REGION = "111122223333", "eu-west-1"
PREFIX = f"{PROJECT}-{STACK}"


def compact(document):
    return json.dumps(document, separators=(",", ":"))


class Preview:
    def __init__(self):
        self.steps = []
        self.stack = self.add("pulumi:pulumi:Stack", f"{PROJECT}-{STACK}", custom=False, parent=None)
        self.aws = self.provider("aws", "default_6_83_0", {"region": REGION, "version": "6.83.0"})
        self.k8s = self.provider("kubernetes", "eks", {"kubeconfig": {"4dabf18193072939515e22adb298388d": "1b47061264138c4ac30d75fd1eb44270", "ciphertext": "v1:bmFtZXNwYWNlLWFjY2Vzcw=="}, "version": "4.23.0"})

    def provider(self, package, name, inputs):
        urn = self.add(f"pulumi:providers:{package}", name, inputs=inputs, provider=None)
        return f"{urn}::{UNKNOWN}"

    def add(self, type_, name, inputs=None, parent="stack", deps=None, custom=True, provider="aws"):
        if parent == "stack":
            parent = self.stack
        qualified = type_
        if parent is not None and parent != getattr(self, "stack", None):
            parent_type = parent.split("::")[2]
            qualified = f"{parent_type}${type_}"
        urn = f"urn:pulumi:{STACK}::{PROJECT}::{qualified}::{name}"
        deps = deps or {}
        state = {"urn": urn, "custom": custom, "type": type_}
        if inputs is not None:
            state["inputs"] = inputs
        if parent is not None:
            state["parent"] = parent
        provider_ref = {"aws": getattr(self, "aws", None), "k8s": getattr(self, "k8s", None)}.get(provider) if custom else None
        if provider_ref and not type_.startswith("pulumi:providers:"):
            state["provider"] = provider_ref
        if deps:
            state["propertyDependencies"] = deps
            state["dependencies"] = sorted({u for urns in deps.values() for u in urns})
        step = {"op": "create", "urn": urn}
        if "provider" in state:
            step["provider"] = state["provider"]
        step["newState"] = state
        step["detailedDiff"] = None
        self.steps.append(step)
        return urn

    def component(self, type_, name, parent="stack"):
        return self.add(type_, name, parent=parent, custom=False)

    def document(self):
        creates = len(self.steps)
        return {"config": {"aws:region": REGION, f"{PROJECT}:environment": STACK}, "steps": self.steps,
                "duration": 4127000000, "changeSummary": {"create": creates}}


def arn(service, resource, region=REGION):
    return f"arn:aws:{service}:{region}:{ACCOUNT}:{resource}"


def policy(*statements):
    return compact({"Version": "2012-10-17", "Statement": list(statements)})


def tags(**extra):
    base = {"project": PROJECT, "stack": STACK, "owner": "platform-security"}
    base.update({k.replace("__", ":").replace("_", "-"): v for k, v in extra.items()})
    return base


def build(noncompliant):
    p = Preview()
    key_arn = None

    # ---- audit: KMS key, trail bucket, trail log group, trail, alarms topic, CIS metric filters and alarms ----
    audit = p.component("zerotrust:audit:AuditTrail", "audit")
    key_policy = policy(
        {"Sid": "AccountAdministersKeyThroughIam", "Effect": "Allow", "Principal": {"AWS": f"arn:aws:iam::{ACCOUNT}:root"},
         "Action": "kms:*", "Resource": "*"},
        {"Sid": "CloudTrailEncryptsLogs", "Effect": "Allow", "Principal": {"Service": "cloudtrail.amazonaws.com"},
         "Action": ["kms:GenerateDataKey*", "kms:DescribeKey"], "Resource": "*",
         "Condition": {"StringLike": {"kms:EncryptionContext:aws:cloudtrail:arn": f"arn:aws:cloudtrail:*:{ACCOUNT}:trail/*"},
                       "StringEquals": {"aws:SourceAccount": ACCOUNT}}},
        {"Sid": "CloudWatchLogsEncryptsLogGroups", "Effect": "Allow", "Principal": {"Service": f"logs.{REGION}.amazonaws.com"},
         "Action": ["kms:Encrypt", "kms:Decrypt", "kms:ReEncryptFrom", "kms:ReEncryptTo", "kms:GenerateDataKey", "kms:GenerateDataKeyWithoutPlaintext", "kms:DescribeKey"],
         "Resource": "*",
         "Condition": {"ArnLike": {"kms:EncryptionContext:aws:logs:arn": arn("logs", f"log-group:/{PROJECT}/{STACK}/*")}}},
        {"Sid": "CloudWatchAlarmsPublishToEncryptedTopic", "Effect": "Allow", "Principal": {"Service": "cloudwatch.amazonaws.com"},
         "Action": ["kms:Decrypt", "kms:GenerateDataKey"], "Resource": "*",
         "Condition": {"StringEquals": {"aws:SourceAccount": ACCOUNT}}},
    )
    key = p.add("aws:kms/key:Key", "audit-key", {
        "__defaults": ["bypassPolicyLockoutSafetyCheck", "customerMasterKeySpec", "isEnabled", "keyUsage"],
        "bypassPolicyLockoutSafetyCheck": False, "customerMasterKeySpec": "SYMMETRIC_DEFAULT", "isEnabled": True,
        "keyUsage": "ENCRYPT_DECRYPT", "description": "Encrypts the audit trail, its log groups and the alarm topic",
        "enableKeyRotation": True, "deletionWindowInDays": 30, "policy": key_policy, "tags": tags()}, parent=audit)
    p.add("aws:kms/alias:Alias", "audit-key-alias", {"name": f"alias/{PREFIX}-audit", "targetKeyId": UNKNOWN},
          parent=audit, deps={"targetKeyId": [key]})

    bucket_name = f"{PREFIX}-audit-trail-{ACCOUNT}"
    bucket = p.add("aws:s3/bucketV2:BucketV2", "audit-trail-bucket", {
        "__defaults": ["forceDestroy"], "bucket": bucket_name, "forceDestroy": False, "objectLockEnabled": False,
        "tags": tags()}, parent=audit)
    # CIS 3.6: the trail bucket's server access logs go to a bucket of their own (ZT-LOG-004).
    log_bucket = p.add("aws:s3/bucketV2:BucketV2", "audit-access-logs", {
        "__defaults": ["forceDestroy"], "bucket": f"{bucket_name}-access-logs", "forceDestroy": False, "tags": tags()}, parent=audit)
    p.add("aws:s3/bucketLoggingV2:BucketLoggingV2", "audit-trail-bucket-logging", {
        "bucket": UNKNOWN, "targetBucket": UNKNOWN, "targetPrefix": "trail-bucket/"},
        parent=audit, deps={"bucket": [bucket], "targetBucket": [log_bucket]})
    p.add("aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock", "audit-trail-bucket-public-access", {
        "bucket": UNKNOWN, "blockPublicAcls": True, "blockPublicPolicy": True, "ignorePublicAcls": True,
        "restrictPublicBuckets": True}, parent=audit, deps={"bucket": [bucket]})
    p.add("aws:s3/bucketVersioningV2:BucketVersioningV2", "audit-trail-bucket-versioning", {
        "bucket": UNKNOWN, "versioningConfiguration": {"status": "Enabled"}}, parent=audit, deps={"bucket": [bucket]})
    p.add("aws:s3/bucketServerSideEncryptionConfigurationV2:BucketServerSideEncryptionConfigurationV2", "audit-trail-bucket-encryption", {
        "bucket": UNKNOWN, "rules": [{"applyServerSideEncryptionByDefault": {"sseAlgorithm": "aws:kms", "kmsMasterKeyId": UNKNOWN},
                                      "bucketKeyEnabled": True}]},
        parent=audit, deps={"bucket": [bucket], "rules": [key]})
    trail_arn = arn("cloudtrail", f"trail/{PREFIX}")
    p.add("aws:s3/bucketPolicy:BucketPolicy", "audit-trail-bucket-policy", {
        "bucket": UNKNOWN,
        "policy": policy(
            {"Sid": "DenyInsecureTransport", "Effect": "Deny", "Principal": "*", "Action": "s3:*",
             "Resource": [f"arn:aws:s3:::{bucket_name}", f"arn:aws:s3:::{bucket_name}/*"],
             "Condition": {"Bool": {"aws:SecureTransport": "false"}}},
            {"Sid": "CloudTrailAclCheck", "Effect": "Allow", "Principal": {"Service": "cloudtrail.amazonaws.com"},
             "Action": "s3:GetBucketAcl", "Resource": f"arn:aws:s3:::{bucket_name}",
             "Condition": {"StringEquals": {"aws:SourceArn": trail_arn}}},
            {"Sid": "CloudTrailWrite", "Effect": "Allow", "Principal": {"Service": "cloudtrail.amazonaws.com"},
             "Action": "s3:PutObject", "Resource": f"arn:aws:s3:::{bucket_name}/AWSLogs/{ACCOUNT}/*",
             "Condition": {"StringEquals": {"s3:x-amz-acl": "bucket-owner-full-control", "aws:SourceArn": trail_arn}}})},
        parent=audit, deps={"bucket": [bucket]})

    trail_group_name = f"/{PROJECT}/{STACK}/cloudtrail"
    trail_group = p.add("aws:cloudwatch/logGroup:LogGroup", "audit-trail-logs", {
        "__defaults": ["skipDestroy"], "name": trail_group_name, "retentionInDays": 365, "kmsKeyId": UNKNOWN,
        "skipDestroy": False, "tags": tags()}, parent=audit, deps={"kmsKeyId": [key]})
    trail_role = p.add("aws:iam/role:Role", "audit-trail-delivery-role", {
        "__defaults": ["forceDetachPolicies", "maxSessionDuration", "path"], "forceDetachPolicies": False,
        "maxSessionDuration": 3600, "path": "/",
        "assumeRolePolicy": policy({"Effect": "Allow", "Principal": {"Service": "cloudtrail.amazonaws.com"},
                                    "Action": "sts:AssumeRole", "Condition": {"StringEquals": {"aws:SourceArn": trail_arn}}}),
        "tags": tags()}, parent=audit)
    p.add("aws:iam/rolePolicy:RolePolicy", "audit-trail-delivery", {
        "role": UNKNOWN,
        "policy": policy({"Effect": "Allow", "Action": ["logs:CreateLogStream", "logs:PutLogEvents"],
                          "Resource": arn("logs", f"log-group:{trail_group_name}:log-stream:*")})},
        parent=audit, deps={"role": [trail_role]})
    p.add("aws:cloudtrail/trail:Trail", "audit-trail", {
        "__defaults": ["enableLogging"], "enableLogging": True, "name": PREFIX, "s3BucketName": UNKNOWN,
        "isMultiRegionTrail": True, "includeGlobalServiceEvents": True, "enableLogFileValidation": True,
        "kmsKeyId": UNKNOWN, "cloudWatchLogsGroupArn": UNKNOWN, "cloudWatchLogsRoleArn": UNKNOWN, "tags": tags()},
        parent=audit, deps={"s3BucketName": [bucket], "kmsKeyId": [key], "cloudWatchLogsGroupArn": [trail_group],
                            "cloudWatchLogsRoleArn": [trail_role]})
    topic = p.add("aws:sns/topic:Topic", "security-alarms", {
        "name": f"{PREFIX}-security-alarms", "kmsMasterKeyId": UNKNOWN, "tags": tags()},
        parent=audit, deps={"kmsMasterKeyId": [key]})
    p.add("aws:sns/topicSubscription:TopicSubscription", "security-oncall", {
        "topic": UNKNOWN, "protocol": "email", "endpoint": "secops@example.com"}, parent=audit, deps={"topic": [topic]})

    for control in MONITORING:
        name = control["key"]
        transformation = {"name": control["metric"], "namespace": control["namespace"], "value": "1"}
        if control.get("dimensions"):
            transformation["dimensions"] = control["dimensions"]
        else:
            transformation["defaultValue"] = "0"
        p.add("aws:cloudwatch/logMetricFilter:LogMetricFilter", f"{name}-filter", {
            "name": f"{PREFIX}-{name}", "logGroupName": UNKNOWN, "pattern": control["pattern"],
            "metricTransformation": transformation}, parent=audit, deps={"logGroupName": [trail_group]})
        alarm = {"name": f"{PREFIX}-{name}", "alarmDescription": f"{control['id']}: {control['title']}",
                 "comparisonOperator": control["comparison"], "evaluationPeriods": 1, "threshold": control["threshold"],
                 "treatMissingData": "notBreaching", "actionsEnabled": True, "alarmActions": [UNKNOWN], "tags": tags()}
        if control.get("query"):
            alarm["metricQueries"] = [{"id": "busiest", "expression": control["query"], "period": control["period"],
                                       "returnData": True, "label": "Denied requests of the busiest principal"}]
        else:
            alarm.update({"metricName": control["metric"], "namespace": control["namespace"], "statistic": "Sum",
                          "period": control["period"]})
        p.add("aws:cloudwatch/metricAlarm:MetricAlarm", f"{name}-alarm", alarm, parent=audit, deps={"alarmActions": [topic]})

    # ZT-LOG-006: denied requests per principal, by Contributor Insights rules as AWS documents their syntax and as
    # DeniedAccessBlueprint emits them: role sessions keyed on the session issuer, every other caller on its ARN.
    issuer = "$.userIdentity.sessionContext.sessionIssuer.arn"
    for suffix, key, has_issuer in [("role", issuer, True), ("identity", "$.userIdentity.arn", False)]:
        insight_name = f"{PREFIX}-denied-by-{suffix}"
        p.add("aws:cloudwatch/contributorInsightRule:ContributorInsightRule", f"denied-by-{suffix}", {
            "ruleName": insight_name, "ruleState": "ENABLED", "ruleDefinition": compact({
                "Schema": {"Name": "CloudWatchLogRule", "Version": 1}, "LogGroupNames": [trail_group_name], "LogFormat": "JSON",
                "Contribution": {"Keys": [key], "Filters": [
                    {"Match": "$.errorCode", "StartsWith": ["AccessDenied", "UnauthorizedOperation", "Client.UnauthorizedOperation"]},
                    {"Match": issuer, "IsPresent": has_issuer}]},
                "AggregateOn": "Count"}), "tags": tags()}, parent=audit)
        p.add("aws:cloudwatch/metricAlarm:MetricAlarm", f"denied-by-{suffix}-alarm", {
            "name": insight_name, "alarmDescription": "More than 10 denied requests from one principal in an hour",
            "comparisonOperator": "GreaterThanThreshold", "evaluationPeriods": 1, "threshold": 10, "treatMissingData": "notBreaching",
            "actionsEnabled": True, "alarmActions": [UNKNOWN], "tags": tags(),
            "metricQueries": [{"id": "top", "expression": f"INSIGHT_RULE_METRIC('{insight_name}', 'MaxContributorValue')",
                               "period": 3600, "returnData": True}]}, parent=audit, deps={"alarmActions": [topic]})

    # ---- network: VPC with flow logs, stripped default group, three tiers linked by security group references ----
    net = p.component("zerotrust:network:SegmentedNetwork", "core")
    vpc = p.add("aws:ec2/vpc:Vpc", "core-vpc", {
        "__defaults": ["instanceTenancy"], "instanceTenancy": "default", "cidrBlock": "10.40.0.0/16",
        "enableDnsHostnames": True, "enableDnsSupport": True, "tags": tags(Name=f"{PREFIX}-core")}, parent=net)
    p.add("aws:ec2/defaultSecurityGroup:DefaultSecurityGroup", "core-default-sg", {
        "vpcId": UNKNOWN, "ingress": [], "egress": [], "tags": tags(Name=f"{PREFIX}-default-deny-all")},
        parent=net, deps={"vpcId": [vpc]})
    flow_group_name = f"/{PROJECT}/{STACK}/vpc-flow-logs"
    flow_group = p.add("aws:cloudwatch/logGroup:LogGroup", "core-flow-logs", {
        "__defaults": ["skipDestroy"], "name": flow_group_name, "retentionInDays": 365, "kmsKeyId": UNKNOWN,
        "skipDestroy": False, "tags": tags()}, parent=net, deps={"kmsKeyId": [key]})
    flow_role = p.add("aws:iam/role:Role", "core-flow-logs-role", {
        "__defaults": ["forceDetachPolicies", "maxSessionDuration", "path"], "forceDetachPolicies": False,
        "maxSessionDuration": 3600, "path": "/",
        "assumeRolePolicy": policy({"Effect": "Allow", "Principal": {"Service": "vpc-flow-logs.amazonaws.com"},
                                    "Action": "sts:AssumeRole", "Condition": {"StringEquals": {"aws:SourceAccount": ACCOUNT}}}),
        "tags": tags()}, parent=net)
    p.add("aws:iam/rolePolicy:RolePolicy", "core-flow-logs-delivery", {
        "role": UNKNOWN,
        "policy": policy({"Effect": "Allow", "Action": ["logs:CreateLogStream", "logs:PutLogEvents", "logs:DescribeLogStreams"],
                          "Resource": [arn("logs", f"log-group:{flow_group_name}"), arn("logs", f"log-group:{flow_group_name}:log-stream:*")]})},
        parent=net, deps={"role": [flow_role]})
    p.add("aws:ec2/flowLog:FlowLog", "core-flow-log", {
        "vpcId": UNKNOWN, "trafficType": "ALL", "logDestinationType": "cloud-watch-logs", "logDestination": UNKNOWN,
        "iamRoleArn": UNKNOWN, "maxAggregationInterval": 60, "tags": tags()},
        parent=net, deps={"vpcId": [vpc], "logDestination": [flow_group], "iamRoleArn": [flow_role]})

    groups = {}
    for tier, description, extra in [("edge", "Public edge: HTTPS from the internet, to the app tier only", {"zerotrust__public_edge": "true"}),
                                     ("app", "Application tier: from the edge, to the data tier", {}),
                                     ("data", "Data tier: PostgreSQL from the app tier, no egress", {})]:
        groups[tier] = p.add("aws:ec2/securityGroup:SecurityGroup", f"{tier}-sg", {
            "__defaults": ["revokeRulesOnDelete"], "name": f"{PREFIX}-{tier}", "description": description,
            "vpcId": UNKNOWN, "revokeRulesOnDelete": True, "tags": tags(Name=f"{PREFIX}-{tier}", zerotrust__tier=tier, **extra)},
            parent=net, deps={"vpcId": [vpc]})

    def ingress(name, group, port, source=None, cidr4=None, cidr6=None, protocol="tcp", description=""):
        inputs = {"securityGroupId": UNKNOWN, "ipProtocol": protocol, "fromPort": port, "toPort": port, "description": description}
        deps = {"securityGroupId": [groups[group]]}
        if source:
            inputs["referencedSecurityGroupId"] = UNKNOWN
            deps["referencedSecurityGroupId"] = [groups[source]]
        if cidr4:
            inputs["cidrIpv4"] = cidr4
        if cidr6:
            inputs["cidrIpv6"] = cidr6
        if protocol == "-1":
            del inputs["fromPort"], inputs["toPort"]
        p.add("aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule", name, inputs, parent=net, deps=deps)

    def egress(name, group, port, target, description=""):
        p.add("aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule", name, {
            "securityGroupId": UNKNOWN, "referencedSecurityGroupId": UNKNOWN, "ipProtocol": "tcp",
            "fromPort": port, "toPort": port, "description": description},
            parent=net, deps={"securityGroupId": [groups[group]], "referencedSecurityGroupId": [groups[target]]})

    ingress("edge-https-ipv4", "edge", 443, cidr4="0.0.0.0/0", description="HTTPS from the internet")
    ingress("edge-https-ipv6", "edge", 443, cidr6="::/0", description="HTTPS from the internet (IPv6)")
    ingress("app-from-edge", "app", 8443, source="edge", description="TLS from the edge tier")
    ingress("data-from-app", "data", 5432, source="app", description="PostgreSQL from the app tier")
    egress("edge-to-app", "edge", 8443, "app", "TLS to the app tier")
    egress("app-to-data", "app", 5432, "data", "PostgreSQL to the data tier")

    # ---- identity: an operator role people assume with MFA, scoped to reading the audit signals ----
    iam = p.component("zerotrust:identity:OperatorAccess", "operators")
    ops_role = p.add("aws:iam/role:Role", "ops-audit-reader", {
        "__defaults": ["forceDetachPolicies", "path"], "forceDetachPolicies": False, "path": "/operators/",
        "maxSessionDuration": 3600, "description": "Read the audit trail and alarms; assumed by operators with MFA",
        "assumeRolePolicy": policy({"Effect": "Allow", "Principal": {"AWS": f"arn:aws:iam::{ACCOUNT}:root"},
                                    "Action": "sts:AssumeRole",
                                    "Condition": {"Bool": {"aws:MultiFactorAuthPresent": "true"},
                                                  "NumericLessThan": {"aws:MultiFactorAuthAge": "3600"}}}),
        "tags": tags()}, parent=iam)
    ops_policy = p.add("aws:iam/policy:Policy", "ops-audit-reader-policy", {
        "path": "/operators/", "description": "Read the trail's logs and the security alarms",
        "policy": policy({"Sid": "ReadTrailLogs", "Effect": "Allow", "Action": ["logs:FilterLogEvents", "logs:GetLogEvents", "logs:StartQuery"],
                          "Resource": [arn("logs", f"log-group:{trail_group_name}"), arn("logs", f"log-group:{trail_group_name}:log-stream:*")]},
                         {"Sid": "ReadSecurityAlarms", "Effect": "Allow", "Action": ["cloudwatch:DescribeAlarms", "cloudwatch:DescribeAlarmHistory"],
                          "Resource": arn("cloudwatch", f"alarm:{PREFIX}-*")}),
        "tags": tags()}, parent=iam)
    p.add("aws:iam/rolePolicyAttachment:RolePolicyAttachment", "ops-audit-reader-attachment", {
        "role": UNKNOWN, "policyArn": UNKNOWN}, parent=iam, deps={"role": [ops_role], "policyArn": [ops_policy]})

    # ---- API: HTTP API with a JWT authorizer, scoped routes, JSON access logs and throttling ----
    api_c = p.component("zerotrust:api:JwtHttpApi", "orders")
    api = p.add("aws:apigatewayv2/api:Api", "orders-api", {
        "name": f"{PREFIX}-orders", "protocolType": "HTTP", "disableExecuteApiEndpoint": False, "tags": tags()}, parent=api_c)
    authorizer = p.add("aws:apigatewayv2/authorizer:Authorizer", "orders-jwt", {
        "apiId": UNKNOWN, "name": "orders-jwt", "authorizerType": "JWT",
        "identitySources": ["$request.header.Authorization"],
        "jwtConfiguration": {"issuer": f"https://cognito-idp.{REGION}.amazonaws.com/{REGION}_Zt0rders1", "audiences": ["orders-api"]}},
        parent=api_c, deps={"apiId": [api]})
    integration = p.add("aws:apigatewayv2/integration:Integration", "orders-backend", {
        "apiId": UNKNOWN, "integrationType": "HTTP_PROXY", "integrationMethod": "ANY",
        "integrationUri": "https://orders.internal.zero-trust.example/", "payloadFormatVersion": "1.0"},
        parent=api_c, deps={"apiId": [api]})
    routes = [("list-orders", "GET /orders", ["orders:read"]), ("get-order", "GET /orders/{id}", ["orders:read"]),
              ("create-order", "POST /orders", ["orders:write"]), ("cancel-order", "DELETE /orders/{id}", ["orders:admin"])]
    for name, key_, scopes in routes:
        p.add("aws:apigatewayv2/route:Route", name, {
            "apiId": UNKNOWN, "routeKey": key_, "authorizationType": "JWT", "authorizerId": UNKNOWN,
            "authorizationScopes": scopes, "target": UNKNOWN},
            parent=api_c, deps={"apiId": [api], "authorizerId": [authorizer], "target": [integration]})
    access_group = p.add("aws:cloudwatch/logGroup:LogGroup", "orders-api-access-logs", {
        "__defaults": ["skipDestroy"], "name": f"/{PROJECT}/{STACK}/api/orders", "retentionInDays": 365,
        "kmsKeyId": UNKNOWN, "skipDestroy": False, "tags": tags()}, parent=api_c, deps={"kmsKeyId": [key]})
    access_format = compact({"requestId": "$context.requestId", "ip": "$context.identity.sourceIp",
                             "principal": "$context.authorizer.claims.sub", "requestTime": "$context.requestTime",
                             "routeKey": "$context.routeKey", "status": "$context.status",
                             "authorizerError": "$context.authorizer.error"})
    p.add("aws:apigatewayv2/stage:Stage", "orders-default-stage", {
        "apiId": UNKNOWN, "name": "$default", "autoDeploy": True,
        "accessLogSettings": {"destinationArn": UNKNOWN, "format": access_format},
        "defaultRouteSettings": {"throttlingBurstLimit": 50, "throttlingRateLimit": 100, "detailedMetricsEnabled": True},
        "tags": tags()}, parent=api_c, deps={"apiId": [api], "accessLogSettings": [access_group]})

    # ---- Kubernetes: restricted namespaces, default deny, DNS only to kube-dns ----
    for ns_name in ["orders", "payments"]:
        ns_c = p.component("zerotrust:kubernetes:ZeroTrustNamespace", ns_name)
        ns = p.add("kubernetes:core/v1:Namespace", f"{ns_name}-ns", {
            "apiVersion": "v1", "kind": "Namespace",
            "metadata": {"name": ns_name, "labels": {
                "app.kubernetes.io/managed-by": "pulumi",
                "pod-security.kubernetes.io/enforce": "restricted", "pod-security.kubernetes.io/enforce-version": "latest",
                "pod-security.kubernetes.io/audit": "restricted", "pod-security.kubernetes.io/warn": "restricted"}}},
            parent=ns_c, provider="k8s")
        p.add("kubernetes:networking.k8s.io/v1:NetworkPolicy", f"{ns_name}-default-deny", {
            "apiVersion": "networking.k8s.io/v1", "kind": "NetworkPolicy",
            "metadata": {"name": "default-deny", "namespace": UNKNOWN},
            "spec": {"podSelector": {}, "policyTypes": ["Ingress", "Egress"]}},
            parent=ns_c, deps={"metadata": [ns]}, provider="k8s")
        p.add("kubernetes:networking.k8s.io/v1:NetworkPolicy", f"{ns_name}-allow-dns", {
            "apiVersion": "networking.k8s.io/v1", "kind": "NetworkPolicy",
            "metadata": {"name": "allow-dns", "namespace": UNKNOWN},
            "spec": {"podSelector": {}, "policyTypes": ["Egress"],
                     "egress": [{"to": [{"namespaceSelector": {"matchLabels": {"kubernetes.io/metadata.name": "kube-system"}},
                                         "podSelector": {"matchLabels": {"k8s-app": "kube-dns"}}}],
                                 "ports": [{"protocol": "UDP", "port": 53}, {"protocol": "TCP", "port": 53}]}]}},
            parent=ns_c, deps={"metadata": [ns]}, provider="k8s")

    if noncompliant:
        # The seed's mistakes, as a stack would hold them.
        legacy = p.component("zerotrust:legacy:SeedSnippets", "seed")
        p.add("aws:ec2/securityGroup:SecurityGroup", "app_to_db", {
            "__defaults": ["revokeRulesOnDelete"], "revokeRulesOnDelete": False, "name": "app-db-ingress",
            "description": "Allow app tier to database", "vpcId": UNKNOWN,
            "ingress": [{"fromPort": 5432, "toPort": 5432, "protocol": "tcp", "securityGroups": [UNKNOWN], "self": False}],
            "egress": [{"fromPort": 0, "toPort": 0, "protocol": "-1", "cidrBlocks": ["0.0.0.0/0"], "self": False}]},
            parent=legacy, deps={"vpcId": [vpc], "ingress": [groups["app"]]})
        ingress("app-ssh-from-anywhere", "app", 22, cidr4="0.0.0.0/0", description="debug SSH")
        broker = p.add("aws:iam/role:Role", "jit-broker", {
            "__defaults": ["forceDetachPolicies", "path"], "forceDetachPolicies": False, "path": "/",
            "maxSessionDuration": 3600,
            "assumeRolePolicy": policy({"Effect": "Allow", "Principal": {"Service": "lambda.amazonaws.com"}, "Action": "sts:AssumeRole"}),
            "tags": tags()}, parent=legacy)
        star = p.add("aws:iam/policy:Policy", "jit-broker-everything", {
            "path": "/", "description": "Lets the broker create any policy",
            "policy": policy({"Effect": "Allow", "Action": "*", "Resource": "*"})}, parent=legacy)
        p.add("aws:iam/rolePolicyAttachment:RolePolicyAttachment", "jit-broker-everything", {
            "role": UNKNOWN, "policyArn": UNKNOWN}, parent=legacy, deps={"role": [broker], "policyArn": [star]})
        p.add("aws:iam/rolePolicyAttachment:RolePolicyAttachment", "jit-broker-admin", {
            "role": UNKNOWN, "policyArn": "arn:aws:iam::aws:policy/AdministratorAccess"}, parent=legacy, deps={"role": [broker]})
        p.add("aws:apigatewayv2/route:Route", "admin-unauthenticated", {
            "apiId": UNKNOWN, "routeKey": "POST /admin/reindex", "authorizationType": "NONE", "target": UNKNOWN},
            parent=api_c, deps={"apiId": [api], "target": [integration]})

    return p.document()


def cis(number, key, title, metric, pattern, threshold=1):
    return {"id": f"CIS-{number}", "key": f"cis-{number.replace('.', '-')}-{key}", "title": title, "metric": metric,
            "namespace": "CISBenchmark", "pattern": pattern, "threshold": threshold, "period": 300,
            "comparison": "GreaterThanOrEqualToThreshold"}


def load_monitoring():
    """The CIS catalogue's patterns, read from the engine's source so the examples never drift from it."""
    import re
    here = os.path.dirname(os.path.abspath(__file__))
    source = open(os.path.join(here, "..", "policy", "ZeroTrust.Policy", "Monitoring", "CisMonitoringCatalogue.cs"), encoding="utf-8").read()
    controls = []
    entry = re.compile(r'Cis\("(?P<n>[\d.]+)", (?:"[^"]*"|null), "(?P<key>[^"]+)", "(?P<title>[^"]+)",\s*"(?P<pattern>(?:[^"\\]|\\.)*)",\s*"(?P<metric>[^"]+)"(?P<rest>[^\n]*)')
    for m in entry.finditer(source):
        threshold = 1
        pattern = m.group("pattern").replace('\\"', '"')
        controls.append(cis(m.group("n"), m.group("key"), m.group("title"), m.group("metric"), pattern, threshold))
    if len(controls) != 15:
        raise SystemExit(f"expected the 15 CIS controls in CisMonitoringCatalogue.cs, found {len(controls)}")
    return controls


MONITORING = load_monitoring()

if __name__ == "__main__":
    here = os.path.dirname(os.path.abspath(__file__))
    for name, noncompliant in [("compliant-preview.json", False), ("noncompliant-preview.json", True)]:
        with open(os.path.join(here, name), "w", encoding="utf-8") as out:
            json.dump(build(noncompliant), out, indent=4, ensure_ascii=False)
            out.write("\n")
        print(f"wrote examples/{name}")
