"""The table: what AWS accepts in each string-valued property the templates write.

One row per (CloudFormation resource type, property path). A row either
carries a RULE (lengths, a character set or regular expression, other
documented constraints), the AWS documentation page that states it and the
error AWS answers when refused; or it says why the value NEEDS NO RULE (an
enumeration cfn-lint already checks, a reference CloudFormation fills in, a
JSON document, a number written as a string, ...) with a documentation link.

Paths: property names joined with ".", "[]" for the items of a list, "*" for
any key of a map (Parameters.* of a nested stack). A row with subtree=True
covers every value under its path (policy documents). The pseudo types
"Template", "Output" and "Parameter" cover the template's own Description and
its Outputs' and Parameters' fields (printed Template::Description,
Output::Description, ...).

Sources of the constraints, in this order of preference: the service's API
Reference (often reached through its official docs.aws.amazon.com/goto/WebAPI/
redirect, or the docs.amazonaws.cn mirror of the same page where that is the
one the search found); pages AWS generates from the same service model (AWS
SDK references); the CloudFormation reference. Every URL here was found with
the search tool (docs, pages and issues corpora) or is one of the
CloudFormation reference links aws-cdk-lib ships in its generated L1 classes
(https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-*.html).

Error messages: "documented" means the API reference lists the error code for
the operation; "reported" means the code and message are quoted from a public
report (refs); "reported-format" means a report shows the service answering
that code with its model-validation message ("1 validation error detected:
Value '...' at '...' failed to satisfy constraint: ...") for another
parameter; "assumed" means that generic message or a message by analogy, not
observed for this service or parameter.

This module is data plus two tiny constructors; the checker is awsrules.py.
"""

# --------------------------------------------------------------------------
# Documentation pages (API references first).
# --------------------------------------------------------------------------

EC2_IPRANGE = "https://docs.aws.amazon.com/goto/WebAPI/ec2-2016-11-15/IpRange"
EC2_USERIDGROUPPAIR = "https://docs.aws.amazon.com/goto/WebAPI/ec2-2016-11-15/UserIdGroupPair"
EC2_IPPERMISSION = "https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_IpPermission.html"
EC2_CREATESG_DESCRIPTION = ("https://docs.aws.amazon.com/sdk-for-kotlin/api/latest/ec2/"
                            "aws.sdk.kotlin.services.ec2.model/-create-security-group-request/description.html")
EC2_TAG = "https://docs.aws.amazon.com/goto/WebAPI/ec2-2016-11-15/Tag"
EC2_CREATEVPCENDPOINT = "https://docs.amazonaws.cn/AWSEC2/latest/APIReference/API_CreateVpcEndpoint.html"
EC2_USERDATA = ("https://docs.aws.amazon.com/sdk-for-kotlin/api/latest/ec2/"
                "aws.sdk.kotlin.services.ec2.model/-request-launch-template-data/user-data.html")
ELB_TARGETGROUP = "https://docs.aws.amazon.com/elasticloadbalancing/latest/APIReference/API_TargetGroup.html"
ELB_MATCHER = "https://docs.aws.amazon.com/goto/WebAPI/elasticloadbalancingv2-2015-12-01/Matcher"
ELB_TGATTRIBUTE = "https://docs.amazonaws.cn/elasticloadbalancing/latest/APIReference/API_TargetGroupAttribute.html"
IAM_CREATEROLE = "https://docs.aws.amazon.com/IAM/latest/APIReference/API_CreateRole.html"
IAM_CREATEPOLICY = "https://docs.aws.amazon.com/goto/WebAPI/iam/CreatePolicy"
IAM_PUTROLEPOLICY = "https://docs.aws.amazon.com/goto/WebAPI/iam/PutRolePolicy"
IAM_GRAMMAR = "https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_grammar"
LOGS_CREATELOGGROUP = "https://docs.aws.amazon.com/AmazonCloudWatchLogs/latest/APIReference/API_CreateLogGroup.html"
LOGS_CREATELOGSTREAM = "https://docs.aws.amazon.com/goto/WebAPI/logs/CreateLogStream"
KMS_CREATEKEY = "https://docs.aws.amazon.com/kms/latest/APIReference/API_CreateKey.html"
LAMBDA_CREATEFUNCTION = "https://docs.aws.amazon.com/goto/WebAPI/lambda/CreateFunction"
R53_HOSTEDZONECONFIG = "https://docs.aws.amazon.com/Route53/latest/APIReference/API_HostedZoneConfig.html"
R53_CHANGEBATCH = "https://docs.aws.amazon.com/Route53/latest/APIReference/API_ChangeBatch.html"
R53_RESOURCERECORD = "https://docs.aws.amazon.com/Route53/latest/APIReference/API_ResourceRecord.html"
ACM_REQUESTCERTIFICATE = "https://docs.amazonaws.cn/goto/WebAPI/acm-2015-12-08/RequestCertificate"
ACM_TAG = "https://docs.aws.amazon.com/goto/WebAPI/acm-2015-12-08/Tag"
ACM_TAG_RESTRICTIONS = "https://docs.aws.amazon.com/en_us/acm/latest/userguide/tags-restrictions.html"
APIGW2_APIS = "https://docs.aws.amazon.com/apigatewayv2/latest/api-reference/apis.html"
APIGW2_STAGES = "https://docs.aws.amazon.com/apigatewayv2/latest/api-reference/apis-apiid-stages.html"
APIGW2_STAGE = "https://docs.aws.amazon.com/apigatewayv2/latest/api-reference/apis-apiid-stages-stagename.html"
APIGW2_VPCLINKS = "https://docs.amazonaws.cn/apigatewayv2/latest/api-reference/vpclinks.html"
APIGW2_ROUTES = "https://docs.amazonaws.cn/apigatewayv2/latest/api-reference/apis-apiid-routes.html"
CW_PUTALARM = "https://docs.aws.amazon.com/AmazonCloudWatch/latest/APIReference/API_PutMetricAlarm.html"
EC2_CONNECTION_NOTIFICATION = "https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_CreateVpcEndpointConnectionNotification.html"
SNS_SUBSCRIBE = "https://docs.aws.amazon.com/sns/latest/api/API_Subscribe.html"
CFN_CREATESTACKSET = "https://docs.aws.amazon.com/AWSCloudFormation/latest/APIReference/API_CreateStackSet.html"
CFN_DEPLOYMENTTARGETS = "https://docs.aws.amazon.com/AWSCloudFormation/latest/APIReference/API_DeploymentTargets.html"
CFN_OPERATIONPREFS = "https://docs.aws.amazon.com/AWSCloudFormation/latest/APIReference/API_StackSetOperationPreferences.html"
LAMBDA_ADDPERMISSION = "https://docs.aws.amazon.com/lambda/latest/api/API_AddPermission.html"
LAMBDA_ENVIRONMENT = "https://docs.aws.amazon.com/lambda/latest/api/API_Environment.html"
CFN_LAMBDA_CODE = "https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-properties-lambda-function-code.html"
EVENTS_PUTRULE = "https://docs.aws.amazon.com/eventbridge/latest/APIReference/API_PutRule.html"
EVENTS_TARGET = "https://docs.aws.amazon.com/eventbridge/latest/APIReference/API_Target.html"
SYN_CREATECANARY = "https://docs.aws.amazon.com/AmazonSynthetics/latest/APIReference/API_CreateCanary.html"
SYN_CODE = "https://docs.aws.amazon.com/AmazonSynthetics/latest/APIReference/API_CanaryCodeInput.html"
SYN_SCHEDULE = "https://docs.aws.amazon.com/AmazonSynthetics/latest/APIReference/API_CanaryScheduleInput.html"
SYN_ENCRYPTION = "https://docs.aws.amazon.com/AmazonSynthetics/latest/APIReference/API_S3EncryptionConfig.html"
SYN_RUNCONFIG = "https://docs.aws.amazon.com/AmazonSynthetics/latest/APIReference/API_CanaryRunConfigInput.html"
CFN_CANARY_CODE = "https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-properties-synthetics-canary-code.html"
CW_DIMENSION = "https://docs.aws.amazon.com/AmazonCloudWatch/latest/APIReference/API_Dimension.html"
CW_QUERY = "https://docs.aws.amazon.com/AmazonCloudWatch/latest/APIReference/API_MetricDataQuery.html"
CW_METRIC = "https://docs.aws.amazon.com/AmazonCloudWatch/latest/APIReference/API_Metric.html"
CW_PUTDASHBOARD = "https://docs.aws.amazon.com/AmazonCloudWatch/latest/APIReference/API_PutDashboard.html"
CW_DASHBOARD_BODY = ("https://docs.aws.amazon.com/AmazonCloudWatch/latest/APIReference/"
                     "CloudWatch-Dashboard-Body-Structure.html")
LOGS_PUTFILTER = "https://docs.aws.amazon.com/AmazonCloudWatchLogs/latest/APIReference/API_PutMetricFilter.html"
LOGS_TRANSFORMATION = "https://docs.aws.amazon.com/AmazonCloudWatchLogs/latest/APIReference/API_MetricTransformation.html"
ASG_METRICS = "https://docs.aws.amazon.com/autoscaling/ec2/APIReference/API_EnableMetricsCollection.html"
APIGW2_AUTHORIZERS = "https://docs.aws.amazon.com/apigatewayv2/latest/api-reference/apis-apiid-authorizers.html"
BACKUP_CREATEVAULT = "https://docs.aws.amazon.com/goto/WebAPI/backup/CreateBackupVault"
BACKUP_PLANINPUT = "https://docs.amazonaws.cn/en_us/aws-backup/latest/devguide/API_BackupPlanInput.html"
BACKUP_PLAN = "https://docs.aws.amazon.com/aws-backup/latest/devguide/API_BackupPlan.html"
BACKUP_RULE = "https://docs.aws.amazon.com/aws-backup/latest/devguide/API_BackupRule.html"
BACKUP_SELECTION = "https://docs.aws.amazon.com/aws-backup/latest/devguide/API_BackupSelection.html"
DDB_ATTRIBUTEDEFINITION = "https://docs.aws.amazon.com/goto/WebAPI/dynamodb-2012-08-10/AttributeDefinition"
DDB_GSI = "https://docs.amazonaws.cn/amazondynamodb/latest/APIReference/API_GlobalSecondaryIndex.html"
ECS_REGISTERTASKDEFINITION = "https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_RegisterTaskDefinition.html"
ECS_CONTAINERNAME = ("https://docs.aws.amazon.com/sdk-for-kotlin/api/latest/ecs/"
                     "aws.sdk.kotlin.services.ecs.model/-container-definition/name.html")
CFN_TEMPLATE_DESCRIPTION = "https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/template-description-structure.html"
CFN_OUTPUT_API = "https://docs.aws.amazon.com/goto/WebAPI/cloudformation-2010-05-15/Output"
CFN_OUTPUTS = "https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/outputs-section-structure.html"
CFN_QUOTAS = "https://github.com/awsdocs/aws-cloudformation-user-guide/blob/main/doc_source/cloudformation-limits.md"
CFN_PARAMETER_DESCRIPTION = "https://docs.aws.amazon.com/cdk/api/v2/dotnet/api/Amazon.CDK.CfnParameter.html"
CFN_REF = "https://docs.aws.amazon.com/en_us/AWSCloudFormation/latest/UserGuide/intrinsic-function-reference-ref.html"
CFN_GETATT = "https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/intrinsic-function-reference-getatt.html"
CFN_CUSTOM_RESOURCE = "https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-resource-cfn-customresource.html"
CDK_USAGE_DATA = "https://docs.aws.amazon.com/cdk/v2/guide/usage-data.html"
WAF_CREATEWEBACL = "https://docs.aws.amazon.com/waf/latest/APIReference/API_CreateWebACL.html"
WAF_VISIBILITYCONFIG = "https://docs.aws.amazon.com/waf/latest/APIReference/API_VisibilityConfig.html"
WAF_RULE = "https://docs.aws.amazon.com/waf/latest/APIReference/API_Rule.html"
WAF_MANAGEDRULEGROUPSTATEMENT = "https://docs.aws.amazon.com/waf/latest/APIReference/API_ManagedRuleGroupStatement.html"
WAF_RATEBASEDSTATEMENT = "https://docs.aws.amazon.com/waf/latest/APIReference/API_RateBasedStatement.html"
WAF_SINGLEHEADER = "https://docs.aws.amazon.com/waf/latest/APIReference/API_SingleHeader.html"
WAF_LOGGING = "https://docs.aws.amazon.com/waf/latest/developerguide/logging-cw-logs.html"
ELB_FIXEDRESPONSE = "https://docs.aws.amazon.com/elasticloadbalancing/latest/APIReference/API_FixedResponseActionConfig.html"
ELB_ACTION = "https://docs.aws.amazon.com/elasticloadbalancing/latest/APIReference/API_Action.html"
ELB_RULECONDITION = "https://docs.aws.amazon.com/elasticloadbalancing/latest/APIReference/API_RuleCondition.html"
ELB_PATH_CONDITIONS = "https://docs.aws.amazon.com/elasticloadbalancing/latest/application/rule-condition-types.html"


def CFN(page, anchor=None):
    """A CloudFormation reference page (as aws-cdk-lib links it)."""
    url = "https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/" + page + ".html"
    return url + "#" + anchor if anchor else url


# --------------------------------------------------------------------------
# Character sets: a Python character class (plus Unicode general categories)
# and AWS's own wording of it.
# --------------------------------------------------------------------------

def charset(cls, text, categories=()):
    return {"class": cls, "categories": list(categories), "text": text}


CS_EC2 = charset(r"[a-zA-Z0-9 ._\-:/()#,@\[\]+=&;{}!$*]",
                 "a-z, A-Z, 0-9, spaces, and ._-:/()#,@[]+=&;{}!$*")
CS_TAG = charset(r"[_.:/=+\-@]", r"[\p{L}\p{Z}\p{N}_.:/=+\-@] (Unicode letters, spaces, numbers, and _.:/=+-@)",
                 ("L", "Z", "N"))
CS_IAM_NAME = charset(r"[A-Za-z0-9_+=,.@\-]", r"[\w+=,.@-] (ASCII letters, digits, and _+=,.@-)")
CS_IAM_ROLE_DESCRIPTION = charset(r"[\t\n\r\u0020-\u007e\u00a1-\u00ff]",
                                  r"[\u0009\u000A\u000D\u0020-\u007E\u00A1-\u00FF]")
CS_LOG_GROUP = charset(r"[.\-_/#A-Za-z0-9]", r"[\.\-_/#A-Za-z0-9]")
CS_LOG_STREAM = charset(r"[^:*]", r"[^:*] (anything but ':' and '*')")
CS_BACKUP_VAULT = charset(r"[a-zA-Z0-9\-_]", r"[a-zA-Z0-9\-\_]")
CS_BACKUP_NAME = charset(r"[a-zA-Z0-9\-_.]", "alphanumeric or '-_.'")
CS_ECS_NAME = charset(r"[A-Za-z0-9_\-]", "letters (uppercase and lowercase), numbers, underscores, and hyphens")
CS_ECS_IMAGE = charset(r"[A-Za-z0-9\-_:./#@]",
                       "letters, numbers, hyphens, underscores, colons, periods, forward slashes, number signs (#), "
                       "and '@' before a digest")
CS_DDB_INDEX = charset(r"[a-zA-Z0-9_.\-]", r"[a-zA-Z0-9_.-]")
CS_ELB_ATTRIBUTE_KEY = charset(r"[a-zA-Z0-9._]", r"^[a-zA-Z0-9._]+$")
CS_NO_WHITESPACE = charset(r"[^\s]", r"[^\s]")
CS_S3_BUCKET = charset(r"[0-9A-Za-z.\-_]", r"[0-9A-Za-z\.\-_]*(?<!\.)")
CS_STAGE_NAME = charset(r"[A-Za-z0-9_\-$]", "alphanumeric characters, hyphens, and underscores, or $default")


# --------------------------------------------------------------------------
# Errors AWS answers.
# --------------------------------------------------------------------------

def err(code, *, member=None, messages=None, source, refs=(), note=None):
    """code: AWS error code. messages: constraint -> message template ("*" for
    every constraint); without one, AWS's model-validation message is built
    for the constraint that failed ({value}, {member}, {max}, ...)."""
    e = {"code": code, "source": source, "refs": list(refs)}
    if member:
        e["member"] = member
    if messages:
        e["messages"] = messages
    if note:
        e["note"] = note
    return e


