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
