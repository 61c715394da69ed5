// Package nag records cdk-nag suppressions on the constructs' own resources,
// in the metadata format cdk-nag reads (cdk_nag.rules_to_suppress), so the
// library carries the reason for each design decision without making its
// users depend on cdk-nag. Every suppression sits on one exact resource.
package nag

import (
	"github.com/aws/aws-cdk-go/awscdk/v2"
	"github.com/aws/constructs-go/constructs/v10"
	"github.com/aws/jsii-runtime-go"
)

// Rule is one suppression: the rule id, the reason a security reviewer
// reads, and for granular rules (IAM4, IAM5) the findings it covers, such as
// "Resource::*".
type Rule struct {
	ID        string
	Reason    string
	AppliesTo []string
}

// Suppress adds rules to c, a CloudFormation resource or a construct whose
// default child is one, keeping suppressions already there.
func Suppress(c constructs.IConstruct, rules ...Rule) {
	target := c
	if !*awscdk.CfnResource_IsCfnResource(c) {
		target = c.Node().DefaultChild()
	}
	var cfn awscdk.CfnResource
	jsii.UnsafeCast(target, &cfn)

	var list []any
	if existing, ok := cfn.GetMetadata(jsii.String("cdk_nag")).(map[string]any); ok {
		list, _ = existing["rules_to_suppress"].([]any)
	}
	for _, r := range rules {
		entry := map[string]any{"id": r.ID, "reason": r.Reason}
		if len(r.AppliesTo) > 0 {
			entry["applies_to"] = r.AppliesTo
		}
		list = append(list, entry)
	}
	cfn.AddMetadata(jsii.String("cdk_nag"), map[string]any{"rules_to_suppress": list})
}

// Reasons shared by several constructs.
const (
	// ReasonNlbAccessLogs: ELB2 asks for access logs, which a network load
	// balancer writes only for TLS listeners.
	ReasonNlbAccessLogs = "Network Load Balancer access logs cover TLS listeners only; this load balancer has a TCP listener, so none would be written. The VPC's flow logs record its connections."
	// ReasonVpcCidrPeer: EC23 cannot evaluate an ingress rule whose source
	// is the VPC's own CIDR read with Fn::GetAtt.
	// ReasonLogBucket: S1 asks a bucket for server access logs; this bucket
	// holds access logs itself.
	ReasonLogBucket = "This bucket receives access logs; logging its own access would need another bucket, which would ask the same. Objects are written by the log delivery service only (bucket policy) and expire."
	// ReasonDescribeStar: IAM5 on a Describe call, which IAM cannot narrow.
	ReasonDescribeStar = "EC2 Describe actions support no resource-level permissions (Service Authorization Reference), so Resource must be *; the action is read-only."
	ReasonVpcCidrPeer  = "The ingress source is the VPC's own CIDR block (Fn::GetAtt VPC.CidrBlock), never 0.0.0.0/0 or ::/0; cdk-nag cannot resolve the intrinsic. The project's tests check every rule for open sources."
)

// VpcCidrPeer suppresses the EC23 validation failure on a security group
// whose ingress source is the VPC's CIDR block.
func VpcCidrPeer(sg constructs.IConstruct) {
	Suppress(sg, Rule{ID: "CdkNagValidationFailure", Reason: ReasonVpcCidrPeer, AppliesTo: []string{"AwsSolutions-EC23"}})
}

// packs are the rule-id prefixes of cdk-nag's compliance packs, by rule:
// each pack that has the rule (cdk-nag 2.38).
var packs = map[string][]string{
	"CloudWatchLogGroupEncrypted":   {"NIST.800.53.R5", "HIPAA.Security", "PCI.DSS.321"},
	"IAMNoInlinePolicy":             {"NIST.800.53.R5", "HIPAA.Security", "PCI.DSS.321"},
	"LambdaInsideVPC":               {"NIST.800.53.R5", "HIPAA.Security", "PCI.DSS.321"},
	"LambdaDLQ":                     {"NIST.800.53.R5", "HIPAA.Security", "Serverless"},
	"LambdaConcurrency":             {"NIST.800.53.R5", "HIPAA.Security"},
	"LambdaTracing":                 {"Serverless"},
	"ELBv2ACMCertificateRequired":   {"NIST.800.53.R5", "HIPAA.Security", "PCI.DSS.321"},
	"ELBLoggingEnabled":             {"NIST.800.53.R5", "HIPAA.Security", "PCI.DSS.321"},
	"ELBDeletionProtectionEnabled":  {"NIST.800.53.R5", "HIPAA.Security"},
	"ALBWAFEnabled":                 {"NIST.800.53.R5", "PCI.DSS.321"},
	"ALBHttpToHttpsRedirection":     {"NIST.800.53.R5", "HIPAA.Security", "PCI.DSS.321"},
	"VPCDefaultSecurityGroupClosed": {"NIST.800.53.R5", "HIPAA.Security", "PCI.DSS.321"},
	"VPCNoUnrestrictedRouteToIGW":   {"NIST.800.53.R5", "HIPAA.Security", "PCI.DSS.321"},
	"DynamoDBInBackupPlan":          {"NIST.800.53.R5", "HIPAA.Security"},
	"S3BucketLoggingEnabled":        {"NIST.800.53.R5", "HIPAA.Security", "PCI.DSS.321"},
	"S3BucketReplicationEnabled":    {"NIST.800.53.R5", "HIPAA.Security", "PCI.DSS.321"},
	"S3DefaultEncryptionKMS":        {"NIST.800.53.R5", "HIPAA.Security", "PCI.DSS.321"},
}

