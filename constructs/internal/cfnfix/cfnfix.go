// Package cfnfix works around template details of aws-cdk-lib that linters
// flag, in one small, documented place, so the constructs' templates pass
// cfn-lint with no warnings and nothing is silenced globally.
package cfnfix

import (
	"strings"

	"github.com/aws/aws-cdk-go/awscdk/v2"
	"github.com/aws/constructs-go/constructs/v10"
	"github.com/aws/jsii-runtime-go"
)

// redundantDependsOnHandlers are the Lambda functions of aws-cdk-lib 2.270's
// stack-level singletons that carry a DependsOn on their own role while
// already reading it with Fn::GetAtt, which orders the two: cfn-lint warns
// W3005. Each suffix is the construct path below the stack.
var redundantDependsOnHandlers = []string{
	// Added for the feature flag @aws-cdk/aws-ec2:restrictDefaultSecurityGroup.
	"/Custom::VpcRestrictDefaultSGCustomResourceProvider/Handler",
	// The singleton function behind customresources.AwsCustomResource.
	"/AWS679f53fac002430cb0da5b7982bd2287/Resource",
}

const markerId = "CfnFixRedundantDependsOn"

// RedundantDependsOn makes the stack that holds scope drop the redundant
// DependsOn of those handlers when it synthesizes. Call it from any construct
// that may add one of them; it registers once per stack.
func RedundantDependsOn(scope constructs.Construct) {
	stack := awscdk.Stack_Of(scope)
	if stack.Node().TryFindChild(jsii.String(markerId)) != nil {
		return
	}
	constructs.NewConstruct(stack, jsii.String(markerId))
	awscdk.Aspects_Of(stack).Add(&dropDependsOn{}, nil)
}

type dropDependsOn struct{}

// Visit removes DependsOn from the listed handlers. The handler's role
// (and, for AwsCustomResource, its policy through the custom resource's own
// dependency) is still created first.
func (*dropDependsOn) Visit(node constructs.IConstruct) {
	path := *node.Node().Path()
	for _, suffix := range redundantDependsOnHandlers {
		if strings.HasSuffix(path, suffix) {
			var cfn awscdk.CfnResource
			jsii.UnsafeCast(node, &cfn)
			cfn.AddDeletionOverride(jsii.String("DependsOn"))
		}
	}
}
