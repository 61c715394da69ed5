// Package cfnfix works around template details of aws-cdk-lib that linters
// flag, each in one small, documented function, so the constructs' templates
// pass cfn-lint with no warnings and nothing is silenced globally.
package cfnfix

import (
	"github.com/aws/aws-cdk-go/awscdk/v2"
	"github.com/aws/constructs-go/constructs/v10"
	"github.com/aws/jsii-runtime-go"
)

// restrictDefaultSGProvider is the id of the stack-level custom resource
// provider that aws-cdk-lib adds for the feature flag
// @aws-cdk/aws-ec2:restrictDefaultSecurityGroup (every VPC's default security
// group loses its rules).
const restrictDefaultSGProvider = "Custom::VpcRestrictDefaultSGCustomResourceProvider"

// RedundantProviderDependsOn removes the DependsOn that aws-cdk-lib 2.270
// writes from that provider's Handler function to its Role. The Handler
// already reads the role with Fn::GetAtt, which orders the two, so cfn-lint
// warns W3005. Call it after creating a VPC; it is idempotent and does nothing
// when the provider is absent.
func RedundantProviderDependsOn(scope constructs.Construct) {
	provider := awscdk.Stack_Of(scope).Node().TryFindChild(jsii.String(restrictDefaultSGProvider))
	if provider == nil {
		return
	}
	handler := provider.Node().TryFindChild(jsii.String("Handler"))
	if handler == nil {
		return
	}
	var cfn awscdk.CfnResource
	jsii.UnsafeCast(handler, &cfn)
	cfn.AddDeletionOverride(jsii.String("DependsOn"))
}
