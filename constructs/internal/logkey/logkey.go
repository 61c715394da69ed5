// Package logkey encrypts the library's log groups with a customer managed
// KMS key when hardening is on: one key per stack (nested stacks use their
// parent's), rotated yearly, whose
// policy lets CloudWatch Logs use it for log groups of that account and
// region only.
package logkey

import (
	"github.com/aws/aws-cdk-go/awscdk/v2"
	iam "github.com/aws/aws-cdk-go/awscdk/v2/awsiam"
	kms "github.com/aws/aws-cdk-go/awscdk/v2/awskms"
	logs "github.com/aws/aws-cdk-go/awscdk/v2/awslogs"
	"github.com/aws/constructs-go/constructs/v10"
	"github.com/aws/jsii-runtime-go"

	"github.com/cdk-privatelink/cdk-privatelink/constructs/hardening"
	"github.com/cdk-privatelink/cdk-privatelink/constructs/internal/defaults"
	"github.com/cdk-privatelink/cdk-privatelink/constructs/internal/nag"
)

// id of the key in its stack.
const id = "LogsKey"

// For is the key for a log group in scope's stack, created on first use, or
// nil when hardening is off (the log group then uses CloudWatch Logs' own
// encryption).
func For(scope constructs.Construct) kms.IKey {
	if !hardening.Enabled(scope) {
		return nil
	}
	// One key for a stack and its nested stacks: each key outlives its
	// stack with the logs it encrypts, at $1 a month.
	stack := awscdk.Stack_Of(scope)
	for stack.NestedStackParent() != nil {
		stack = stack.NestedStackParent()
	}
	if existing := stack.Node().TryFindChild(jsii.String(id)); existing != nil {
		var key kms.Key
		jsii.UnsafeCast(existing, &key)
		return key
	}
	key := kms.NewKey(stack, jsii.String(id), &kms.KeyProps{
		Description:       jsii.String("Encrypts the log groups of " + *stack.StackName()),
		EnableKeyRotation: jsii.Bool(true),
		// Kept with the logs it encrypts (flow logs are kept on delete).
		RemovalPolicy: defaults.Kept(),
	})
	logsArn := awscdk.Arn_Format(&awscdk.ArnComponents{
		Service: jsii.String("logs"), Resource: jsii.String("log-group"), ResourceName: jsii.String("*"),
		ArnFormat: awscdk.ArnFormat_COLON_RESOURCE_NAME,
	}, stack)
	key.AddToResourcePolicy(iam.NewPolicyStatement(&iam.PolicyStatementProps{
		Sid:        jsii.String("CloudWatchLogsOfThisAccountAndRegion"),
		Principals: &[]iam.IPrincipal{iam.NewServicePrincipal(jsii.String("logs."+*stack.Region()+".amazonaws.com"), nil)},
		Actions:    jsii.Strings("kms:Encrypt*", "kms:Decrypt*", "kms:ReEncrypt*", "kms:GenerateDataKey*", "kms:Describe*"),
		Resources:  jsii.Strings("*"), // in a key policy, "*" is this key
		Conditions: &map[string]any{"ArnLike": map[string]any{"kms:EncryptionContext:aws:logs:arn": logsArn}},
	}), nil)
	return key
}

// NewLogGroup is logs.NewLogGroup with the stack's key when hardening is on;
// off, the log group uses CloudWatch Logs' own encryption, and the
// compliance packs' finding is suppressed with that reason.
func NewLogGroup(scope constructs.Construct, id string, props *logs.LogGroupProps) logs.LogGroup {
	p := *props
	p.EncryptionKey = For(scope)
	if p.RemovalPolicy == "" {
		p.RemovalPolicy = defaults.Kept()
	}
	lg := logs.NewLogGroup(scope, jsii.String(id), &p)
	if p.EncryptionKey == nil {
		nag.Compliance(lg, "CloudWatchLogGroupEncrypted", nag.ReasonLogKey)
	}
	return lg
}
