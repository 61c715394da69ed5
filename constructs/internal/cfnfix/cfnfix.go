// Package cfnfix works around template details of aws-cdk-lib's own
// singletons that linters flag, in one small, documented place, so the
// constructs' templates pass cfn-lint and cdk-nag and nothing is silenced
// globally.
package cfnfix

import (
	"strings"

	"github.com/aws/aws-cdk-go/awscdk/v2"
	"github.com/aws/constructs-go/constructs/v10"
	"github.com/aws/jsii-runtime-go"

	"github.com/cdk-privatelink/cdk-privatelink/constructs/internal/nag"
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

// singletonSuppressions are cdk-nag findings on those singletons that the
// constructs cannot change, by path suffix.
var singletonSuppressions = map[string]nag.Rule{
	"/AWS679f53fac002430cb0da5b7982bd2287/ServiceRole/Resource": {
		ID:        "AwsSolutions-IAM4",
		Reason:    "aws-cdk-lib's AwsCustomResource function role; the AWS managed AWSLambdaBasicExecutionRole only lets it write its own logs.",
		AppliesTo: []string{"Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole"},
	},
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
	// It changes the template, so it runs before read-only aspects such as
	// cdk-nag, whatever order they were added in.
	awscdk.Aspects_Of(stack).Add(&dropDependsOn{}, &awscdk.AspectOptions{Priority: awscdk.AspectPriority_MUTATING()})
}

type dropDependsOn struct{}

// Visit removes DependsOn from the listed handlers (the handler's role, and
// for AwsCustomResource its policy through the custom resource's own
// dependency, is still created first) and records the singletons'
// suppressions.
func (*dropDependsOn) Visit(node constructs.IConstruct) {
	path := *node.Node().Path()
	for suffix, rule := range singletonSuppressions {
		if strings.HasSuffix(path, suffix) {
			nag.Suppress(node, rule)
		}
	}
	for _, suffix := range redundantDependsOnHandlers {
		if strings.HasSuffix(path, suffix) {
			var cfn awscdk.CfnResource
			jsii.UnsafeCast(node, &cfn)
			cfn.AddDeletionOverride(jsii.String("DependsOn"))
		}
	}
}
