// Package alarmtopic is the SNS topic the library's alarms notify when the
// caller gives none: one per stack (nested stacks use their parent's),
// encrypted with a customer managed KMS key of its own, rotated yearly,
// whose policy lets CloudWatch alarms of this account only use it. Both
// sides (provider and consumer) take their topic from here.
//
// Why a customer managed key: an SNS topic encrypted with the AWS managed
// key aws/sns cannot receive CloudWatch alarm notifications (that key's
// policy cannot be changed to admit cloudwatch.amazonaws.com), and an
// unencrypted topic fails the compliance packs. Cost: $1.00 a month for
// the key (us-west-2), plus $0.03 per 10,000 requests; the topic is free
// below a million publishes.
package alarmtopic

import (
	"github.com/aws/aws-cdk-go/awscdk/v2"
	iam "github.com/aws/aws-cdk-go/awscdk/v2/awsiam"
	kms "github.com/aws/aws-cdk-go/awscdk/v2/awskms"
	sns "github.com/aws/aws-cdk-go/awscdk/v2/awssns"
	"github.com/aws/constructs-go/constructs/v10"
	"github.com/aws/jsii-runtime-go"
)

// Ids of the topic and its key in their stack; part of the contract.
const (
	IdTopic = "AlarmTopic"
	IdKey   = "AlarmTopicKey"
)

// For is the alarm topic of scope's stack, created on first use.
func For(scope constructs.IConstruct) sns.ITopic {
	stack := awscdk.Stack_Of(scope)
	for stack.NestedStackParent() != nil {
		stack = stack.NestedStackParent()
	}
	if existing := stack.Node().TryFindChild(jsii.String(IdTopic)); existing != nil {
		var topic sns.Topic
		jsii.UnsafeCast(existing, &topic)
		return topic
	}
	key := kms.NewKey(stack, jsii.String(IdKey), &kms.KeyProps{
		Description:       jsii.String("Encrypts the alarm topic of " + *stack.StackName()),
		EnableKeyRotation: jsii.Bool(true),
		// The key encrypts messages in flight only: nothing is left to
		// decrypt once the stack and its topic are gone.
		RemovalPolicy: awscdk.RemovalPolicy_DESTROY,
		// Seven days, the least KMS allows, before the key is deleted.
		PendingWindow: awscdk.Duration_Days(jsii.Number(7)),
	})
	// CloudWatch alarms of this account, and no other, may encrypt for the
	// topic (Amazon SNS Developer Guide, "Configure AWS KMS permissions for
	// AWS services").
	key.AddToResourcePolicy(iam.NewPolicyStatement(&iam.PolicyStatementProps{
		Sid:        jsii.String("CloudWatchAlarmsOfThisAccount"),
		Principals: &[]iam.IPrincipal{iam.NewServicePrincipal(jsii.String("cloudwatch.amazonaws.com"), nil)},
		Actions:    jsii.Strings("kms:Decrypt", "kms:GenerateDataKey*"),
		Resources:  jsii.Strings("*"), // in a key policy, "*" is this key
		Conditions: &map[string]any{"StringEquals": map[string]any{"aws:SourceAccount": stack.Account()}},
	}), nil)
	// No DisplayName: SNS takes letters, digits, hyphens and underscores
	// only there (CreateTopic), which a stack name with anything else
	// would break.
	topic := sns.NewTopic(stack, jsii.String(IdTopic), &sns.TopicProps{
		MasterKey: key,
		// Publishing over TLS only (AwsSolutions-SNS3).
		EnforceSSL: jsii.Bool(true),
	})
	topic.AddToResourcePolicy(iam.NewPolicyStatement(&iam.PolicyStatementProps{
		Sid:        jsii.String("CloudWatchAlarmsOfThisAccount"),
		Principals: &[]iam.IPrincipal{iam.NewServicePrincipal(jsii.String("cloudwatch.amazonaws.com"), nil)},
		Actions:    jsii.Strings("sns:Publish"),
		Resources:  &[]*string{topic.TopicArn()},
		Conditions: &map[string]any{"StringEquals": map[string]any{"aws:SourceAccount": stack.Account()}},
	}))
	return topic
}
