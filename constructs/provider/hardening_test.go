package provider

import (
	"testing"

	"github.com/aws/aws-cdk-go/awscdk/v2/assertions"
	"github.com/aws/jsii-runtime-go"

	"github.com/cdk-privatelink/cdk-privatelink/internal/cdktest"
)

// TestHardening: the switch encrypts every log group with the stack's key
// (rotated, CloudWatch Logs of this account and region only), protects the
// load balancer from deletion once it exists, traces the deploy-time function, and
// encrypts the TLS access logs with a key the log delivery service may
// use; without it, none of these (TestTls, TestFrontendDefaults).
func TestHardening(t *testing.T) {
	stack := cdktest.NewHardenedStack(t)
	props := fargateProps(newVpc(stack))
	props.Tls = &TlsOptions{DomainName: jsii.String("dogs.example.com"), HostedZone: zone(stack)}
	NewFargateProvider(stack, jsii.String("P"), props)
	tpl := template(t, stack)

	key := obj{"Fn::GetAtt": []any{assertions.Match_StringLikeRegexp(jsii.String("^LogsKey")), "Arn"}}
	tpl.ResourcePropertiesCountIs(jsii.String("AWS::Logs::LogGroup"), obj{"KmsKeyId": key}, jsii.Number(3)) // flow logs, tasks, deploy-time function
	tpl.ResourceCountIs(jsii.String("AWS::Logs::LogGroup"), jsii.Number(3))
	tpl.HasResource(jsii.String("AWS::KMS::Key"), obj{
		"DeletionPolicy": "RetainExceptOnCreate", "UpdateReplacePolicy": "Retain",
		"Properties": obj{"EnableKeyRotation": true, "KeyPolicy": obj{"Statement": assertions.Match_ArrayWith(&[]any{obj{
			"Sid": "CloudWatchLogsOfThisAccountAndRegion", "Effect": "Allow",
			"Principal": obj{"Service": "logs.us-west-2.amazonaws.com"},
			"Action":    []any{"kms:Decrypt*", "kms:Describe*", "kms:Encrypt*", "kms:GenerateDataKey*", "kms:ReEncrypt*"},
			"Condition": obj{"ArnLike": obj{"kms:EncryptionContext:aws:logs:arn": "arn:aws:logs:us-west-2:123456789012:log-group:*"}},
			"Resource":  "*",
		}})}},
	})
	cdktest.DeletionProtected(t, tpl)
	cdktest.HasNagSuppression(tpl, "AWS::ElasticLoadBalancingV2::LoadBalancer", "HIPAA.Security-ELBDeletionProtectionEnabled", "turned on after creation by Test/P/LBDeletionProtection")
	tpl.HasResourceProperties(jsii.String("AWS::Lambda::Function"), obj{"TracingConfig": obj{"Mode": "Active"}, "MemorySize": 128})
	tpl.HasResourceProperties(jsii.String("AWS::IAM::ManagedPolicy"), obj{"PolicyDocument": obj{"Statement": []any{obj{
		"Action": []any{"xray:PutTelemetryRecords", "xray:PutTraceSegments"}, "Effect": "Allow", "Resource": "*",
	}}}})
	tpl.HasResourceProperties(jsii.String("AWS::S3::Bucket"), obj{"BucketEncryption": obj{"ServerSideEncryptionConfiguration": []any{obj{
		"BucketKeyEnabled":              true,
		"ServerSideEncryptionByDefault": obj{"SSEAlgorithm": "aws:kms", "KMSMasterKeyID": obj{"Fn::GetAtt": []any{assertions.Match_StringLikeRegexp(jsii.String("^PAccessLogsKey")), "Arn"}}},
	}}}})
	tpl.HasResourceProperties(jsii.String("AWS::KMS::Key"), obj{"KeyPolicy": obj{"Statement": assertions.Match_ArrayWith(&[]any{obj{
		"Sid": "LogDeliveryOfThisAccount", "Effect": "Allow", "Principal": obj{"Service": "delivery.logs.amazonaws.com"},
		"Action":    []any{"kms:Decrypt", "kms:DescribeKey", "kms:Encrypt", "kms:GenerateDataKey*", "kms:ReEncrypt*"},
		"Condition": obj{"StringEquals": obj{"aws:SourceAccount": "123456789012"}}, "Resource": "*",
	}})}})
	// Nothing the switch lifts is still suppressed.
	for _, typ := range []string{"AWS::Logs::LogGroup", "AWS::ElasticLoadBalancingV2::LoadBalancer", "AWS::Lambda::Function", "AWS::S3::Bucket"} {
		for id, r := range *tpl.FindResources(jsii.String(typ), nil) {
			for _, rule := range cdktest.NagRules(r) {
				for _, lifted := range []string{"CloudWatchLogGroupEncrypted", "LambdaTracing", "S3DefaultEncryptionKMS"} {
					if len(rule) > len(lifted) && rule[len(rule)-len(lifted):] == lifted {
						t.Errorf("%s still suppresses %s with hardening on", id, rule)
					}
				}
			}
		}
	}
	cdktest.CfnLint(t, tpl)
}