EC2_RULE_DESCRIPTION_MESSAGE = ("Invalid rule description. Valid descriptions are strings less than 256 characters "
                                "from the following set:  a-zA-Z0-9. _-:/()#,@[]+=&;{}!$*")
E_EC2_RULE_DESCRIPTION = err(
    "InvalidParameterValue", messages={"*": EC2_RULE_DESCRIPTION_MESSAGE}, source="reported",
    refs=["https://github.com/aws-cloudformation/cfn-lint/issues/173",
          "https://github.com/agentic-community/mcp-gateway-registry/pull/1728"])
E_EC2_SG_DESCRIPTION = err(
    "InvalidParameterValue",
    messages={"*": "Invalid security group description. Valid descriptions are strings less than 256 characters "
                   "from the following set:  a-zA-Z0-9. _-:/()#,@[]+=&;{}!$*"},
    source="reported", refs=["https://github.com/cds-snc/notification-terraform/pull/561"])
E_EC2_TAG_KEY = err(
    "InvalidParameterValue",
    messages={"not_prefix": "Value ( {value} ) for parameter key is invalid. Tag keys starting with 'aws:' are "
                            "reserved for internal use",
              "max": "Tag key exceeds the maximum length of 127 characters"},
    source="reported", refs=["https://github.com/AndrewFarley/AWS-Automated-Daily-Instance-AMI-Snapshots/issues/7"],
    note="the aws: message is reported; the length message is assumed by analogy with the reported value message")
E_EC2_TAG_VALUE = err(
    "InvalidParameterValue", messages={"max": "Tag value exceeds the maximum length of 256 characters"},
    source="reported", refs=["https://github.com/iriusrisk/GoCD-EC2-Elastic-Agent-Plugin/issues/24"],
    note="message as quoted in the report's title; the code is assumed (EC2's code for invalid parameter values)")
E_EC2_GENERIC = err("InvalidParameterValue", source="assumed",
                    note="EC2's code for a refused parameter value; no message documented for this parameter")


def model_error(code, member, source="assumed", refs=()):
    """AWS's model-validation error ("1 validation error detected: ..."). With
    source="reported", the refs show the code and this message format for
    another parameter of the same service: recorded as "reported-format"."""
    if source == "reported":
        source = "reported-format"
    return err(code, member=member, source=source, refs=refs)


IAM_REPORT = "https://github.com/faizanbashir/python-ses-dynamodb-contactform/issues/4"
LAMBDA_REPORT = "https://github.com/pywren/pywren/issues/320"
LOGS_REPORT = "https://github.com/awslabs/aws-embedded-metrics-java/issues/65"
R53_REPORT = "https://github.com/hashicorp/terraform/issues/24250"
CFN_TAGS_REPORT = "https://github.com/szuecs/kube-static-egress-controller/issues/35"
E_CFN_DESCRIPTION = err(
    "ValidationError", messages={"max": "Template format error: 'Description' length is greater than 1024.",
                                 "literal": "Template format error: Every Description member must be a string."},
    source="reported", refs=["https://github.com/zalando-stups/senza/issues/319"],
    note="the length message is reported; the literal-only message is assumed")
E_CFN_TEMPLATE = err("ValidationError", messages={"*": "Template format error: {rule}"}, source="assumed",
                     note="CloudFormation refuses a malformed template with ValidationError; exact text assumed")
E_NONE = err("(no AWS error documented)", messages={"*": "{rule}"}, source="assumed",
             note="AWS documents the constraint but no error for it")


# --------------------------------------------------------------------------
# Row constructors.
# --------------------------------------------------------------------------

def rule(type, path, *, doc, api, error, min=None, max=None, unit="characters", charset=None, pattern=None,
         aws_pattern=None, enum=None, prefix=None, not_prefix=None, contains_any=None, literal_only=False,
         single_line=False, derived=None, note=None):
    """A constraint AWS states. unit: "characters" or "bytes" (UTF-8).
    pattern: a Python regular expression the whole literal must match;
    aws_pattern: AWS's own spelling of it (for messages). derived: which of the
    constraints are not stated in so many words (say why)."""
    r = {"type": type, "path": path, "api": api, "doc": doc, "error": error, "rule": {}}
    c = r["rule"]
    for k, v in (("min", min), ("max", max), ("charset", charset), ("pattern", pattern),
                 ("aws_pattern", aws_pattern), ("enum", enum), ("prefix", prefix), ("not_prefix", not_prefix),
                 ("contains_any", contains_any)):
        if v is not None:
            c[k] = v
    if min is not None or max is not None:
        c["unit"] = unit
    if literal_only:
        c["literal_only"] = True
    if single_line:
        c["single_line"] = True
    if derived:
        r["derived"] = derived
    if note:
        r["note"] = note
    return r


def none(type, path, *, why, doc, kind, subtree=False, cfnlint=None, note=None):
    """No rule needed. kind: reference, cfn-lint, json-document, number,
    identifier, cdk-internal, no-documented-rule. cfnlint: the schema keyword
    cfn-lint 1.x checks at this path (enum, pattern, format, maxLength); the
    checker verifies the claim against cfn-lint's schemas."""
    r = {"type": type, "path": path, "no_rule": why, "kind": kind, "doc": doc}
    if subtree:
        r["subtree"] = True
    if cfnlint:
        r["cfnlint"] = cfnlint
    if note:
        r["note"] = note
    return r


def ref(type, path, what, doc):
    return none(type, path, why=f"{what}, written as Ref/Fn::GetAtt: CloudFormation fills in the ID/ARN/name "
                                "of a resource it created", doc=doc, kind="reference")


def cfnlint(type, path, keyword, what, doc):
    return none(type, path, why=f"{what}; cfn-lint's schema checks it ({keyword})", doc=doc, kind="cfn-lint",
                cfnlint=keyword)


def ec2_tag_rows(type, prefix, doc=EC2_TAG):
    return [
        rule(type, prefix + "Tags[].Key", doc=doc, api="EC2 Tag.Key (CreateTags, TagSpecifications)",
             error=E_EC2_TAG_KEY, min=1, max=127, not_prefix=["aws:"],
             note="EC2 documents no character set (any Unicode); 127, not 128, is EC2's own limit"),
        rule(type, prefix + "Tags[].Value", doc=doc, api="EC2 Tag.Value", error=E_EC2_TAG_VALUE, max=256),
    ]


SG_RULE_DESCRIPTION = dict(
    error=E_EC2_RULE_DESCRIPTION, max=255, charset=CS_EC2,
    note="UserIdGroupPair and PrefixListId descriptions are documented without '&' while IpRange's set has it; "
         "EC2's reported error lists '&' for rule descriptions, so '&' is allowed here")

# --------------------------------------------------------------------------
# THE TABLE
# --------------------------------------------------------------------------

