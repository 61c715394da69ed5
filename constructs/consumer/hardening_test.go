package consumer

import (
	"testing"

	"github.com/aws/aws-cdk-go/awscdk/v2/assertions"
	"github.com/aws/jsii-runtime-go"

	"github.com/cdk-privatelink/cdk-privatelink/internal/cdktest"
)

// TestGatewayHardening: with the switch, the gateway's access logs, flow
// logs and deploy-time function logs use the stack's key, and its load
// balancer is protected from deletion once created; without it
// (TestGatewayDefaults), neither, each recorded for the compliance packs.
func TestGatewayHardening(t *testing.T) {
	stack := cdktest.NewHardenedStack(t)
	gatewayStackIn(t, stack, nil)
	tpl := template(t, stack)
	key := obj{"Fn::GetAtt": []any{assertions.Match_StringLikeRegexp(jsii.String("^LogsKey")), "Arn"}}
	n := len(*tpl.FindResources(jsii.String("AWS::Logs::LogGroup"), nil))
	tpl.ResourcePropertiesCountIs(jsii.String("AWS::Logs::LogGroup"), obj{"KmsKeyId": key}, jsii.Number(float64(n)))
	// The logs key, and the alarm topic's (made with or without the switch).
	tpl.ResourceCountIs(jsii.String("AWS::KMS::Key"), jsii.Number(2))
	cdktest.DeletionProtected(t, tpl)
	cdktest.HasNagSuppression(tpl, "AWS::ElasticLoadBalancingV2::LoadBalancer", "NIST.800.53.R5-ELBDeletionProtectionEnabled", "turned on after creation by Test/Gateway/LB1DeletionProtection")
	cdktest.CfnLint(t, tpl)

	plain, _ := gatewayStack(t, 1, nil)
	plainTpl := template(t, plain)
	// The alarm topic's key only.
	plainTpl.ResourceCountIs(jsii.String("AWS::KMS::Key"), jsii.Number(1))
	plainTpl.HasResourceProperties(jsii.String("AWS::KMS::Key"), obj{"Description": "Encrypts the alarm topic of Test"})
	cdktest.HasNagSuppression(plainTpl, "AWS::Logs::LogGroup", "NIST.800.53.R5-CloudWatchLogGroupEncrypted", "Turn on hardening.Enable")
	cdktest.HasNagSuppression(plainTpl, "AWS::ElasticLoadBalancingV2::LoadBalancer", "NIST.800.53.R5-ELBDeletionProtectionEnabled", "Turn on hardening.Enable")
	cdktest.HasNagSuppression(plainTpl, "AWS::ElasticLoadBalancingV2::Listener", "PCI.DSS.321-ELBv2ACMCertificateRequired", "passes TLS through")
}
