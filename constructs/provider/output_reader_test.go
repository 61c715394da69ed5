package provider

import (
	"strings"
	"testing"

	"github.com/aws/aws-cdk-go/awscdk/v2"
	"github.com/aws/aws-cdk-go/awscdk/v2/assertions"
	"github.com/aws/jsii-runtime-go"

	"github.com/cdk-privatelink/cdk-privatelink/internal/cdktest"
)

func TestOutputReader(t *testing.T) {
	t.Run("defaults: the consumer's execution role only, DescribeStacks on this stack only", func(t *testing.T) {
		stack := awscdk.NewStack(cdktest.NewApp(t, nil), jsii.String("dogs-provider"), &awscdk.StackProps{
			Env: &awscdk.Environment{Account: jsii.String("222222222222"), Region: jsii.String("eu-central-1")},
		})
		r := NewOutputReader(stack, jsii.String("Reader"), &OutputReaderProps{ConsumerAccount: jsii.String("111111111111")})
		if *r.RoleName != "dogs-provider-eu-central-1-output-reader" {
			t.Fatalf("RoleName = %q", *r.RoleName)
		}
		tpl := template(t, stack)
		tpl.HasResourceProperties(jsii.String("AWS::IAM::Role"), obj{
			"RoleName": "dogs-provider-eu-central-1-output-reader",
			"AssumeRolePolicyDocument": obj{"Statement": []any{obj{
				"Action":    "sts:AssumeRole",
				"Effect":    "Allow",
				"Principal": obj{"AWS": "arn:aws:iam::111111111111:root"},
				"Condition": obj{"ArnEquals": obj{"aws:PrincipalArn": "arn:aws:iam::111111111111:role/cdk-hnb659fds-cfn-exec-role-111111111111-eu-central-1"}},
			}}},
		})
		// A managed policy attached to the role alone, no inline one.
		tpl.HasResourceProperties(jsii.String("AWS::IAM::ManagedPolicy"), obj{
			"PolicyDocument": obj{"Statement": []any{obj{"Action": "cloudformation:DescribeStacks", "Effect": "Allow", "Resource": obj{"Ref": "AWS::StackId"}}}},
			"Roles":          []any{obj{"Ref": assertions.Match_StringLikeRegexp(jsii.String("^ReaderRole"))}},
		})
		tpl.ResourceCountIs(jsii.String("AWS::IAM::Policy"), jsii.Number(0))
		cdktest.CfnLint(t, tpl)
	})
	t.Run("qualifier and name", func(t *testing.T) {
		stack := newStack(t)
		NewOutputReader(stack, jsii.String("Reader"), &OutputReaderProps{ConsumerAccount: jsii.String("111111111111"), BootstrapQualifier: jsii.String("team7"), RoleName: jsii.String("reads-dogs")})
		template(t, stack).HasResourceProperties(jsii.String("AWS::IAM::Role"), obj{
			"RoleName":                 "reads-dogs",
			"AssumeRolePolicyDocument": obj{"Statement": []any{obj{"Condition": obj{"ArnEquals": obj{"aws:PrincipalArn": "arn:aws:iam::111111111111:role/cdk-team7-cfn-exec-role-111111111111-us-west-2"}}}}},
		})
	})
	for _, tc := range []struct {
		name      string
		stackName string
		props     OutputReaderProps
		want      string
	}{
		{"account", "s", OutputReaderProps{ConsumerAccount: jsii.String("1111")}, `ConsumerAccount "1111": want a 12-digit AWS account ID`},
		{"no account", "s", OutputReaderProps{}, `ConsumerAccount is nil: want the 12-digit account ID of the consumer`},
		{"qualifier", "s", OutputReaderProps{ConsumerAccount: jsii.String("111111111111"), BootstrapQualifier: jsii.String("Team-7")}, `BootstrapQualifier "Team-7": want the qualifier of`},
		{"derived name too long", strings.Repeat("x", 41), OutputReaderProps{ConsumerAccount: jsii.String("111111111111")}, `RoleName "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx-us-west-2-output-reader": 65 characters; IAM role names are at most 64; set RoleName to a shorter name (the same on both sides of the handoff)`},
		{"given name bad", "s", OutputReaderProps{ConsumerAccount: jsii.String("111111111111"), RoleName: jsii.String("no/slash")}, `RoleName "no/slash": want letters, digits and +=,.@_- only`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := tc.props.validate(tc.stackName, "us-west-2")
			wantErr(t, err, "provider.OutputReader: "+tc.want)
		})
	}
}