ROWS = [
    # ------------------------------------------------------------------ EC2
    rule("AWS::EC2::SecurityGroup", "GroupDescription", doc=EC2_CREATESG_DESCRIPTION,
         api="EC2 CreateSecurityGroup.Description", error=E_EC2_SG_DESCRIPTION, max=255, charset=CS_EC2,
         note="cfn-lint checks this one too (E3031)"),
    rule("AWS::EC2::SecurityGroup", "SecurityGroupIngress[].Description", doc=EC2_IPRANGE,
         api="EC2 IpPermission IpRanges[].Description / UserIdGroupPairs[].Description", **SG_RULE_DESCRIPTION),
    rule("AWS::EC2::SecurityGroup", "SecurityGroupEgress[].Description", doc=EC2_IPRANGE,
         api="EC2 IpPermission IpRanges[].Description / UserIdGroupPairs[].Description", **SG_RULE_DESCRIPTION),
    rule("AWS::EC2::SecurityGroupIngress", "Description", doc=EC2_USERIDGROUPPAIR,
         api="EC2 AuthorizeSecurityGroupIngress: IpRange.Description / UserIdGroupPair.Description",
         **SG_RULE_DESCRIPTION),
    rule("AWS::EC2::SecurityGroupEgress", "Description", doc=EC2_USERIDGROUPPAIR,
         api="EC2 AuthorizeSecurityGroupEgress: IpRange.Description / UserIdGroupPair.Description",
         **SG_RULE_DESCRIPTION),
] + [
    rule(t, p, doc=EC2_IPPERMISSION, api="EC2 IpPermission.IpProtocol", error=E_EC2_GENERIC,
         pattern=r"(?i)(tcp|udp|icmp|icmpv6|-1|[0-9]{1,3})", aws_pattern="tcp, udp, icmp, icmpv6, a protocol number, or -1",
         derived="the API reference lists the names, protocol numbers and -1 in prose, no pattern")
    for t, p in (("AWS::EC2::SecurityGroup", "SecurityGroupIngress[].IpProtocol"),
                 ("AWS::EC2::SecurityGroup", "SecurityGroupEgress[].IpProtocol"),
                 ("AWS::EC2::SecurityGroupIngress", "IpProtocol"),
                 ("AWS::EC2::SecurityGroupEgress", "IpProtocol"))
] + [
    cfnlint("AWS::EC2::SecurityGroup", "SecurityGroupIngress[].CidrIp", "format", "an IPv4 CIDR",
            CFN("aws-properties-ec2-securitygroup-ingress", "cfn-ec2-securitygroup-ingress-cidrip")),
    cfnlint("AWS::EC2::SecurityGroup", "SecurityGroupEgress[].CidrIp", "format", "an IPv4 CIDR",
            CFN("aws-properties-ec2-securitygroup-egress", "cfn-ec2-securitygroup-egress-cidrip")),
    none("AWS::EC2::SecurityGroup", "VpcId", why="a VPC ID: a Ref to the stack's VPC, or an existing VPC's ID "
         "(EC2 refuses an unknown one with InvalidVpcID.NotFound); cfn-lint checks its format", kind="identifier",
         cfnlint="format", doc=CFN("aws-resource-ec2-securitygroup", "cfn-ec2-securitygroup-vpcid")),
    ref("AWS::EC2::SecurityGroupIngress", "GroupId", "security group ID",
        CFN("aws-resource-ec2-securitygroupingress", "cfn-ec2-securitygroupingress-groupid")),
    ref("AWS::EC2::SecurityGroupIngress", "SourceSecurityGroupId", "security group ID",
        CFN("aws-resource-ec2-securitygroupingress", "cfn-ec2-securitygroupingress-sourcesecuritygroupid")),
    ref("AWS::EC2::SecurityGroupEgress", "GroupId", "security group ID",
        CFN("aws-resource-ec2-securitygroupegress", "cfn-ec2-securitygroupegress-groupid")),
    ref("AWS::EC2::SecurityGroupEgress", "DestinationSecurityGroupId", "security group ID",
        CFN("aws-resource-ec2-securitygroupegress", "cfn-ec2-securitygroupegress-destinationsecuritygroupid")),

    cfnlint("AWS::EC2::VPC", "CidrBlock", "format", "an IPv4 CIDR", CFN("aws-resource-ec2-vpc", "cfn-ec2-vpc-cidrblock")),
    *ec2_tag_rows("AWS::EC2::VPC", ""),
    cfnlint("AWS::EC2::Subnet", "CidrBlock", "format", "an IPv4 CIDR",
            CFN("aws-resource-ec2-subnet", "cfn-ec2-subnet-cidrblock")),
    none("AWS::EC2::Subnet", "AvailabilityZoneId", why="an AZ ID AWS defines (use1-az1, ...); validity is "
         "membership in the Region's zones, which the library checks against its topology, not a character rule",
         kind="identifier", doc=CFN("aws-resource-ec2-subnet", "cfn-ec2-subnet-availabilityzoneid")),
    ref("AWS::EC2::Subnet", "VpcId", "VPC ID", CFN("aws-resource-ec2-subnet", "cfn-ec2-subnet-vpcid")),
    *ec2_tag_rows("AWS::EC2::Subnet", ""),
    ref("AWS::EC2::RouteTable", "VpcId", "VPC ID", CFN("aws-resource-ec2-routetable", "cfn-ec2-routetable-vpcid")),
    ref("AWS::EC2::SubnetRouteTableAssociation", "RouteTableId", "route table ID",
        CFN("aws-resource-ec2-subnetroutetableassociation", "cfn-ec2-subnetroutetableassociation-routetableid")),
    ref("AWS::EC2::SubnetRouteTableAssociation", "SubnetId", "subnet ID",
        CFN("aws-resource-ec2-subnetroutetableassociation", "cfn-ec2-subnetroutetableassociation-subnetid")),

    none("AWS::EC2::VPCEndpoint", "ServiceName", why="the name of an endpoint service (com.amazonaws.<region>.<svc> "
         "or the provider's ServiceName output); the API reference documents no pattern or length, the service "
         "must exist", kind="no-documented-rule", doc=EC2_CREATEVPCENDPOINT),
    none("AWS::EC2::VPCEndpoint", "ServiceRegion", why="a Region code; validity is membership in AWS's Regions, "
         "no character rule documented", kind="identifier", doc=EC2_CREATEVPCENDPOINT),
    cfnlint("AWS::EC2::VPCEndpoint", "VpcEndpointType", "enum", "Interface | Gateway | ...",
            CFN("aws-resource-ec2-vpcendpoint", "cfn-ec2-vpcendpoint-vpcendpointtype")),
    ref("AWS::EC2::VPCEndpoint", "VpcId", "VPC ID", CFN("aws-resource-ec2-vpcendpoint", "cfn-ec2-vpcendpoint-vpcid")),
    ref("AWS::EC2::VPCEndpoint", "SubnetIds[]", "subnet IDs",
        CFN("aws-resource-ec2-vpcendpoint", "cfn-ec2-vpcendpoint-subnetids")),
    ref("AWS::EC2::VPCEndpoint", "SubnetIds", "a List<AWS::EC2::Subnet::Id> parameter (the StackSet's, from SSM) in place of the list",
        CFN("aws-resource-ec2-vpcendpoint", "cfn-ec2-vpcendpoint-subnetids")),
    none("AWS::EC2::SecurityGroup", "SecurityGroupIngress[].FromPort", why="the service's port as a Number parameter "
         "(Ref; the StackSet's template)", kind="number", doc=EC2_IPRANGE),
    none("AWS::EC2::SecurityGroup", "SecurityGroupIngress[].ToPort", why="the service's port as a Number parameter "
         "(Ref; the StackSet's template)", kind="number", doc=EC2_IPRANGE),
    ref("AWS::EC2::VPCEndpoint", "RouteTableIds[]", "route table IDs",
        CFN("aws-resource-ec2-vpcendpoint", "cfn-ec2-vpcendpoint-routetableids")),
    ref("AWS::EC2::VPCEndpoint", "SecurityGroupIds[]", "security group IDs",
        CFN("aws-resource-ec2-vpcendpoint", "cfn-ec2-vpcendpoint-securitygroupids")),
    ref("AWS::EC2::VPCEndpointService", "NetworkLoadBalancerArns[]", "load balancer ARNs",
        CFN("aws-resource-ec2-vpcendpointservice", "cfn-ec2-vpcendpointservice-networkloadbalancerarns")),
    none("AWS::EC2::VPCEndpointService", "SupportedRegions[]", why="Region codes; validity is membership in "
         "AWS's Regions, no character rule documented", kind="identifier",
         doc=CFN("aws-resource-ec2-vpcendpointservice", "cfn-ec2-vpcendpointservice-supportedregions")),
    none("AWS::EC2::VPCEndpointServicePermissions", "AllowedPrincipals[]", why="principal ARNs "
         "(arn:aws:iam::<account>:root), written literally or joined with the partition; EC2 documents no "
         "pattern, IAM must know the principal", kind="identifier",
         doc=CFN("aws-resource-ec2-vpcendpointservicepermissions", "cfn-ec2-vpcendpointservicepermissions-allowedprincipals")),
    ref("AWS::EC2::VPCEndpointServicePermissions", "ServiceId", "endpoint service ID",
        CFN("aws-resource-ec2-vpcendpointservicepermissions", "cfn-ec2-vpcendpointservicepermissions-serviceid")),

    ref("AWS::EC2::FlowLog", "DeliverLogsPermissionArn", "role ARN",
        CFN("aws-resource-ec2-flowlog", "cfn-ec2-flowlog-deliverlogspermissionarn")),
    rule("AWS::EC2::FlowLog", "LogGroupName", doc=LOGS_CREATELOGGROUP,
         api="EC2 CreateFlowLogs.LogGroupName = CloudWatch Logs CreateLogGroup.logGroupName",
         error=model_error("InvalidParameterValue", "LogGroupName"), min=1, max=512, charset=CS_LOG_GROUP,
         derived="EC2 documents no pattern for LogGroupName; the value names a CloudWatch Logs log group, "
                 "whose name rule applies"),
    ref("AWS::EC2::FlowLog", "ResourceId", "VPC ID", CFN("aws-resource-ec2-flowlog", "cfn-ec2-flowlog-resourceid")),
    cfnlint("AWS::EC2::FlowLog", "LogDestinationType", "enum", "cloud-watch-logs | s3 | kinesis-data-firehose",
            CFN("aws-resource-ec2-flowlog", "cfn-ec2-flowlog-logdestinationtype")),
    cfnlint("AWS::EC2::FlowLog", "ResourceType", "enum", "VPC | Subnet | NetworkInterface | ...",
            CFN("aws-resource-ec2-flowlog", "cfn-ec2-flowlog-resourcetype")),
    cfnlint("AWS::EC2::FlowLog", "TrafficType", "enum", "ACCEPT | REJECT | ALL",
            CFN("aws-resource-ec2-flowlog", "cfn-ec2-flowlog-traffictype")),
    *ec2_tag_rows("AWS::EC2::FlowLog", ""),

    none("AWS::EC2::LaunchTemplate", "LaunchTemplateData.BlockDeviceMappings[].DeviceName",
         why="a device name (/dev/xvda); the API reference gives examples (/dev/sdh, xvdh) but no rule",
         kind="no-documented-rule",
         doc=CFN("aws-properties-ec2-launchtemplate-blockdevicemapping", "cfn-ec2-launchtemplate-blockdevicemapping-devicename")),
    cfnlint("AWS::EC2::LaunchTemplate", "LaunchTemplateData.BlockDeviceMappings[].Ebs.VolumeType", "enum",
            "an EBS volume type", CFN("aws-properties-ec2-launchtemplate-ebs", "cfn-ec2-launchtemplate-ebs-volumetype")),
    ref("AWS::EC2::LaunchTemplate", "LaunchTemplateData.IamInstanceProfile.Arn", "instance profile ARN",
        CFN("aws-properties-ec2-launchtemplate-iaminstanceprofile", "cfn-ec2-launchtemplate-iaminstanceprofile-arn")),
    none("AWS::EC2::LaunchTemplate", "LaunchTemplateData.ImageId", why="an AMI ID, here a Ref to an SSM-parameter "
         "template parameter CloudFormation resolves; cfn-lint checks the format", kind="reference", cfnlint="format",
         doc=CFN("aws-properties-ec2-launchtemplate-launchtemplatedata", "cfn-ec2-launchtemplate-launchtemplatedata-imageid")),
    cfnlint("AWS::EC2::LaunchTemplate", "LaunchTemplateData.InstanceType", "enum", "an instance type",
            CFN("aws-properties-ec2-launchtemplate-launchtemplatedata", "cfn-ec2-launchtemplate-launchtemplatedata-instancetype")),
    cfnlint("AWS::EC2::LaunchTemplate", "LaunchTemplateData.MetadataOptions.HttpTokens", "enum", "optional | required",
            CFN("aws-properties-ec2-launchtemplate-metadataoptions", "cfn-ec2-launchtemplate-metadataoptions-httptokens")),
    ref("AWS::EC2::LaunchTemplate", "LaunchTemplateData.SecurityGroupIds[]", "security group IDs",
        CFN("aws-properties-ec2-launchtemplate-launchtemplatedata", "cfn-ec2-launchtemplate-launchtemplatedata-securitygroupids")),
    cfnlint("AWS::EC2::LaunchTemplate", "LaunchTemplateData.TagSpecifications[].ResourceType", "enum",
            "an EC2 resource type", CFN("aws-properties-ec2-launchtemplate-tagspecification",
                                        "cfn-ec2-launchtemplate-tagspecification-resourcetype")),
    *ec2_tag_rows("AWS::EC2::LaunchTemplate", "LaunchTemplateData.TagSpecifications[]."),
    cfnlint("AWS::EC2::LaunchTemplate", "TagSpecifications[].ResourceType", "enum", "an EC2 resource type",
            CFN("aws-properties-ec2-launchtemplate-launchtemplatetagspecification",
                "cfn-ec2-launchtemplate-launchtemplatetagspecification-resourcetype")),
    *ec2_tag_rows("AWS::EC2::LaunchTemplate", "TagSpecifications[]."),
    none("AWS::EC2::LaunchTemplate", "LaunchTemplateData.UserData", why="base64 text produced by Fn::Base64; EC2 "
         "limits user data to 16 KB, which the intrinsic hides from a template check", kind="reference",
         doc=EC2_USERDATA),

    # ------------------------------------------------------------------ ELBv2
    rule("AWS::ElasticLoadBalancingV2::TargetGroup", "HealthCheckPath", doc=ELB_TARGETGROUP,
         api="ELBv2 CreateTargetGroup.HealthCheckPath", error=model_error("ValidationError", "healthCheckPath"),
         min=1, max=1024, prefix="/",
         derived="the leading '/': the API reference describes the value as the ping path (default /, gRPC "
                 "/package.service/method) without stating the rule; cfn-lint checks the length"),
    rule("AWS::ElasticLoadBalancingV2::TargetGroup", "Matcher.HttpCode", doc=ELB_MATCHER,
         api="ELBv2 Matcher.HttpCode", error=err("InvalidConfigurationRequest", source="documented",
                                                  messages={"*": "{rule}"},
                                                  note="code from CreateTargetGroup's documented errors; text not documented"),
         pattern=r"[0-9]{3}(-[0-9]{3})?(,[0-9]{3}(-[0-9]{3})?)*",
         aws_pattern="values (\"200,202\") or a range (\"200-299\"); NLB 200-599, ALB 200-499",
         derived="the pattern renders the documented forms (single values, commas, ranges)"),
    rule("AWS::ElasticLoadBalancingV2::TargetGroup", "TargetGroupAttributes[].Key", doc=ELB_TGATTRIBUTE,
         api="ELBv2 TargetGroupAttribute.Key", error=model_error("ValidationError", "attributes.member.1.key"),
         max=256, charset=CS_ELB_ATTRIBUTE_KEY, pattern=r"[a-zA-Z0-9._]+", aws_pattern="^[a-zA-Z0-9._]+$",
         note="length and pattern as in the ELBv2 service model (TargetGroupAttributeKey); the page lists the keys"),
    none("AWS::ElasticLoadBalancingV2::TargetGroup", "TargetGroupAttributes[].Value", why="the API reference "
         "documents no length or pattern for a target group attribute value; each key documents its own values",
         kind="no-documented-rule", doc=ELB_TGATTRIBUTE),
    cfnlint("AWS::ElasticLoadBalancingV2::TargetGroup", "HealthCheckProtocol", "enum", "HTTP | HTTPS | TCP | ...",
            CFN("aws-resource-elasticloadbalancingv2-targetgroup", "cfn-elasticloadbalancingv2-targetgroup-healthcheckprotocol")),
    cfnlint("AWS::ElasticLoadBalancingV2::TargetGroup", "Protocol", "enum", "TCP | TLS | ...",
            CFN("aws-resource-elasticloadbalancingv2-targetgroup", "cfn-elasticloadbalancingv2-targetgroup-protocol")),
    cfnlint("AWS::ElasticLoadBalancingV2::TargetGroup", "TargetType", "enum", "instance | ip | lambda | alb",
            CFN("aws-resource-elasticloadbalancingv2-targetgroup", "cfn-elasticloadbalancingv2-targetgroup-targettype")),
    ref("AWS::ElasticLoadBalancingV2::TargetGroup", "Targets[].Id", "target IP or instance ID (Fn::GetAtt of the "
        "endpoint's network interfaces)", CFN("aws-properties-elasticloadbalancingv2-targetgroup-targetdescription",
                                              "cfn-elasticloadbalancingv2-targetgroup-targetdescription-id")),
    none("AWS::ElasticLoadBalancingV2::TargetGroup", "VpcId", why="a VPC ID (Ref, or an existing VPC's ID); "
         "cfn-lint checks its format", kind="identifier", cfnlint="format",
         doc=CFN("aws-resource-elasticloadbalancingv2-targetgroup", "cfn-elasticloadbalancingv2-targetgroup-vpcid")),
    rule("AWS::ElasticLoadBalancingV2::LoadBalancer", "LoadBalancerAttributes[].Key",
         doc=CFN("aws-properties-elasticloadbalancingv2-loadbalancer-loadbalancerattribute",
                 "cfn-elasticloadbalancingv2-loadbalancer-loadbalancerattribute-key"),
         api="ELBv2 LoadBalancerAttribute.Key (ModifyLoadBalancerAttributes)",
         error=model_error("ValidationError", "attributes.member.1.key"), max=256, charset=CS_ELB_ATTRIBUTE_KEY,
         pattern=r"[a-zA-Z0-9._]+", aws_pattern="^[a-zA-Z0-9._]+$",
         note="max 256 and ^[a-zA-Z0-9._]+$ are the ELBv2 service model's (LoadBalancerAttributeKey); the API "
              "reference page for LoadBalancerAttribute was not found by the search, the link is the "
              "CloudFormation page listing the keys"),
    rule("AWS::ElasticLoadBalancingV2::LoadBalancer", "LoadBalancerAttributes[].Value",
         doc=CFN("aws-properties-elasticloadbalancingv2-loadbalancer-loadbalancerattribute",
                 "cfn-elasticloadbalancingv2-loadbalancer-loadbalancerattribute-value"),
         api="ELBv2 LoadBalancerAttribute.Value", error=model_error("ValidationError", "attributes.member.1.value"),
         max=1024, note="max 1024 is the ELBv2 service model's (LoadBalancerAttributeValue); an empty value is "
                        "allowed (access_logs.s3.prefix)"),
    rule("AWS::ElasticLoadBalancingV2::LoadBalancer", "EnforceSecurityGroupInboundRulesOnPrivateLinkTraffic",
         doc=CFN("aws-resource-elasticloadbalancingv2-loadbalancer",
                 "cfn-elasticloadbalancingv2-loadbalancer-enforcesecuritygroupinboundrulesonprivatelinktraffic"),
         api="ELBv2 SetSecurityGroups.EnforceSecurityGroupInboundRulesOnPrivateLinkTraffic",
         error=model_error("ValidationError", "enforceSecurityGroupInboundRulesOnPrivateLinkTraffic"),
         enum=["on", "off"], note="cfn-lint's schema has no enum here"),
    cfnlint("AWS::ElasticLoadBalancingV2::LoadBalancer", "Scheme", "enum", "internal | internet-facing",
            CFN("aws-resource-elasticloadbalancingv2-loadbalancer", "cfn-elasticloadbalancingv2-loadbalancer-scheme")),
    cfnlint("AWS::ElasticLoadBalancingV2::LoadBalancer", "Type", "enum", "application | network | gateway",
            CFN("aws-resource-elasticloadbalancingv2-loadbalancer", "cfn-elasticloadbalancingv2-loadbalancer-type")),
    ref("AWS::ElasticLoadBalancingV2::LoadBalancer", "SecurityGroups[]", "security group IDs",
        CFN("aws-resource-elasticloadbalancingv2-loadbalancer", "cfn-elasticloadbalancingv2-loadbalancer-securitygroups")),
    none("AWS::ElasticLoadBalancingV2::LoadBalancer", "Subnets[]", why="subnet IDs (Ref, or an existing VPC's "
         "subnet IDs); cfn-lint checks their format", kind="identifier", cfnlint="format",
         doc=CFN("aws-resource-elasticloadbalancingv2-loadbalancer", "cfn-elasticloadbalancingv2-loadbalancer-subnets")),
    none("AWS::ElasticLoadBalancingV2::Listener", "Certificates[].CertificateArn", why="an ACM certificate ARN "
         "(Ref, or the team's existing certificate); cfn-lint checks the ARN format", kind="identifier",
         cfnlint="format", doc=CFN("aws-properties-elasticloadbalancingv2-listener-certificate",
                                   "cfn-elasticloadbalancingv2-listener-certificate-certificatearn")),
    ref("AWS::ElasticLoadBalancingV2::Listener", "DefaultActions[].TargetGroupArn", "target group ARN",
        CFN("aws-properties-elasticloadbalancingv2-listener-action", "cfn-elasticloadbalancingv2-listener-action-targetgrouparn")),
    cfnlint("AWS::ElasticLoadBalancingV2::Listener", "DefaultActions[].Type", "enum", "forward | redirect | ...",
            CFN("aws-properties-elasticloadbalancingv2-listener-action", "cfn-elasticloadbalancingv2-listener-action-type")),
    ref("AWS::ElasticLoadBalancingV2::Listener", "LoadBalancerArn", "load balancer ARN",
        CFN("aws-resource-elasticloadbalancingv2-listener", "cfn-elasticloadbalancingv2-listener-loadbalancerarn")),
    cfnlint("AWS::ElasticLoadBalancingV2::Listener", "Protocol", "enum", "TCP | TLS | ...",
            CFN("aws-resource-elasticloadbalancingv2-listener", "cfn-elasticloadbalancingv2-listener-protocol")),
    none("AWS::ElasticLoadBalancingV2::Listener", "SslPolicy", why="the name of one of ELB's predefined security "
         "policies (ELBSecurityPolicy-TLS13-1-2-2021-06); validity is membership, no character rule documented",
         kind="identifier", doc=CFN("aws-resource-elasticloadbalancingv2-listener",
                                    "cfn-elasticloadbalancingv2-listener-sslpolicy")),

    # ------------------------------------------------------------------ API Gateway v2
    rule("AWS::ApiGatewayV2::Api", "Name", doc=APIGW2_APIS, api="API Gateway v2 CreateApi name "
         "(StringWithLengthBetween1And128)", error=model_error("BadRequestException", "name", source="documented"),
         min=1, max=128, note="the length is the model shape's name (StringWithLengthBetween1And128), which the "
                              "AWS CLI reference prints as 'A string with a length between [1-128]'"),
    rule("AWS::ApiGatewayV2::Api", "Description", doc=APIGW2_APIS, api="API Gateway v2 CreateApi description "
         "(StringWithLengthBetween0And1024)", error=model_error("BadRequestException", "description",
                                                               source="documented"), max=1024),
    rule("AWS::ApiGatewayV2::Api", "ProtocolType", doc=APIGW2_APIS, api="API Gateway v2 CreateApi protocolType",
         error=model_error("BadRequestException", "protocolType", source="documented"), enum=["WEBSOCKET", "HTTP"]),
    rule("AWS::ApiGatewayV2::VpcLink", "Name", doc=APIGW2_VPCLINKS, api="API Gateway v2 CreateVpcLink name "
         "(StringWithLengthBetween1And128)", error=model_error("BadRequestException", "name", source="documented"),
         min=1, max=128),
    ref("AWS::ApiGatewayV2::VpcLink", "SecurityGroupIds[]", "security group IDs",
        CFN("aws-resource-apigatewayv2-vpclink", "cfn-apigatewayv2-vpclink-securitygroupids")),
    ref("AWS::ApiGatewayV2::VpcLink", "SubnetIds[]", "subnet IDs",
        CFN("aws-resource-apigatewayv2-vpclink", "cfn-apigatewayv2-vpclink-subnetids")),
    rule("AWS::ApiGatewayV2::Stage", "StageName", doc=APIGW2_STAGE, api="API Gateway v2 CreateStage stageName",
         error=model_error("BadRequestException", "stageName", source="documented"), min=1, max=128,
         charset=CS_STAGE_NAME, pattern=r"\$default|[A-Za-z0-9_\-]+",
         aws_pattern="alphanumeric characters, hyphens, and underscores, or $default; at most 128 characters"),
    rule("AWS::ApiGatewayV2::Stage", "AccessLogSettings.Format", doc=APIGW2_STAGES,
         api="API Gateway v2 AccessLogSettings.format (StringWithLengthBetween1And1024)",
         error=model_error("BadRequestException", "accessLogSettings.format", source="documented"),
         min=1, max=1024, single_line=True, contains_any=["$context.requestId"],
         note="'A single line format ... The format must include at least $context.requestId.'"),
    ref("AWS::ApiGatewayV2::Stage", "AccessLogSettings.DestinationArn", "log group ARN",
        CFN("aws-properties-apigatewayv2-stage-accesslogsettings", "cfn-apigatewayv2-stage-accesslogsettings-destinationarn")),
    ref("AWS::ApiGatewayV2::Stage", "ApiId", "API ID", CFN("aws-resource-apigatewayv2-stage", "cfn-apigatewayv2-stage-apiid")),
    none("AWS::ApiGatewayV2::Route", "RouteKey", why="a route key (ANY /dogs/{proxy+}); the API reference's "
         "SelectionKey documents no length or character set, the METHOD /path form is described in the API Gateway "
         "developer guide", kind="no-documented-rule", doc=APIGW2_ROUTES),
    rule("AWS::ApiGatewayV2::Route", "Target", doc=APIGW2_ROUTES, api="API Gateway v2 CreateRoute target "
         "(StringWithLengthBetween1And128)", error=model_error("BadRequestException", "target", source="documented"),
         min=1, max=128, note="written as Fn::Join of integrations/ and the integration's Ref: only literal "
                              "values can be measured"),
    rule("AWS::ApiGatewayV2::Route", "AuthorizationType", doc=APIGW2_ROUTES, api="API Gateway v2 CreateRoute "
         "authorizationType", error=model_error("BadRequestException", "authorizationType", source="documented"),
         enum=["NONE", "AWS_IAM", "CUSTOM", "JWT"]),
    ref("AWS::ApiGatewayV2::Route", "ApiId", "API ID", CFN("aws-resource-apigatewayv2-route", "cfn-apigatewayv2-route-apiid")),
    ref("AWS::ApiGatewayV2::Route", "AuthorizerId", "authorizer ID", CFN("aws-resource-apigatewayv2-route", "cfn-apigatewayv2-route-authorizerid")),
    none("AWS::ApiGatewayV2::Route", "AuthorizationScopes[]", why="OAuth scopes a JWT must carry; CreateRoute's "
         "authorizationScopes is a __listOf__string with no documented length or character set", kind="no-documented-rule",
         doc=APIGW2_ROUTES),
    none("AWS::ApiGatewayV2::Authorizer", "ApiId", why="the imported API's ID, checked at synth by "
         "consumer.FromGatewayAttributes (10 lower-case letters and digits), or a Ref", kind="identifier",
         doc=CFN("aws-resource-apigatewayv2-authorizer", "cfn-apigatewayv2-authorizer-apiid")),
    rule("AWS::ApiGatewayV2::Authorizer", "Name", doc=APIGW2_AUTHORIZERS, api="API Gateway v2 CreateAuthorizer name "
         "(StringWithLengthBetween1And128)", error=model_error("BadRequestException", "name", source="documented"),
         min=1, max=128),
    rule("AWS::ApiGatewayV2::Authorizer", "AuthorizerType", doc=APIGW2_AUTHORIZERS, api="API Gateway v2 CreateAuthorizer "
         "authorizerType", error=model_error("BadRequestException", "authorizerType", source="documented"),
         enum=["REQUEST", "JWT"]),
    none("AWS::ApiGatewayV2::Authorizer", "IdentitySource[]", why="selection expressions such as "
         "$request.header.Authorization; CreateAuthorizer's identitySource is a __listOf__string with no documented "
         "length", kind="no-documented-rule", doc=APIGW2_AUTHORIZERS),
    none("AWS::ApiGatewayV2::Authorizer", "JwtConfiguration.Audience[]", why="the JWT's aud values; JWTConfiguration's "
         "audience is a __listOf__string with no documented length", kind="no-documented-rule", doc=APIGW2_AUTHORIZERS),
    rule("AWS::ApiGatewayV2::Authorizer", "JwtConfiguration.Issuer", doc=APIGW2_AUTHORIZERS, api="API Gateway v2 "
         "JWTConfiguration issuer (UriWithLengthBetween1And2048)", error=model_error("BadRequestException", "issuer",
                                                                                    source="documented"),
         min=1, max=2048, prefix="https://", derived="the https:// prefix: API Gateway fetches the issuer's keys at "
                                                      "<issuer>/.well-known/openid-configuration over HTTPS"),
    rule("AWS::ApiGatewayV2::Integration", "ConnectionType",
         doc=CFN("aws-resource-apigatewayv2-integration", "cfn-apigatewayv2-integration-connectiontype"),
         api="API Gateway v2 CreateIntegration connectionType",
         error=model_error("BadRequestException", "connectionType", source="documented"), enum=["INTERNET", "VPC_LINK"],
         note="the API reference page for integrations was not found by the search on docs.aws.amazon.com"),
    rule("AWS::ApiGatewayV2::Integration", "IntegrationType",
         doc=CFN("aws-resource-apigatewayv2-integration", "cfn-apigatewayv2-integration-integrationtype"),
         api="API Gateway v2 CreateIntegration integrationType",
         error=model_error("BadRequestException", "integrationType", source="documented"),
         enum=["AWS", "HTTP", "MOCK", "HTTP_PROXY", "AWS_PROXY"]),
    rule("AWS::ApiGatewayV2::Integration", "IntegrationMethod",
         doc=CFN("aws-resource-apigatewayv2-integration", "cfn-apigatewayv2-integration-integrationmethod"),
         api="API Gateway v2 CreateIntegration integrationMethod (StringWithLengthBetween1And64)",
         error=model_error("BadRequestException", "integrationMethod", source="documented"), min=1, max=64),
    rule("AWS::ApiGatewayV2::Integration", "PayloadFormatVersion",
         doc=CFN("aws-resource-apigatewayv2-integration", "cfn-apigatewayv2-integration-payloadformatversion"),
         api="API Gateway v2 CreateIntegration payloadFormatVersion",
         error=model_error("BadRequestException", "payloadFormatVersion", source="documented"), enum=["1.0", "2.0"],
         note="'Supported values for Lambda proxy integrations are 1.0 and 2.0. For all other integrations, 1.0 is "
              "the only supported value.'"),
    rule("AWS::ApiGatewayV2::Integration", "TlsConfig.ServerNameToVerify",
         doc="https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-properties-apigatewayv2-integration-tlsconfig.html",
         api="API Gateway v2 TlsConfigInput.serverNameToVerify (StringWithLengthBetween1And512)",
         error=model_error("BadRequestException", "tlsConfig.serverNameToVerify", source="documented"), min=1, max=512),
    ref("AWS::ApiGatewayV2::Integration", "IntegrationUri", "listener ARN",
        CFN("aws-resource-apigatewayv2-integration", "cfn-apigatewayv2-integration-integrationuri")),
    ref("AWS::ApiGatewayV2::Integration", "ConnectionId", "VPC link ID",
        CFN("aws-resource-apigatewayv2-integration", "cfn-apigatewayv2-integration-connectionid")),
    ref("AWS::ApiGatewayV2::Integration", "ApiId", "API ID",
        CFN("aws-resource-apigatewayv2-integration", "cfn-apigatewayv2-integration-apiid")),
    rule("AWS::ApiGatewayV2::DomainName", "DomainName",
         doc=CFN("aws-resource-apigatewayv2-domainname", "cfn-apigatewayv2-domainname-domainname"),
         api="API Gateway v2 CreateDomainName domainName (StringWithLengthBetween1And512)",
         error=model_error("BadRequestException", "domainName", source="documented"), min=1, max=512),
    none("AWS::ApiGatewayV2::DomainName", "DomainNameConfigurations[].CertificateArn", why="an ACM certificate "
         "ARN; cfn-lint checks the ARN format", kind="identifier", cfnlint="format",
         doc=CFN("aws-properties-apigatewayv2-domainname-domainnameconfiguration",
                 "cfn-apigatewayv2-domainname-domainnameconfiguration-certificatearn")),
    rule("AWS::ApiGatewayV2::DomainName", "DomainNameConfigurations[].EndpointType",
         doc=CFN("aws-properties-apigatewayv2-domainname-domainnameconfiguration",
                 "cfn-apigatewayv2-domainname-domainnameconfiguration-endpointtype"),
         api="API Gateway v2 DomainNameConfiguration.endpointType",
         error=model_error("BadRequestException", "endpointType", source="documented"), enum=["REGIONAL", "EDGE"]),
    rule("AWS::ApiGatewayV2::DomainName", "DomainNameConfigurations[].SecurityPolicy",
         doc=CFN("aws-properties-apigatewayv2-domainname-domainnameconfiguration",
                 "cfn-apigatewayv2-domainname-domainnameconfiguration-securitypolicy"),
         api="API Gateway v2 DomainNameConfiguration.securityPolicy",
         error=model_error("BadRequestException", "securityPolicy", source="documented"), enum=["TLS_1_0", "TLS_1_2"]),
    rule("AWS::ApiGatewayV2::DomainName", "MutualTlsAuthentication.TruststoreUri",
         doc=CFN("aws-properties-apigatewayv2-domainname-mutualtlsauthentication",
                 "cfn-apigatewayv2-domainname-mutualtlsauthentication-truststoreuri"),
         api="API Gateway v2 MutualTlsAuthenticationInput.truststoreUri (UriWithLengthBetween1And2048)",
         error=model_error("BadRequestException", "truststoreUri", source="documented"), min=1, max=2048,
         prefix="s3://", note="'An Amazon S3 URL that specifies the truststore ..., for example, "
                              "s3://bucket-name/key-name'"),
    ref("AWS::ApiGatewayV2::ApiMapping", "ApiId", "API ID",
        CFN("aws-resource-apigatewayv2-apimapping", "cfn-apigatewayv2-apimapping-apiid")),
    ref("AWS::ApiGatewayV2::ApiMapping", "DomainName", "custom domain name",
        CFN("aws-resource-apigatewayv2-apimapping", "cfn-apigatewayv2-apimapping-domainname")),
    rule("AWS::ApiGatewayV2::ApiMapping", "Stage", doc=APIGW2_STAGE, api="API Gateway v2 CreateApiMapping stage "
         "(a stage name)", error=model_error("BadRequestException", "stage", source="documented"), min=1, max=128,
         charset=CS_STAGE_NAME, pattern=r"\$default|[A-Za-z0-9_\-]+",
         aws_pattern="a stage name: alphanumeric characters, hyphens, and underscores, or $default"),

    # ------------------------------------------------------------------ Route 53
    rule("AWS::Route53::HostedZone", "HostedZoneConfig.Comment", doc=R53_HOSTEDZONECONFIG,
         api="Route 53 CreateHostedZone HostedZoneConfig.Comment",
         error=model_error("InvalidInput", "hostedZoneConfig.comment", source="reported", refs=[R53_REPORT]), max=256,
         note="Route 53 documents no character set for comments; the report shows InvalidInput with the model "
              "message for another member"),
    rule("AWS::Route53::HostedZone", "Name", doc=CFN("aws-resource-route53-hostedzone", "cfn-route53-hostedzone-name"),
         api="Route 53 CreateHostedZone.Name (DNSName)",
         error=model_error("InvalidInput", "name", source="reported", refs=[R53_REPORT]), max=1024,
         note="cfn-lint checks the length too"),
    ref("AWS::Route53::HostedZone", "VPCs[].VPCId", "VPC ID",
        CFN("aws-properties-route53-hostedzone-vpc", "cfn-route53-hostedzone-vpc-vpcid")),
    none("AWS::Route53::HostedZone", "VPCs[].VPCRegion", why="a Region code from Route 53's VPCRegion "
         "enumeration; validity is membership in AWS's Regions", kind="identifier",
         doc=CFN("aws-properties-route53-hostedzone-vpc", "cfn-route53-hostedzone-vpc-vpcregion")),
    rule("AWS::Route53::RecordSet", "Comment", doc=R53_CHANGEBATCH, api="Route 53 ChangeResourceRecordSets "
         "ChangeBatch.Comment", error=model_error("InvalidInput", "changeBatch.comment", source="reported",
                                                  refs=[R53_REPORT]), max=256),
    rule("AWS::Route53::RecordSet", "Name", doc=CFN("aws-resource-route53-recordset", "cfn-route53-recordset-name"),
         api="Route 53 ResourceRecordSet.Name (DNSName)",
         error=model_error("InvalidInput", "changeBatch.changes.1.member.resourceRecordSet.name", source="reported",
                           refs=[R53_REPORT]), max=1024),
    rule("AWS::Route53::RecordSet", "ResourceRecords[]", doc=R53_RESOURCERECORD, api="Route 53 ResourceRecord.Value",
         error=model_error("InvalidInput", "value", source="reported", refs=[R53_REPORT]), max=4000,
         note="'not to exceed 4,000 characters'; TXT values are written as Fn::Join and cannot be measured"),
    rule("AWS::Route53::RecordSet", "Type", doc=CFN("aws-resource-route53-recordset", "cfn-route53-recordset-type"),
         api="Route 53 ResourceRecordSet.Type (RRType)",
         error=model_error("InvalidInput", "type", source="reported", refs=[R53_REPORT]),
         enum=["SOA", "A", "TXT", "NS", "CNAME", "MX", "NAPTR", "PTR", "SRV", "SPF", "AAAA", "CAA", "DS", "TLSA",
               "SSHFP", "SVCB", "HTTPS"], note="cfn-lint's schema has no enum here; values from the RRType enumeration"),
    none("AWS::Route53::RecordSet", "TTL", why="a number written as a string", kind="number",
         doc=CFN("aws-resource-route53-recordset", "cfn-route53-recordset-ttl")),
    ref("AWS::Route53::RecordSet", "HostedZoneId", "hosted zone ID",
        CFN("aws-resource-route53-recordset", "cfn-route53-recordset-hostedzoneid")),
    ref("AWS::Route53::RecordSet", "AliasTarget.DNSName", "the endpoint's DNS name (Fn::Select of its entries)",
        CFN("aws-properties-route53-recordset-aliastarget", "cfn-route53-recordset-aliastarget-dnsname")),
    ref("AWS::Route53::RecordSet", "AliasTarget.HostedZoneId", "the endpoint's hosted zone ID",
        CFN("aws-properties-route53-recordset-aliastarget", "cfn-route53-recordset-aliastarget-hostedzoneid")),

    # ------------------------------------------------------------------ ACM
    rule("AWS::CertificateManager::Certificate", "DomainName", doc=ACM_REQUESTCERTIFICATE,
         api="ACM RequestCertificate.DomainName", error=model_error("ValidationException", "domainName"),
         min=1, max=64, pattern=r"(\*\.)?(((?!-)[A-Za-z0-9-]{0,62}[A-Za-z0-9])\.)+((?!-)[A-Za-z0-9-]{1,62}[A-Za-z0-9])",
         aws_pattern=r"(\*\.)?(((?!-)[A-Za-z0-9-]{0,62}[A-Za-z0-9])\.)+((?!-)[A-Za-z0-9-]{1,62}[A-Za-z0-9])",
         note="the shape allows 253, but 'the length of the domain name (technically, the Common Name) that you "
              "provide cannot exceed 64 octets'"),
    rule("AWS::CertificateManager::Certificate", "DomainValidationOptions[].DomainName", doc=ACM_REQUESTCERTIFICATE,
         api="ACM DomainValidationOption.DomainName",
         error=model_error("ValidationException", "domainValidationOptions.1.member.domainName"), min=1, max=253,
         pattern=r"(\*\.)?(((?!-)[A-Za-z0-9-]{0,62}[A-Za-z0-9])\.)+((?!-)[A-Za-z0-9-]{1,62}[A-Za-z0-9])",
         aws_pattern=r"(\*\.)?(((?!-)[A-Za-z0-9-]{0,62}[A-Za-z0-9])\.)+((?!-)[A-Za-z0-9-]{1,62}[A-Za-z0-9])"),
    ref("AWS::CertificateManager::Certificate", "DomainValidationOptions[].HostedZoneId", "hosted zone ID",
        CFN("aws-properties-certificatemanager-certificate-domainvalidationoption",
            "cfn-certificatemanager-certificate-domainvalidationoption-hostedzoneid")),
    rule("AWS::CertificateManager::Certificate", "ValidationMethod", doc=ACM_REQUESTCERTIFICATE,
         api="ACM RequestCertificate.ValidationMethod", error=model_error("ValidationException", "validationMethod"),
         enum=["EMAIL", "DNS", "HTTP"], note="cfn-lint's schema has no enum here"),
    rule("AWS::CertificateManager::Certificate", "Tags[].Key", doc=ACM_TAG, api="ACM Tag.Key",
         error=err("InvalidTagException", source="documented", messages={"*": "{rule}"},
                   note="code from RequestCertificate's documented errors; text not documented"),
         min=1, max=128, charset=CS_TAG, not_prefix=["aws:"],
         note="the aws: prefix is from ACM's tag restrictions (" + ACM_TAG_RESTRICTIONS + "), which also say 127 "
              "characters; the API reference says 128"),
    rule("AWS::CertificateManager::Certificate", "Tags[].Value", doc=ACM_TAG, api="ACM Tag.Value",
         error=err("InvalidTagException", source="documented", messages={"*": "{rule}"}), max=256, charset=CS_TAG,
         note="ACM's tag restrictions page says 255 characters; the API reference says 256"),

    # ------------------------------------------------------------------ IAM
    rule("AWS::IAM::Role", "RoleName", doc=IAM_CREATEROLE, api="IAM CreateRole.RoleName",
         error=model_error("ValidationError", "roleName", source="reported", refs=[IAM_REPORT]), min=1, max=64,
         charset=CS_IAM_NAME, pattern=r"[A-Za-z0-9_+=,.@\-]+", aws_pattern=r"[\w+=,.@-]+"),
    rule("AWS::IAM::Role", "Description", doc=IAM_CREATEROLE, api="IAM CreateRole.Description",
         error=model_error("ValidationError", "description", source="reported", refs=[IAM_REPORT]), max=1000,
         charset=CS_IAM_ROLE_DESCRIPTION, aws_pattern=r"[\u0009\u000A\u000D\u0020-\u007E\u00A1-\u00FF]*",
         note="cfn-lint checks this one too"),
    none("AWS::IAM::Role", "AssumeRolePolicyDocument", why="a JSON policy document (IAM policy grammar); cfn-lint "
         "checks its structure against IAM's policy schema", kind="json-document", subtree=True, doc=IAM_GRAMMAR),
    none("AWS::IAM::Role", "ManagedPolicyArns[]", why="managed policy ARNs (Fn::Join of the partition and an AWS "
         "managed policy name); cfn-lint checks the ARN pattern", kind="cfn-lint", cfnlint="pattern",
         doc=CFN("aws-resource-iam-role", "cfn-iam-role-managedpolicyarns")),
    rule("AWS::IAM::Policy", "PolicyName", doc=IAM_PUTROLEPOLICY, api="IAM PutRolePolicy.PolicyName",
         error=model_error("ValidationError", "policyName", source="reported", refs=[IAM_REPORT]), min=1, max=128,
         charset=CS_IAM_NAME, pattern=r"[A-Za-z0-9_+=,.@\-]+", aws_pattern=r"[\w+=,.@-]+"),
    none("AWS::IAM::Policy", "PolicyDocument", why="a JSON policy document (IAM policy grammar)",
         kind="json-document", subtree=True, doc=IAM_GRAMMAR),
    ref("AWS::IAM::Policy", "Roles[]", "role names", CFN("aws-resource-iam-policy", "cfn-iam-policy-roles")),
    rule("AWS::IAM::ManagedPolicy", "Description", doc=IAM_CREATEPOLICY, api="IAM CreatePolicy.Description",
         error=model_error("ValidationError", "description", source="reported", refs=[IAM_REPORT]), max=1000,
         note="IAM documents no character set for a policy description (unlike a role's)"),
    rule("AWS::IAM::ManagedPolicy", "Path", doc=IAM_CREATEPOLICY, api="IAM CreatePolicy.Path",
         error=model_error("ValidationError", "path", source="reported", refs=[IAM_REPORT]), min=1, max=512,
         pattern=r"((/[A-Za-z0-9.,+@=_\-]+)*)/", aws_pattern=r"((/[A-Za-z0-9\.,\+@=_-]+)*)/", prefix="/"),
    none("AWS::IAM::ManagedPolicy", "PolicyDocument", why="a JSON policy document (IAM policy grammar)",
         kind="json-document", subtree=True, doc=IAM_GRAMMAR),
    ref("AWS::IAM::ManagedPolicy", "Roles[]", "role names", CFN("aws-resource-iam-managedpolicy", "cfn-iam-managedpolicy-roles")),
    none("AWS::IAM::InstanceProfile", "Roles[]", why="role names as Ref; cfn-lint checks the name pattern",
         kind="cfn-lint", cfnlint="pattern", doc=CFN("aws-resource-iam-instanceprofile", "cfn-iam-instanceprofile-roles")),

    # ------------------------------------------------------------------ KMS
    rule("AWS::KMS::Key", "Description", doc=KMS_CREATEKEY, api="KMS CreateKey.Description",
         error=model_error("ValidationException", "description"), max=8192,
         note="KMS documents no character set for a key description"),
    none("AWS::KMS::Key", "KeyPolicy", why="a JSON key policy (IAM policy grammar)", kind="json-document",
         subtree=True, doc=IAM_GRAMMAR),

    # ------------------------------------------------------------------ CloudWatch Logs
    none("AWS::Logs::LogGroup", "KmsKeyId", why="a KMS key ARN (Fn::GetAtt); cfn-lint checks the ARN pattern",
         kind="cfn-lint", cfnlint="pattern", doc=CFN("aws-resource-logs-loggroup", "cfn-logs-loggroup-kmskeyid")),

    # ------------------------------------------------------------------ Lambda (the AwsCustomResource function)
    rule("AWS::Lambda::Function", "Code.S3Bucket", doc=LAMBDA_CREATEFUNCTION, api="Lambda FunctionCode.S3Bucket",
         error=model_error("ValidationException", "code.s3Bucket", source="reported", refs=[LAMBDA_REPORT]),
         min=3, max=63, charset=CS_S3_BUCKET, pattern=r"[0-9A-Za-z.\-_]*(?<!\.)",
         aws_pattern=r"[0-9A-Za-z\.\-_]*(?<!\.)", note="cfn-lint checks this one too"),
    rule("AWS::Lambda::Function", "Code.S3Key", doc=LAMBDA_CREATEFUNCTION, api="Lambda FunctionCode.S3Key",
         error=model_error("ValidationException", "code.s3Key", source="reported", refs=[LAMBDA_REPORT]), min=1,
         max=1024),
    rule("AWS::Lambda::Function", "Handler", doc=LAMBDA_CREATEFUNCTION, api="Lambda CreateFunction.Handler",
         error=model_error("ValidationException", "handler", source="reported", refs=[LAMBDA_REPORT]), max=128,
         charset=CS_NO_WHITESPACE, aws_pattern=r"[^\s]+"),
    rule("AWS::Lambda::Function", "LoggingConfig.LogGroup", doc=LAMBDA_CREATEFUNCTION,
         api="Lambda LoggingConfig.LogGroup", error=model_error("ValidationException", "loggingConfig.logGroup",
                                                               source="reported", refs=[LAMBDA_REPORT]),
         min=1, max=512, charset=CS_LOG_GROUP, aws_pattern=r"[\.\-_/#A-Za-z0-9]+"),
    none("AWS::Lambda::Function", "Role", why="the execution role's ARN (Fn::GetAtt); cfn-lint checks the ARN pattern",
         kind="cfn-lint", cfnlint="pattern", doc=CFN("aws-resource-lambda-function", "cfn-lambda-function-role")),
    cfnlint("AWS::Lambda::Function", "Runtime", "enum", "a Lambda runtime",
            CFN("aws-resource-lambda-function", "cfn-lambda-function-runtime")),
    cfnlint("AWS::Lambda::Function", "TracingConfig.Mode", "enum", "Active | PassThrough",
            CFN("aws-properties-lambda-function-tracingconfig", "cfn-lambda-function-tracingconfig-mode")),

    # ------------------------------------------------------------------ ECS
    rule("AWS::ECS::TaskDefinition", "Family", doc=ECS_REGISTERTASKDEFINITION, api="ECS RegisterTaskDefinition.family",
         error=err("ClientException", source="documented", messages={"*": "{rule}"},
                   note="code from RegisterTaskDefinition's documented errors; text not documented"),
         min=1, max=255, charset=CS_ECS_NAME),
    rule("AWS::ECS::TaskDefinition", "ContainerDefinitions[].Name", doc=ECS_CONTAINERNAME,
         api="ECS ContainerDefinition.name", error=err("ClientException", source="documented", messages={"*": "{rule}"}),
         min=1, max=255, charset=CS_ECS_NAME),
    rule("AWS::ECS::TaskDefinition", "ContainerDefinitions[].Image", doc=ECS_REGISTERTASKDEFINITION,
         api="ECS ContainerDefinition.image", error=err("ClientException", source="documented", messages={"*": "{rule}"}),
         max=255, charset=CS_ECS_IMAGE,
         note="'up to 255 characters total are allowed, including letters (uppercase and lowercase), numbers, "
              "hyphens, underscores, colons, periods, forward slashes, and number signs (#)'; written as Fn::Sub, "
              "so only its literal pieces are checked"),
    rule("AWS::ECS::TaskDefinition", "ContainerDefinitions[].LogConfiguration.LogDriver",
         doc=CFN("aws-properties-ecs-taskdefinition-logconfiguration", "cfn-ecs-taskdefinition-logconfiguration-logdriver"),
         api="ECS LogConfiguration.logDriver", error=err("ClientException", source="documented",
                                                         messages={"*": "{rule}"}),
         enum=["json-file", "syslog", "journald", "gelf", "fluentd", "awslogs", "splunk", "awsfirelens"],
         note="cfn-lint's schema has no enum here; values from the ECS LogDriver enumeration"),
    rule("AWS::ECS::TaskDefinition", "ContainerDefinitions[].LogConfiguration.Options.awslogs-group",
         doc=LOGS_CREATELOGGROUP, api="awslogs-group names a CloudWatch Logs log group",
         error=model_error("InvalidParameterException", "logGroupName", source="reported", refs=[LOGS_REPORT]),
         min=1, max=512, charset=CS_LOG_GROUP, derived="the option names a log group; the log group name rule applies"),
    none("AWS::ECS::TaskDefinition", "ContainerDefinitions[].LogConfiguration.Options.awslogs-region",
         why="a Region code", kind="identifier", doc=ECS_REGISTERTASKDEFINITION),
    rule("AWS::ECS::TaskDefinition", "ContainerDefinitions[].LogConfiguration.Options.awslogs-stream-prefix",
         doc=LOGS_CREATELOGSTREAM, api="awslogs-stream-prefix begins the log stream name prefix/container/task-id",
         error=model_error("InvalidParameterException", "logStreamName", source="reported", refs=[LOGS_REPORT]),
         min=1, max=512, charset=CS_LOG_STREAM,
         derived="ECS documents no rule for the prefix; it becomes the start of a log stream name, which may be "
                 "1 to 512 characters without ':' or '*'"),
    cfnlint("AWS::ECS::TaskDefinition", "ContainerDefinitions[].PortMappings[].Protocol", "enum", "tcp | udp",
            CFN("aws-properties-ecs-taskdefinition-portmapping", "cfn-ecs-taskdefinition-portmapping-protocol")),
    none("AWS::ECS::TaskDefinition", "Cpu", why="a number written as a string (CPU units)", kind="number",
         doc=CFN("aws-resource-ecs-taskdefinition", "cfn-ecs-taskdefinition-cpu")),
    none("AWS::ECS::TaskDefinition", "Memory", why="a number written as a string (MiB)", kind="number",
         doc=CFN("aws-resource-ecs-taskdefinition", "cfn-ecs-taskdefinition-memory")),
    ref("AWS::ECS::TaskDefinition", "ExecutionRoleArn", "role ARN",
        CFN("aws-resource-ecs-taskdefinition", "cfn-ecs-taskdefinition-executionrolearn")),
    ref("AWS::ECS::TaskDefinition", "TaskRoleArn", "role ARN",
        CFN("aws-resource-ecs-taskdefinition", "cfn-ecs-taskdefinition-taskrolearn")),
    cfnlint("AWS::ECS::TaskDefinition", "NetworkMode", "enum", "awsvpc | bridge | host | none",
            CFN("aws-resource-ecs-taskdefinition", "cfn-ecs-taskdefinition-networkmode")),
    cfnlint("AWS::ECS::TaskDefinition", "RequiresCompatibilities[]", "enum", "EC2 | FARGATE | ...",
            CFN("aws-resource-ecs-taskdefinition", "cfn-ecs-taskdefinition-requirescompatibilities")),
    cfnlint("AWS::ECS::TaskDefinition", "RuntimePlatform.CpuArchitecture", "enum", "ARM64 | X86_64",
            CFN("aws-properties-ecs-taskdefinition-runtimeplatform", "cfn-ecs-taskdefinition-runtimeplatform-cpuarchitecture")),
    cfnlint("AWS::ECS::TaskDefinition", "RuntimePlatform.OperatingSystemFamily", "enum", "LINUX | WINDOWS_...",
            CFN("aws-properties-ecs-taskdefinition-runtimeplatform",
                "cfn-ecs-taskdefinition-runtimeplatform-operatingsystemfamily")),
    rule("AWS::ECS::Cluster", "ClusterSettings[].Name",
         doc=CFN("aws-properties-ecs-cluster-clustersettings", "cfn-ecs-cluster-clustersettings-name"),
         api="ECS ClusterSetting.name", error=err("InvalidParameterException", source="documented",
                                                  messages={"*": "{rule}"}), enum=["containerInsights"]),
    rule("AWS::ECS::Cluster", "ClusterSettings[].Value",
         doc=CFN("aws-properties-ecs-cluster-clustersettings", "cfn-ecs-cluster-clustersettings-value"),
         api="ECS ClusterSetting.value", error=err("InvalidParameterException", source="documented",
                                                   messages={"*": "{rule}"}), enum=["enhanced", "enabled", "disabled"],
         note="'The supported values are enhanced, enabled, and disabled.'"),
    rule("AWS::ECS::Service", "LoadBalancers[].ContainerName", doc=ECS_CONTAINERNAME,
         api="ECS LoadBalancer.containerName (a container's name)",
         error=err("InvalidParameterException", source="documented", messages={"*": "{rule}"}), min=1, max=255,
         charset=CS_ECS_NAME, derived="the value must be a container definition's name, whose rule applies"),
    ref("AWS::ECS::Service", "LoadBalancers[].TargetGroupArn", "target group ARN",
        CFN("aws-properties-ecs-service-loadbalancer", "cfn-ecs-service-loadbalancer-targetgrouparn")),
    ref("AWS::ECS::Service", "Cluster", "cluster name", CFN("aws-resource-ecs-service", "cfn-ecs-service-cluster")),
    ref("AWS::ECS::Service", "TaskDefinition", "task definition ARN",
        CFN("aws-resource-ecs-service", "cfn-ecs-service-taskdefinition")),
    cfnlint("AWS::ECS::Service", "LaunchType", "enum", "EC2 | FARGATE | EXTERNAL",
            CFN("aws-resource-ecs-service", "cfn-ecs-service-launchtype")),
    cfnlint("AWS::ECS::Service", "NetworkConfiguration.AwsvpcConfiguration.AssignPublicIp", "enum",
            "DISABLED | ENABLED", CFN("aws-properties-ecs-service-awsvpcconfiguration",
                                      "cfn-ecs-service-awsvpcconfiguration-assignpublicip")),
    ref("AWS::ECS::Service", "NetworkConfiguration.AwsvpcConfiguration.SecurityGroups[]", "security group IDs",
        CFN("aws-properties-ecs-service-awsvpcconfiguration", "cfn-ecs-service-awsvpcconfiguration-securitygroups")),
    ref("AWS::ECS::Service", "NetworkConfiguration.AwsvpcConfiguration.Subnets[]", "subnet IDs",
        CFN("aws-properties-ecs-service-awsvpcconfiguration", "cfn-ecs-service-awsvpcconfiguration-subnets")),

    # ------------------------------------------------------------------ Auto Scaling
    cfnlint("AWS::AutoScaling::AutoScalingGroup", "HealthCheckType", "pattern", "EC2 | ELB | EBS | VPC_LATTICE",
            CFN("aws-resource-autoscaling-autoscalinggroup", "cfn-autoscaling-autoscalinggroup-healthchecktype")),
    none("AWS::AutoScaling::AutoScalingGroup", "MaxSize", why="a number written as a string; cfn-lint checks "
         "^[0-9]+$", kind="number", cfnlint="pattern",
         doc=CFN("aws-resource-autoscaling-autoscalinggroup", "cfn-autoscaling-autoscalinggroup-maxsize")),
    none("AWS::AutoScaling::AutoScalingGroup", "MinSize", why="a number written as a string; cfn-lint checks "
         "^[0-9]+$", kind="number", cfnlint="pattern",
         doc=CFN("aws-resource-autoscaling-autoscalinggroup", "cfn-autoscaling-autoscalinggroup-minsize")),
    ref("AWS::AutoScaling::AutoScalingGroup", "LaunchTemplate.LaunchTemplateId", "launch template ID",
        CFN("aws-properties-autoscaling-autoscalinggroup-launchtemplatespecification",
            "cfn-autoscaling-autoscalinggroup-launchtemplatespecification-launchtemplateid")),
    ref("AWS::AutoScaling::AutoScalingGroup", "LaunchTemplate.Version", "launch template version",
        CFN("aws-properties-autoscaling-autoscalinggroup-launchtemplatespecification",
            "cfn-autoscaling-autoscalinggroup-launchtemplatespecification-version")),
    ref("AWS::AutoScaling::AutoScalingGroup", "TargetGroupARNs[]", "target group ARNs",
        CFN("aws-resource-autoscaling-autoscalinggroup", "cfn-autoscaling-autoscalinggroup-targetgrouparns")),
    none("AWS::AutoScaling::AutoScalingGroup", "VPCZoneIdentifier[]", why="subnet IDs (Ref, or an existing VPC's "
         "subnet IDs); validity is existence", kind="identifier",
         doc=CFN("aws-resource-autoscaling-autoscalinggroup", "cfn-autoscaling-autoscalinggroup-vpczoneidentifier")),

    # ------------------------------------------------------------------ DynamoDB
    *[rule("AWS::DynamoDB::Table", p, doc=DDB_ATTRIBUTEDEFINITION, api=api,
           error=model_error("ValidationException", member), min=1, max=255,
           note="DynamoDB documents no character set for attribute names") for p, api, member in (
        ("AttributeDefinitions[].AttributeName", "DynamoDB AttributeDefinition.AttributeName",
         "attributeDefinitions.1.member.attributeName"),
        ("KeySchema[].AttributeName", "DynamoDB KeySchemaElement.AttributeName (KeySchemaAttributeName)",
         "keySchema.1.member.attributeName"),
        ("GlobalSecondaryIndexes[].KeySchema[].AttributeName",
         "DynamoDB KeySchemaElement.AttributeName (KeySchemaAttributeName)",
         "globalSecondaryIndexes.1.member.keySchema.1.member.attributeName"),
        ("TimeToLiveSpecification.AttributeName", "DynamoDB TimeToLiveSpecification.AttributeName "
                                                  "(TimeToLiveAttributeName, 1 to 255 in the service model)",
         "timeToLiveSpecification.attributeName"))],
    rule("AWS::DynamoDB::Table", "GlobalSecondaryIndexes[].IndexName", doc=DDB_GSI,
         api="DynamoDB GlobalSecondaryIndex.IndexName",
         error=model_error("ValidationException", "globalSecondaryIndexes.1.member.indexName"), min=3, max=255,
         charset=CS_DDB_INDEX, aws_pattern="[a-zA-Z0-9_.-]+"),
    cfnlint("AWS::DynamoDB::Table", "AttributeDefinitions[].AttributeType", "enum", "S | N | B",
            CFN("aws-properties-dynamodb-table-attributedefinition", "cfn-dynamodb-table-attributedefinition-attributetype")),
    rule("AWS::DynamoDB::Table", "BillingMode", doc=CFN("aws-resource-dynamodb-table", "cfn-dynamodb-table-billingmode"),
         api="DynamoDB CreateTable.BillingMode", error=model_error("ValidationException", "billingMode"),
         enum=["PROVISIONED", "PAY_PER_REQUEST"], note="cfn-lint's schema has no enum here"),
    rule("AWS::DynamoDB::Table", "KeySchema[].KeyType", doc=CFN("aws-resource-dynamodb-table", "cfn-dynamodb-table-keyschema"),
         api="DynamoDB KeySchemaElement.KeyType", error=model_error("ValidationException", "keySchema.1.member.keyType"),
         enum=["HASH", "RANGE"]),
    rule("AWS::DynamoDB::Table", "GlobalSecondaryIndexes[].KeySchema[].KeyType",
         doc=CFN("aws-properties-dynamodb-table-keyschema", "cfn-dynamodb-table-keyschema-keytype"),
         api="DynamoDB KeySchemaElement.KeyType", error=model_error("ValidationException", "keyType"),
         enum=["HASH", "RANGE"]),
    rule("AWS::DynamoDB::Table", "GlobalSecondaryIndexes[].Projection.ProjectionType",
         doc=CFN("aws-properties-dynamodb-table-projection", "cfn-dynamodb-table-projection-projectiontype"),
         api="DynamoDB Projection.ProjectionType", error=model_error("ValidationException", "projectionType"),
         enum=["ALL", "KEYS_ONLY", "INCLUDE"]),

    # ------------------------------------------------------------------ AWS Backup
    rule("AWS::Backup::BackupVault", "BackupVaultName", doc=BACKUP_CREATEVAULT, api="Backup CreateBackupVault.backupVaultName",
         error=err("InvalidParameterValueException", source="documented", messages={"*": "{rule}"},
                   note="code from CreateBackupVault's documented errors; text not documented"),
         min=2, max=50, charset=CS_BACKUP_VAULT, aws_pattern=r"^[a-zA-Z0-9\-\_]{2,50}$"),
    rule("AWS::Backup::BackupPlan", "BackupPlan.BackupPlanName", doc=BACKUP_PLANINPUT,
         api="Backup BackupPlanInput.BackupPlanName",
         error=err("InvalidParameterValueException", source="documented", messages={"*": "{rule}"}),
         min=1, max=50, charset=CS_BACKUP_NAME,
         note="BackupPlanInput: 'Must contain 1 to 50 alphanumeric or '-_.' characters'; the BackupPlan page ("
              + BACKUP_PLAN + ") allows 1 to 200 through the API: the stricter request-shape limit is kept"),
    rule("AWS::Backup::BackupPlan", "BackupPlan.BackupPlanRule[].RuleName", doc=BACKUP_RULE,
         api="Backup BackupRuleInput.RuleName",
         error=err("InvalidParameterValueException", source="documented", messages={"*": "{rule}"}),
         min=1, max=50, charset=CS_BACKUP_NAME, aws_pattern=r"^[a-zA-Z0-9\-\_\.]{1,50}$"),
    none("AWS::Backup::BackupPlan", "BackupPlan.BackupPlanRule[].ScheduleExpression", why="a cron expression "
         "(cron(0 5 * * ? *)); Backup documents the syntax, not a length or character rule", kind="no-documented-rule",
         doc=BACKUP_RULE),
    ref("AWS::Backup::BackupPlan", "BackupPlan.BackupPlanRule[].TargetBackupVault", "vault name",
        CFN("aws-properties-backup-backupplan-backupruleresourcetype",
            "cfn-backup-backupplan-backupruleresourcetype-targetbackupvault")),
    rule("AWS::Backup::BackupSelection", "BackupSelection.SelectionName", doc=BACKUP_SELECTION,
         api="Backup BackupSelection.SelectionName",
         error=err("InvalidParameterValueException", source="documented", messages={"*": "{rule}"}),
         min=1, max=50, charset=CS_BACKUP_NAME, aws_pattern=r"^[a-zA-Z0-9\-\_\.]{1,50}$",
         note="cfn-lint checks a looser pattern (it allows ':')"),
    ref("AWS::Backup::BackupSelection", "BackupPlanId", "backup plan ID",
        CFN("aws-resource-backup-backupselection", "cfn-backup-backupselection-backupplanid")),
    ref("AWS::Backup::BackupSelection", "BackupSelection.IamRoleArn", "role ARN",
        CFN("aws-properties-backup-backupselection-backupselectionresourcetype",
            "cfn-backup-backupselection-backupselectionresourcetype-iamrolearn")),
    ref("AWS::Backup::BackupSelection", "BackupSelection.Resources[]", "resource ARNs",
        CFN("aws-properties-backup-backupselection-backupselectionresourcetype",
            "cfn-backup-backupselection-backupselectionresourcetype-resources")),

    # ------------------------------------------------------------------ S3 (access log bucket)
    none("AWS::S3::Bucket", "BucketEncryption.ServerSideEncryptionConfiguration[].ServerSideEncryptionByDefault.SSEAlgorithm",
         why="AES256 | aws:kms | aws:kms:dsse; cfn-lint's schema checks it (enum)", kind="cfn-lint", cfnlint="enum",
         doc=CFN("aws-properties-s3-bucket-serversideencryptionbydefault", "cfn-s3-bucket-serversideencryptionbydefault-ssealgorithm")),
    ref("AWS::S3::Bucket", "BucketEncryption.ServerSideEncryptionConfiguration[].ServerSideEncryptionByDefault.KMSMasterKeyID",
        "KMS key ARN", CFN("aws-properties-s3-bucket-serversideencryptionbydefault",
                           "cfn-s3-bucket-serversideencryptionbydefault-kmsmasterkeyid")),
    rule("AWS::S3::Bucket", "LifecycleConfiguration.Rules[].Id", doc=CFN("aws-properties-s3-bucket-rule", "cfn-s3-bucket-rule-id"),
         api="S3 LifecycleRule.ID", error=err("InvalidArgument", source="assumed", messages={"*": "{rule}"},
                                              note="S3's code for an invalid argument; no message documented"),
         max=255, note="'Unique identifier for the rule. The value cannot be longer than 255 characters.' (S3 "
                       "LifecycleRule, as the AWS SDK references quote it; the S3 API Reference page was not found "
                       "by the search); cfn-lint checks it too"),
    cfnlint("AWS::S3::Bucket", "LifecycleConfiguration.Rules[].Status", "enum", "Enabled | Disabled",
            CFN("aws-properties-s3-bucket-rule", "cfn-s3-bucket-rule-status")),
    cfnlint("AWS::S3::Bucket", "OwnershipControls.Rules[].ObjectOwnership", "enum", "BucketOwnerEnforced | ...",
            CFN("aws-properties-s3-bucket-ownershipcontrolsrule", "cfn-s3-bucket-ownershipcontrolsrule-objectownership")),
    cfnlint("AWS::S3::Bucket", "VersioningConfiguration.Status", "enum", "Enabled | Suspended",
            CFN("aws-properties-s3-bucket-versioningconfiguration", "cfn-s3-bucket-versioningconfiguration-status")),
    ref("AWS::S3::BucketPolicy", "Bucket", "bucket name", CFN("aws-resource-s3-bucketpolicy", "cfn-s3-bucketpolicy-bucket")),
    none("AWS::S3::BucketPolicy", "PolicyDocument", why="a JSON bucket policy (IAM policy grammar)",
         kind="json-document", subtree=True, doc=IAM_GRAMMAR),

    # ------------------------------------------------------------------ CloudFormation
    none("AWS::CloudFormation::Stack", "TemplateURL", why="the nested template's S3 URL (Fn::Join of the assets "
         "bucket and the template's hash); cfn-lint checks its length (1 to 1024)", kind="cfn-lint", cfnlint="maxLength",
         doc=CFN("aws-resource-cloudformation-stack", "cfn-cloudformation-stack-templateurl")),
    rule("AWS::CloudFormation::Stack", "Parameters.*", doc=CFN_QUOTAS, api="CloudFormation quota: parameter value",
         error=err("ValidationError", source="assumed", messages={"*": "{rule}"}), max=4096, unit="bytes",
         note="'Parameter value: Maximum size of a parameter value. 4,096 bytes'; here every value is a Ref/GetAtt "
              "of the parent stack, checked only when literal"),
    ref("AWS::CloudFormation::WaitCondition", "Handle", "wait condition handle",
        CFN("aws-resource-cloudformation-waitcondition", "cfn-cloudformation-waitcondition-handle")),
    none("AWS::CloudFormation::WaitCondition", "Timeout", why="a number of seconds written as a string",
         kind="number", doc=CFN("aws-resource-cloudformation-waitcondition", "cfn-cloudformation-waitcondition-timeout")),
    none("AWS::CDK::Metadata", "Analytics", why="aws-cdk-lib's compressed usage data (v2:deflate64:...); "
         "CloudFormation stores the resource, no service API receives the value", kind="cdk-internal",
         doc=CDK_USAGE_DATA),
    ref("Custom::AWS", "ServiceToken", "the provider function's ARN", CFN_CUSTOM_RESOURCE),
    *[none("Custom::AWS", p, why="aws-cdk-lib's AwsCustomResource call, a JSON string (Fn::Join) its Lambda "
           "handler parses and turns into an SDK call; CloudFormation passes custom resource properties through "
           "unchecked", kind="cdk-internal", doc=CFN_CUSTOM_RESOURCE) for p in ("Create", "Update", "Delete")],

    # ------------------------------------------------------------------ the ALB front door (-c frontDoor=alb)
    ref("AWS::EC2::Route", "GatewayId", "internet gateway ID", CFN("aws-resource-ec2-route", "cfn-ec2-route-gatewayid")),
    ref("AWS::EC2::Route", "RouteTableId", "route table ID", CFN("aws-resource-ec2-route", "cfn-ec2-route-routetableid")),
    none("AWS::EC2::Route", "DestinationCidrBlock", why="an IPv4 CIDR block (0.0.0.0/0, the public subnets' "
         "default route); its syntax is CIDR notation, no character rule documented", kind="identifier",
         doc=CFN("aws-resource-ec2-route", "cfn-ec2-route-destinationcidrblock")),
    ref("AWS::EC2::VPCGatewayAttachment", "InternetGatewayId", "internet gateway ID",
        CFN("aws-resource-ec2-vpcgatewayattachment", "cfn-ec2-vpcgatewayattachment-internetgatewayid")),
    ref("AWS::EC2::VPCGatewayAttachment", "VpcId", "VPC ID",
        CFN("aws-resource-ec2-vpcgatewayattachment", "cfn-ec2-vpcgatewayattachment-vpcid")),
    rule("AWS::ElasticLoadBalancingV2::Listener", "DefaultActions[].FixedResponseConfig.ContentType",
         doc=ELB_FIXEDRESPONSE, api="ELBv2 FixedResponseActionConfig.ContentType",
         error=model_error("ValidationError", "defaultActions.member.1.fixedResponseConfig.contentType"), max=32,
         enum=["text/plain", "text/css", "text/html", "application/javascript", "application/json"]),
    rule("AWS::ElasticLoadBalancingV2::Listener", "DefaultActions[].FixedResponseConfig.MessageBody",
         doc=ELB_FIXEDRESPONSE, api="ELBv2 FixedResponseActionConfig.MessageBody",
         error=model_error("ValidationError", "defaultActions.member.1.fixedResponseConfig.messageBody"), max=1024),
    rule("AWS::ElasticLoadBalancingV2::Listener", "DefaultActions[].FixedResponseConfig.StatusCode",
         doc=ELB_FIXEDRESPONSE, api="ELBv2 FixedResponseActionConfig.StatusCode",
         error=model_error("ValidationError", "defaultActions.member.1.fixedResponseConfig.statusCode"),
         pattern=r"[245][0-9][0-9]", aws_pattern=r"^(2|4|5)\d\d$"),
    ref("AWS::ElasticLoadBalancingV2::ListenerRule", "Actions[].TargetGroupArn", "target group ARN",
        CFN("aws-properties-elasticloadbalancingv2-listenerrule-action", "cfn-elasticloadbalancingv2-listenerrule-action-targetgrouparn")),
    ref("AWS::ElasticLoadBalancingV2::ListenerRule", "ListenerArn", "listener ARN (a nested stack's parameter "
        "from the parent's Ref)", CFN("aws-resource-elasticloadbalancingv2-listenerrule",
                                      "cfn-elasticloadbalancingv2-listenerrule-listenerarn")),
    rule("AWS::ElasticLoadBalancingV2::ListenerRule", "Actions[].Type", doc=ELB_ACTION, api="ELBv2 Action.Type",
         error=model_error("ValidationError", "actions.member.1.type"),
         enum=["forward", "authenticate-oidc", "authenticate-cognito", "redirect", "fixed-response"]),
    rule("AWS::ElasticLoadBalancingV2::ListenerRule", "Conditions[].Field", doc=ELB_RULECONDITION,
         api="ELBv2 RuleCondition.Field", error=model_error("ValidationError", "conditions.member.1.field"), max=64,
         enum=["http-header", "http-request-method", "host-header", "path-pattern", "query-string", "source-ip"]),
    rule("AWS::ElasticLoadBalancingV2::ListenerRule", "Conditions[].PathPatternConfig.Values[]",
         doc=ELB_PATH_CONDITIONS, api="ELBv2 PathPatternConditionConfig.Values (Application Load Balancers Guide, "
         "\"Path conditions\")", error=model_error("ValidationError", "conditions.member.1.pathPatternConfig.values"),
         min=1, max=128, charset=charset(r"[A-Za-z0-9_\-.$/~\"'@:+&*?]",
                                          "A-Z, a-z, 0-9, _ - . $ / ~ \" ' @ : + & (using &amp;), * and ?"),
         prefix="/", derived="the leading / is implied: the pattern is compared with the URL's path, which starts "
                             "with /"),
    rule("AWS::Logs::LogGroup", "LogGroupName", doc=LOGS_CREATELOGGROUP, api="CloudWatch Logs CreateLogGroup.logGroupName",
         error=model_error("InvalidParameterException", "logGroupName", source="reported", refs=[LOGS_REPORT]),
         min=1, max=512, charset=CS_LOG_GROUP,
         note="the front door's WAF log group; AWS WAF also requires the prefix aws-waf-logs- (" + WAF_LOGGING + ")"),
    rule("AWS::WAFv2::WebACL", "Description", doc=WAF_CREATEWEBACL, api="WAFV2 CreateWebACL.Description",
         error=model_error("WAFInvalidParameterException", "description"), min=1, max=256,
         pattern=r"[\w+=:#@/\-,.][\w+=:#@/\-,.\s]+[\w+=:#@/\-,.]",
         aws_pattern=r"^[\w+=:#@/\-,\.][\w+=:#@/\-,\.\s]+[\w+=:#@/\-,\.]$"),
    rule("AWS::WAFv2::WebACL", "Scope", doc=WAF_CREATEWEBACL, api="WAFV2 CreateWebACL.Scope",
         error=model_error("WAFInvalidParameterException", "scope"), enum=["CLOUDFRONT", "REGIONAL"]),
    *[rule("AWS::WAFv2::WebACL", p, doc=WAF_VISIBILITYCONFIG, api="WAFV2 VisibilityConfig.MetricName",
           error=model_error("WAFInvalidParameterException", "metricName"), min=1, max=128,
           charset=charset(r"[A-Za-z0-9_\-]", "A-Z, a-z, 0-9, - (hyphen), and _ (underscore)"),
           pattern=r"(?!All$|Default_Action$).+",
           note="the API's pattern (^[\\w#:\\.\\-/]+$, up to 255) is wider than its text, which this row follows: "
                "1 to 128 of A-Z, a-z, 0-9, - and _, and not a name AWS WAF reserves (All, Default_Action)")
      for p in ("VisibilityConfig.MetricName", "Rules[].VisibilityConfig.MetricName")],
    rule("AWS::WAFv2::WebACL", "Rules[].Name", doc=WAF_RULE, api="WAFV2 Rule.Name",
         error=model_error("WAFInvalidParameterException", "name"), min=1, max=128, pattern=r"[\w\-]+",
         aws_pattern=r"^[\w\-]+$"),
    rule("AWS::WAFv2::WebACL", "Rules[].Statement.ManagedRuleGroupStatement.Name", doc=WAF_MANAGEDRULEGROUPSTATEMENT,
         api="WAFV2 ManagedRuleGroupStatement.Name", error=model_error("WAFInvalidParameterException", "name"),
         min=1, max=128, pattern=r"[\w\-]+", aws_pattern=r"^[\w\-]+$"),
    rule("AWS::WAFv2::WebACL", "Rules[].Statement.ManagedRuleGroupStatement.VendorName",
         doc=WAF_MANAGEDRULEGROUPSTATEMENT, api="WAFV2 ManagedRuleGroupStatement.VendorName",
         error=model_error("WAFInvalidParameterException", "vendorName"), min=1, max=128, pattern=r".*\S.*",
         aws_pattern=r".*\S.*"),
    rule("AWS::WAFv2::WebACL", "Rules[].Statement.ManagedRuleGroupStatement.RuleActionOverrides[].Name",
         doc=WAF_MANAGEDRULEGROUPSTATEMENT, api="WAFV2 RuleActionOverride.Name",
         error=model_error("WAFInvalidParameterException", "name"), min=1, max=128, pattern=r"[\w\-]+",
         aws_pattern=r"^[\w\-]+$"),
    rule("AWS::WAFv2::WebACL", "Rules[].Statement.RateBasedStatement.AggregateKeyType", doc=WAF_RATEBASEDSTATEMENT,
         api="WAFV2 RateBasedStatement.AggregateKeyType",
         error=model_error("WAFInvalidParameterException", "aggregateKeyType"),
         enum=["IP", "FORWARDED_IP", "CUSTOM_KEYS", "CONSTANT"]),
    ref("AWS::WAFv2::WebACLAssociation", "ResourceArn", "load balancer ARN",
        CFN("aws-resource-wafv2-webaclassociation", "cfn-wafv2-webaclassociation-resourcearn")),
    ref("AWS::WAFv2::WebACLAssociation", "WebACLArn", "web ACL ARN",
        CFN("aws-resource-wafv2-webaclassociation", "cfn-wafv2-webaclassociation-webaclarn")),
    ref("AWS::WAFv2::LoggingConfiguration", "ResourceArn", "web ACL ARN",
        CFN("aws-resource-wafv2-loggingconfiguration", "cfn-wafv2-loggingconfiguration-resourcearn")),
    none("AWS::WAFv2::LoggingConfiguration", "LogDestinationConfigs[]", why="the log group's ARN, built with "
         "Fn::Join from its Ref (AWS WAF takes it without the :* that Fn::GetAtt Arn ends with); an ARN, no "
         "character rule beyond the log group name's", kind="reference", doc=WAF_LOGGING),
    rule("AWS::WAFv2::LoggingConfiguration", "RedactedFields[].SingleHeader.Name", doc=WAF_SINGLEHEADER,
         api="WAFV2 SingleHeader.Name", error=model_error("WAFInvalidParameterException", "name"), min=1, max=64,
         pattern=r".*\S.*", aws_pattern=r".*\S.*"),

    # ------------------------------------------------------------------ the organization acceptance function (issue 23)
    rule("AWS::Lambda::Function", "Description", doc=LAMBDA_CREATEFUNCTION, api="Lambda CreateFunction.Description (0 to 256)",
         error=model_error("ValidationException", "description", source="documented"), max=256),
    rule("AWS::Lambda::Function", "Code.ZipFile", doc=CFN_LAMBDA_CODE, api="CloudFormation Lambda Code.ZipFile (inline Python "
         "source, placed in a file named index)", error=err("ValidationError", source="assumed", messages={"*": "{rule}"}),
         min=1, max=4096, derived="the maximum: the CloudFormation reference's long-standing 4096 characters for inline "
                                  "code, kept as the safe bound"),
    rule("AWS::Lambda::Function", "Environment.Variables.*", doc=LAMBDA_ENVIRONMENT, api="Lambda Environment.Variables "
         "(4 KB in all)", error=model_error("InvalidParameterValueException", "environment", source="documented"),
         max=4096, unit="bytes", note="each value here is an ID, an ARN or a comma-separated list of IDs"),
    cfnlint("AWS::Lambda::Permission", "Action", "pattern", "lambda:InvokeFunction", LAMBDA_ADDPERMISSION),
    ref("AWS::Lambda::Permission", "FunctionName", "the function's ARN", LAMBDA_ADDPERMISSION),
    none("AWS::Lambda::Permission", "Principal", why="an AWS service principal written by aws-cdk-lib "
         "(sns.amazonaws.com, events.amazonaws.com)", kind="identifier", doc=LAMBDA_ADDPERMISSION),
    ref("AWS::Lambda::Permission", "SourceArn", "the topic's or the rule's ARN", LAMBDA_ADDPERMISSION),
    rule("AWS::Events::Rule", "Description", doc=EVENTS_PUTRULE, api="EventBridge PutRule.Description (0 to 512)",
         error=model_error("ValidationException", "description", source="documented"), max=512),
    rule("AWS::Events::Rule", "ScheduleExpression", doc=EVENTS_PUTRULE, api="EventBridge PutRule.ScheduleExpression "
         "(0 to 256; rate(value unit) or cron(...))", error=model_error("ValidationException", "scheduleExpression",
                                                                      source="documented"), max=256,
         pattern=r"rate\(\d+ (minute|minutes|hour|hours|day|days)\)|cron\(.+\)",
         derived="the pattern: the schedule expressions the EventBridge guide documents"),
    cfnlint("AWS::Events::Rule", "State", "enum", "ENABLED | DISABLED", EVENTS_PUTRULE),
    ref("AWS::Events::Rule", "Targets[].Arn", "the function's ARN", EVENTS_TARGET),
    rule("AWS::Events::Rule", "Targets[].Id", doc=EVENTS_TARGET, api="EventBridge Target.Id (1 to 64, [\\.\\-_A-Za-z0-9]+)",
         error=model_error("ValidationException", "targets.member.N.id", source="documented"), min=1, max=64,
         pattern=r"[\.\-_A-Za-z0-9]+", aws_pattern=r"[\.\-_A-Za-z0-9]+"),

    # ------------------------------------------------------------------ the consumers' StackSet (issue 23)
    rule("AWS::CloudFormation::StackSet", "StackSetName", doc=CFN_CREATESTACKSET, api="CloudFormation CreateStackSet."
         "StackSetName (a letter, then letters, digits and hyphens; at most 128)",
         error=model_error("ValidationError", "stackSetName", source="documented"), min=1, max=128,
         pattern=r"[a-zA-Z][-a-zA-Z0-9]*", aws_pattern=r"[a-zA-Z][-a-zA-Z0-9]*"),
    rule("AWS::CloudFormation::StackSet", "Description", doc=CFN_CREATESTACKSET, api="CloudFormation CreateStackSet."
         "Description (1 to 1024)", error=model_error("ValidationError", "description", source="documented"), min=1, max=1024),
    rule("AWS::CloudFormation::StackSet", "PermissionModel", doc=CFN_CREATESTACKSET, api="CloudFormation CreateStackSet."
         "PermissionModel", error=model_error("ValidationError", "permissionModel", source="documented"),
         enum=["SERVICE_MANAGED", "SELF_MANAGED"]),
    rule("AWS::CloudFormation::StackSet", "CallAs", doc=CFN_CREATESTACKSET, api="CloudFormation CreateStackSet.CallAs",
         error=model_error("ValidationError", "callAs", source="documented"), enum=["SELF", "DELEGATED_ADMIN"]),
    rule("AWS::CloudFormation::StackSet", "OperationPreferences.RegionConcurrencyType", doc=CFN_OPERATIONPREFS,
         api="CloudFormation StackSetOperationPreferences.RegionConcurrencyType",
         error=model_error("ValidationError", "regionConcurrencyType", source="documented"), enum=["SEQUENTIAL", "PARALLEL"]),
    rule("AWS::CloudFormation::StackSet", "StackInstancesGroup[].DeploymentTargets.OrganizationalUnitIds[]",
         doc=CFN_DEPLOYMENTTARGETS, api="CloudFormation DeploymentTargets.OrganizationalUnitIds (an OU or the root)",
         error=model_error("ValidationError", "organizationalUnitIds", source="documented"), max=68,
         pattern=r"(ou-[a-z0-9]{4,32}-[a-z0-9]{8,32}|r-[a-z0-9]{4,32})",
         aws_pattern=r"^(ou-[a-z0-9]{4,32}-[a-z0-9]{8,32}|r-[a-z0-9]{4,32})$"),
    none("AWS::CloudFormation::StackSet", "StackInstancesGroup[].Regions[]", why="a Region code (the stack's, or "
         "those given, checked by the construct)", kind="identifier", doc=CFN_CREATESTACKSET),
    none("AWS::CloudFormation::StackSet", "Parameters[].ParameterKey", why="a parameter the TemplateBody declares "
         "(ServiceName, ServicePort, VpcId, SubnetIds, VpcCidr, ZoneName)", kind="identifier", doc=CFN_CREATESTACKSET),
    none("AWS::CloudFormation::StackSet", "Parameters[].ParameterValue", why="the service's name (Fn::GetStackOutput), "
         "its port, SSM parameter names and the zone's name, each checked by consumer.EndpointStackSet; Parameter "
         "documents no rule of its own", kind="no-documented-rule", doc=CFN_CREATESTACKSET),
    rule("AWS::CloudFormation::StackSet", "TemplateBody", doc=CFN_CREATESTACKSET, api="CloudFormation CreateStackSet."
         "TemplateBody (1 to 51,200 bytes)", error=model_error("ValidationError", "templateBody", source="documented"),
         min=1, max=51200, unit="bytes", note="a JSON template; its own strings are checked as a template by "
                                               "consumer.EndpointStackSet's tests"),

    # ------------------------------------------------------------------ connection notifications (issue 22)
    rule("AWS::EC2::VPCEndpointConnectionNotification", "ConnectionEvents[]", doc=EC2_CONNECTION_NOTIFICATION,
         api="EC2 CreateVpcEndpointConnectionNotification.ConnectionEvents (Accept, Connect, Delete, Reject)",
         error=model_error("InvalidParameter", "connectionEvents", source="documented"),
         enum=["Accept", "Connect", "Delete", "Reject"]),
    ref("AWS::EC2::VPCEndpointConnectionNotification", "ConnectionNotificationArn", "the connection or alarm topic's ARN",
        EC2_CONNECTION_NOTIFICATION),
    ref("AWS::EC2::VPCEndpointConnectionNotification", "ServiceId", "the endpoint service's ID", EC2_CONNECTION_NOTIFICATION),

    # ------------------------------------------------------------------ the gateway's Synthetics canary (issue 22)
    rule("AWS::Synthetics::Canary", "Name", doc=SYN_CREATECANARY, api="Synthetics CreateCanary.Name (1 to 255, "
         "^[0-9a-z_\\-]+$)", error=model_error("ValidationException", "name", source="documented"), min=1, max=255,
         pattern=r"[0-9a-z_\-]+", aws_pattern=r"^[0-9a-z_\-]+$",
         note="aws-cdk-lib makes it from the construct path, lower case, at most 21 characters"),
    rule("AWS::Synthetics::Canary", "Code.Handler", doc=SYN_CODE, api="Synthetics CanaryCodeInput.Handler (0 to 128)",
         error=model_error("ValidationException", "code.handler", source="documented"), max=128,
         pattern=r"(([0-9a-zA-Z_-]+(/|\.))*[0-9A-Za-z_\\-]+(\.|::)[A-Za-z_][A-Za-z0-9_]*)?",
         aws_pattern=r"^(([0-9a-zA-Z_-]+(\/|\.))*[0-9A-Za-z_\\-]+(\.|::)[A-Za-z_][A-Za-z0-9_]*)?$"),
    rule("AWS::Synthetics::Canary", "Code.Script", doc=CFN_CANARY_CODE, api="CloudFormation AWS::Synthetics::Canary "
         "Code.Script (the script in plain text, up to 5 MB)", error=err("ValidationException", source="assumed",
                                                                          messages={"*": "{rule}"}),
         min=1, max=5 * 1024 * 1024, unit="bytes", derived="the minimum: an empty script is no canary"),
    rule("AWS::Synthetics::Canary", "ArtifactS3Location", doc=SYN_CREATECANARY, api="Synthetics CreateCanary."
         "ArtifactS3Location (1 to 1024; the bucket's name can't include a period)",
         error=model_error("ValidationException", "artifactS3Location", source="documented"), min=1, max=1024,
         pattern=r"s3://[^.]+", derived="the pattern: s3:// and a bucket name without a period, as the API says",
         note="written as s3:// and the artifacts bucket's Ref; CloudFormation names buckets in lower case, "
              "digits and hyphens"),
    ref("AWS::Synthetics::Canary", "ExecutionRoleArn", "the canary role's ARN", SYN_CREATECANARY),
    rule("AWS::Synthetics::Canary", "RuntimeVersion", doc=SYN_CREATECANARY, api="Synthetics CreateCanary."
         "RuntimeVersion (1 to 1024; a runtime DescribeRuntimeVersions lists, not deprecated)",
         error=model_error("ValidationException", "runtimeVersion", source="documented"), min=1, max=1024,
         pattern=r"syn-[a-z0-9.-]+", derived="the pattern: the names DescribeRuntimeVersions lists "
                                              "(syn-nodejs-puppeteer-13.0, syn-python-selenium-7.0)"),
    rule("AWS::Synthetics::Canary", "Schedule.Expression", doc=SYN_SCHEDULE, api="Synthetics CanaryScheduleInput."
         "Expression (1 to 1024; rate(number unit), unit minute, minutes or hour, from 1 minute to 1 hour, or "
         "rate(0 minute) to run once; or cron(...))", error=model_error("ValidationException", "schedule.expression",
                                                                        source="documented"), min=1, max=1024,
         pattern=r"rate\((0 minute|1 minute|([2-9]|[1-5][0-9]|60) minutes|1 hour)\)|cron\(.+\)",
         derived="the pattern: the API reference's rate values, as words"),
    none("AWS::Synthetics::Canary", "Schedule.DurationInSeconds", why="a number CloudFormation takes as a string "
         "(0: run until stopped); CanaryScheduleInput.DurationInSeconds 0 to 31622400", kind="number", doc=SYN_SCHEDULE),
    rule("AWS::Synthetics::Canary", "ProvisionedResourceCleanup", doc=SYN_CREATECANARY, api="Synthetics CreateCanary."
         "ProvisionedResourceCleanup", error=model_error("ValidationException", "provisionedResourceCleanup",
                                                         source="documented"), enum=["AUTOMATIC", "OFF"]),
    none("AWS::Synthetics::Canary", "RunConfig.EnvironmentVariables.*", why="the API's URL (Fn::Join); "
         "CanaryRunConfigInput documents keys (Lambda's: a letter, then letters, digits and _; not AWS_-reserved) "
         "and 4 KB in all, no rule on a value", kind="no-documented-rule", doc=SYN_RUNCONFIG,
         note="the one key, API_URL, is a literal of the library"),
    rule("AWS::Synthetics::Canary", "ArtifactConfig.S3Encryption.EncryptionMode", doc=SYN_ENCRYPTION,
         api="Synthetics S3EncryptionConfig.EncryptionMode", error=model_error("ValidationException",
                                                                               "encryptionMode", source="documented"),
         enum=["SSE_S3", "SSE_KMS"]),
    ref("AWS::Synthetics::Canary", "ArtifactConfig.S3Encryption.KmsKeyArn", "the stack's log key's ARN (hardening)",
        SYN_ENCRYPTION),

    # ------------------------------------------------------------------ CloudWatch alarms, metric filters, SNS (issue 22)
    rule("AWS::CloudWatch::Alarm", "AlarmDescription", doc=CW_PUTALARM, api="CloudWatch PutMetricAlarm.AlarmDescription "
         "(0 to 1024)", error=model_error("ValidationError", "alarmDescription", source="documented"), max=1024),
    rule("AWS::CloudWatch::Alarm", "Namespace", doc=CW_PUTALARM, api="CloudWatch PutMetricAlarm.Namespace (1 to 255, "
         "[^:].*)", error=model_error("ValidationError", "namespace", source="documented"), min=1, max=255,
         pattern=r"[^:].*", aws_pattern=r"[^:].*"),
    rule("AWS::CloudWatch::Alarm", "MetricName", doc=CW_PUTALARM, api="CloudWatch PutMetricAlarm.MetricName (1 to 255)",
         error=model_error("ValidationError", "metricName", source="documented"), min=1, max=255),
    rule("AWS::CloudWatch::Alarm", "Statistic", doc=CW_PUTALARM, api="CloudWatch PutMetricAlarm.Statistic",
         error=model_error("ValidationError", "statistic", source="documented"),
         enum=["SampleCount", "Average", "Sum", "Minimum", "Maximum"]),
    rule("AWS::CloudWatch::Alarm", "ExtendedStatistic", doc=CW_PUTALARM, api="CloudWatch PutMetricAlarm."
         "ExtendedStatistic (a percentile, p0.0 to p100)", error=model_error("ValidationError", "extendedStatistic",
                                                                             source="documented"),
         pattern=r"p(\d{1,2}(\.\d{0,2})?|100)", derived="the pattern: the API says 'a percentile between p0.0 and "
                                                         "p100'; the library writes p99"),
    rule("AWS::CloudWatch::Alarm", "Dimensions[].Name", doc=CW_DIMENSION, api="CloudWatch Dimension.Name (1 to 255)",
         error=model_error("ValidationError", "dimensions.member.N.name", source="documented"), min=1, max=255,
         note="which names a metric has is internal/metrics' table, checked by metrics.CheckTemplate"),
    rule("AWS::CloudWatch::Alarm", "Dimensions[].Value", doc=CW_DIMENSION, api="CloudWatch Dimension.Value (1 to 1024)",
         error=model_error("ValidationError", "dimensions.member.N.value", source="documented"), min=1, max=1024),
    rule("AWS::CloudWatch::Alarm", "ComparisonOperator", doc=CW_PUTALARM, api="CloudWatch PutMetricAlarm."
         "ComparisonOperator", error=model_error("ValidationError", "comparisonOperator", source="documented"),
         enum=["GreaterThanOrEqualToThreshold", "GreaterThanThreshold", "LessThanThreshold",
               "LessThanOrEqualToThreshold", "LessThanLowerOrGreaterThanUpperThreshold",
               "LessThanLowerThreshold", "GreaterThanUpperThreshold"]),
    rule("AWS::CloudWatch::Alarm", "TreatMissingData", doc=CW_PUTALARM, api="CloudWatch PutMetricAlarm."
         "TreatMissingData (breaching, notBreaching, ignore, missing)", error=model_error("ValidationError",
                                                                                         "treatMissingData",
                                                                                         source="documented"),
         enum=["breaching", "notBreaching", "ignore", "missing"]),
    none("AWS::CloudWatch::Alarm", "AlarmActions[]", why="the alarm topic's ARN (Ref); at most 5 actions, one here",
         kind="reference", doc=CW_PUTALARM),
    none("AWS::CloudWatch::Alarm", "OKActions[]", why="the alarm topic's ARN (Ref); at most 5 actions, one here",
         kind="reference", doc=CW_PUTALARM),
    rule("AWS::CloudWatch::Alarm", "Metrics[].Id", doc=CW_QUERY, api="CloudWatch MetricDataQuery.Id (1 to 255, "
         "starting with a lower-case letter)", error=model_error("ValidationError", "metrics.member.N.id",
                                                                source="documented"), min=1, max=255,
         pattern=r"[a-z][a-zA-Z0-9_]*", aws_pattern=r"^[a-z][a-zA-Z0-9_]*$"),
    rule("AWS::CloudWatch::Alarm", "Metrics[].Expression", doc=CW_QUERY, api="CloudWatch MetricDataQuery.Expression "
         "(1 to 2048)", error=model_error("ValidationError", "metrics.member.N.expression", source="documented"),
         min=1, max=2048),
    none("AWS::CloudWatch::Alarm", "Metrics[].Label", why="a label shown on graphs; MetricDataQuery.Label documents "
         "no length or character set", kind="no-documented-rule", doc=CW_QUERY),
    rule("AWS::CloudWatch::Alarm", "Metrics[].MetricStat.Metric.Namespace", doc=CW_METRIC, api="CloudWatch "
         "Metric.Namespace (1 to 255, [^:].*)", error=model_error("ValidationError", "namespace", source="documented"),
         min=1, max=255, pattern=r"[^:].*", aws_pattern=r"[^:].*"),
    rule("AWS::CloudWatch::Alarm", "Metrics[].MetricStat.Metric.MetricName", doc=CW_METRIC, api="CloudWatch "
         "Metric.MetricName (1 to 255)", error=model_error("ValidationError", "metricName", source="documented"),
         min=1, max=255),
    rule("AWS::CloudWatch::Alarm", "Metrics[].MetricStat.Metric.Dimensions[].Name", doc=CW_DIMENSION,
         api="CloudWatch Dimension.Name (1 to 255)", error=model_error("ValidationError", "name", source="documented"),
         min=1, max=255),
    rule("AWS::CloudWatch::Alarm", "Metrics[].MetricStat.Metric.Dimensions[].Value", doc=CW_DIMENSION,
         api="CloudWatch Dimension.Value (1 to 1024)", error=model_error("ValidationError", "value",
                                                                         source="documented"), min=1, max=1024),
    none("AWS::CloudWatch::Alarm", "Metrics[].MetricStat.Stat", why="a statistic (Sum, Average, p99); "
         "MetricStat.Stat documents no pattern beyond CloudWatch's statistics", kind="no-documented-rule",
         doc=CW_QUERY),
    none("AWS::CloudWatch::Dashboard", "DashboardBody", why="a JSON document CDK writes from the widgets "
         "(aws-cdk-lib's Dashboard); PutDashboard.DashboardBody documents no length, the body structure 0 to 500 "
         "widgets (the library's dashboards add at most 10 per provider, gateway or front door shown)", kind="json-document",
         doc=CW_PUTDASHBOARD, note="structure: " + CW_DASHBOARD_BODY + "; DashboardName is not set by the library "
         "(CloudFormation makes one)"),
    rule("AWS::Logs::MetricFilter", "FilterPattern", doc=LOGS_PUTFILTER, api="CloudWatch Logs PutMetricFilter."
         "filterPattern (0 to 1024)", error=model_error("InvalidParameterException", "filterPattern",
                                                         source="documented"), max=1024),
    ref("AWS::Logs::MetricFilter", "LogGroupName", "the access log group's name", LOGS_PUTFILTER),
    rule("AWS::Logs::MetricFilter", "MetricTransformations[].MetricName", doc=LOGS_TRANSFORMATION,
         api="CloudWatch Logs MetricTransformation.metricName (0 to 255, no : * $)",
         error=model_error("InvalidParameterException", "metricName", source="documented"), max=255,
         pattern=r"[^:*$]*", aws_pattern=r"[^:*$]*"),
    rule("AWS::Logs::MetricFilter", "MetricTransformations[].MetricNamespace", doc=LOGS_TRANSFORMATION,
         api="CloudWatch Logs MetricTransformation.metricNamespace (0 to 255, no : * $)",
         error=model_error("InvalidParameterException", "metricNamespace", source="documented"), max=255,
         pattern=r"[^:*$]*", aws_pattern=r"[^:*$]*"),
    rule("AWS::Logs::MetricFilter", "MetricTransformations[].MetricValue", doc=LOGS_TRANSFORMATION,
         api="CloudWatch Logs MetricTransformation.metricValue (0 to 100)",
         error=model_error("InvalidParameterException", "metricValue", source="documented"), max=100),
    none("AWS::Logs::MetricFilter", "MetricTransformations[].Dimensions[].Key", why="a field of the JSON log "
         "event; at most 3 dimensions, named from the log's fields", kind="no-documented-rule", doc=LOGS_TRANSFORMATION),
    none("AWS::Logs::MetricFilter", "MetricTransformations[].Dimensions[].Value", why="a selector of the JSON log "
         "event ($.routeKey)", kind="no-documented-rule", doc=LOGS_TRANSFORMATION),
    rule("AWS::Logs::MetricFilter", "MetricTransformations[].Unit", doc=LOGS_TRANSFORMATION, api="CloudWatch Logs "
         "MetricTransformation.unit", error=model_error("InvalidParameterException", "unit", source="documented"),
         enum=["Seconds", "Microseconds", "Milliseconds", "Bytes", "Kilobytes", "Megabytes", "Gigabytes", "Terabytes",
               "Bits", "Kilobits", "Megabits", "Gigabits", "Terabits", "Percent", "Count", "Bytes/Second",
               "Kilobytes/Second", "Megabytes/Second", "Gigabytes/Second", "Terabytes/Second", "Bits/Second",
               "Kilobits/Second", "Megabits/Second", "Gigabits/Second", "Terabits/Second", "Count/Second", "None"]),
    rule("AWS::AutoScaling::AutoScalingGroup", "MetricsCollection[].Granularity", doc=ASG_METRICS, api="Auto Scaling "
         "EnableMetricsCollection.Granularity (only 1Minute)", error=model_error("ValidationError", "granularity",
                                                                                 source="documented"),
         enum=["1Minute"]),
    rule("AWS::AutoScaling::AutoScalingGroup", "MetricsCollection[].Metrics[]", doc=ASG_METRICS, api="Auto Scaling "
         "EnableMetricsCollection.Metrics", error=model_error("ValidationError", "metrics", source="documented"),
         enum=["GroupMinSize", "GroupMaxSize", "GroupDesiredCapacity", "GroupInServiceInstances",
               "GroupPendingInstances", "GroupStandbyInstances", "GroupTerminatingInstances", "GroupTotalInstances",
               "GroupInServiceCapacity", "GroupPendingCapacity", "GroupStandbyCapacity", "GroupTerminatingCapacity",
               "GroupTotalCapacity", "WarmPoolDesiredCapacity", "WarmPoolWarmedCapacity", "WarmPoolPendingCapacity",
               "WarmPoolTerminatingCapacity", "WarmPoolTotalCapacity", "GroupAndWarmPoolDesiredCapacity",
               "GroupAndWarmPoolTotalCapacity"]),
    none("AWS::SNS::Topic", "KmsMasterKeyId", why="the topic's customer managed key (Ref/GetAtt)", kind="reference",
         doc=CFN("aws-resource-sns-topic", "cfn-sns-topic-kmsmasterkeyid")),
    none("AWS::SNS::TopicPolicy", "PolicyDocument", why="a JSON policy document (IAM policy grammar)",
         kind="json-document", subtree=True, doc=IAM_GRAMMAR),
    ref("AWS::SNS::TopicPolicy", "Topics[]", "the topic's ARN", CFN("aws-resource-sns-topicpolicy", "cfn-sns-topicpolicy-topics")),
    rule("AWS::SNS::Subscription", "Protocol", doc=SNS_SUBSCRIBE, api="SNS Subscribe.Protocol",
         error=model_error("InvalidParameter", "protocol", source="documented"),
         enum=["http", "https", "email", "email-json", "sms", "sqs", "application", "lambda", "firehose"],
         note="the library writes email (ConnectionNotificationEmail)"),
    rule("AWS::SNS::Subscription", "Endpoint", doc=SNS_SUBSCRIBE, api="SNS Subscribe.Endpoint (for email, an email "
         "address; for lambda, the function's ARN)", error=model_error("InvalidParameter", "endpoint", source="documented"), min=3,
         pattern=r"[^@\s]+@[^@\s]+\.[^@\s]+|arn:aws[a-z-]*:lambda:[a-z0-9-]+:\d{12}:function:[\w-]+",
         derived="the pattern: 'For the email protocol, use an email address', 'For the lambda protocol, the ARN of "
                 "a Lambda function'; the library refuses other addresses at synth (emailRe)"),
    ref("AWS::SNS::Subscription", "TopicArn", "the topic's ARN", SNS_SUBSCRIBE),

    # ------------------------------------------------------------------ the template's own fields
    rule("Template", "Description", doc=CFN_TEMPLATE_DESCRIPTION, api="CloudFormation template Description",
         error=E_CFN_DESCRIPTION, max=1024, unit="bytes", literal_only=True,
         note="'a literal string that is between 0 and 1024 bytes in length. You cannot use a parameter or "
              "function to specify the description.'"),
    rule("Output", "Description", doc=CFN_OUTPUT_API, api="CloudFormation Output.Description (DescribeStacks "
         "returns it; the template's Outputs section: " + CFN_OUTPUTS + ")", error=E_CFN_TEMPLATE, min=1, max=1024,
         literal_only=True, note="1 to 1024 is the API's Output shape; that an output's Description is a literal "
                                 "string (no intrinsic function) is cfn-lint's E6005 as well"),
    none("Output", "Value", why="an output value (Ref/GetAtt/Join or a literal list of AZ IDs); CloudFormation "
         "documents no length or character rule for output values", kind="no-documented-rule", doc=CFN_OUTPUTS),
    none("Parameter", "Type", why="a CloudFormation parameter type (String, AWS::SSM::Parameter::Value<...>); "
         "cfn-lint validates parameter types", kind="cfn-lint", doc=CFN_QUOTAS),
    rule("Parameter", "Default", doc=CFN_QUOTAS, api="CloudFormation quota: parameter value",
         error=err("ValidationError", source="assumed", messages={"*": "{rule}"}), max=4096, unit="bytes"),
    rule("Parameter", "Description", doc=CFN_PARAMETER_DESCRIPTION, api="CloudFormation parameter Description",
         error=err("ValidationError", source="assumed", messages={"*": "{rule}"}), max=4000,
         note="'A string of up to 4000 characters that describes the parameter.'"),
    none("Parameter", "AllowedPattern", why="a regular expression CloudFormation applies to the parameter's value; "
         "CloudFormation documents no length or character rule for it", kind="no-documented-rule",
         doc=CFN_PARAMETER_DESCRIPTION),
    none("Parameter", "ConstraintDescription", why="the text CloudFormation shows when a value breaks the "
         "parameter's constraints; CloudFormation documents no length or character rule for it",
         kind="no-documented-rule", doc=CFN_PARAMETER_DESCRIPTION),
]