// Compliance suppresses rule (a name such as "IAMNoInlinePolicy") in every
// compliance pack that has it, on c, with reason.
func Compliance(c constructs.IConstruct, rule, reason string) {
	prefixes, ok := packs[rule]
	if !ok {
		panic("nag.Compliance: unknown rule " + rule + "; add it to packs")
	}
	var rules []Rule
	for _, p := range prefixes {
		rules = append(rules, Rule{ID: p + "-" + rule, Reason: reason})
	}
	Suppress(c, rules...)
}

// Reasons of compliance suppressions. Those that hardening turns into
// fixes say so (SwitchHint); the others cannot apply.
const (
	// SwitchHint ends the reason of every suppression the switch removes.
	SwitchHint               = "Turn on hardening.Enable for it."
	ReasonLogKey             = "Encrypted by CloudWatch Logs with its own keys; a customer managed key costs $1 a month per stack. " + SwitchHint
	ReasonDeletionProtection = "The load balancer holds no data, and CloudFormation re-creates it; deletion protection guards it against deletion outside CloudFormation. " + SwitchHint
	// ReasonDeletionProtectionAfterCreate takes the path of the custom
	// resource that turns the protection on.
	ReasonDeletionProtectionAfterCreate = "Deletion protection is on, turned on after creation by %s; in the template it would make a failed first deploy unable to roll back and a replacement unable to complete (the load balancer could not be deleted), so the rule, which reads the template, cannot see it."
	ReasonTracing                       = "The function runs only while CloudFormation deploys; its API calls are recorded by CloudTrail. " + SwitchHint
	ReasonCdkInlinePolicy               = "aws-cdk-lib writes this policy inline (AwsCustomResource's call policy, the grants of an ECS task's execution role, or an Auto Scaling group's permission to signal its stack) and offers no option to attach it as a managed policy; it is scoped to the one construct's resources."
	ReasonDeployFunctionDLQ             = "AwsCustomResource's function is invoked by CloudFormation, which reports a failed call as a failed deploy; the construct offers no dead-letter queue, and nothing would read one."
	ReasonDeployFunctionConcurrency     = "AwsCustomResource's function runs a few times per deploy; reserved concurrency would take from the account's unreserved pool, which new accounts keep at its minimum of 10, and fail the deploy there."
	ReasonDeployFunctionVpc             = "AwsCustomResource's function calls only AWS APIs (EC2) while CloudFormation deploys, and touches no data in a VPC; in these VPCs, which have no internet path, it would need an EC2 interface endpoint."
	ReasonTcpNoCertificate              = "A TCP listener passes TLS through; the certificate is on the provider's TLS listener (ProviderOptions.Tls), where TLS ends. With Tls on, the provider's listener passes this rule."
	ReasonTcpNoAccessLogs               = "Network Load Balancer access logs cover TLS listeners only, and this load balancer's are TCP; the VPC's flow logs record its connections. With ProviderOptions.Tls the provider's load balancer writes access logs."
	ReasonBucketKey                     = "Encrypted with S3-managed keys; a customer managed key, which Network Load Balancer log delivery can use, costs $1 a month. " + SwitchHint
	ReasonLogReplication                = "Access logs are kept 90 days in the load balancer's region; replicating them needs a bucket in another region, which this construct does not own: add a replication rule of your own where a control requires a second copy."
	ReasonAlbAccessLogs                 = "The ALB is reached from its network load balancer only, over PrivateLink; its access logs need an S3 bucket and cost per GB, which the owning team decides: turn them on with AlbProvider.ApplicationLoadBalancer.LogAccessLogs(bucket). The VPC's flow logs record its connections meanwhile."
	ReasonAlbWaf                        = "The ALB is internal and reached from its network load balancer alone, through PrivateLink by allow-listed principals whose connections are accepted; a web ACL costs $5 a month plus rules and requests: associate one (wafv2.CfnWebACLAssociation) where a control requires it."
	ReasonAlbHttp                       = "HTTP inside the VPC from the provider's own network load balancer, reached over PrivateLink (encrypted by AWS between VPCs); for TLS to the ALB give AlbProviderProps.ApplicationLoadBalancer an HTTPS listener with its certificate."
	ReasonPublicRoute                   = "This is a public subnet's route to the internet gateway, which an internet-facing load balancer (or a NAT gateway) needs and is the only thing placed in it; the subnets of endpoints and services have no route to the internet gateway."
	ReasonDefaultSGClosed               = "The default security group is closed by two AwsCustomResource calls (revoke all ingress and egress), which the deploy rehearsal runs against moto; the rule recognises only aws-cdk-lib's ec2.Vpc mechanism, and this VPC is built from AWS::EC2 resources to place subnets by AZ ID."
)
