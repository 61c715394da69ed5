package consumer

import (
	"testing"

	"github.com/aws/aws-cdk-go/awscdk/v2/assertions"
	logs "github.com/aws/aws-cdk-go/awscdk/v2/awslogs"
	"github.com/aws/jsii-runtime-go"

	"github.com/cdk-privatelink/cdk-privatelink/internal/cdktest"
)

func TestConsumerVpc(t *testing.T) {
	t.Run("defaults: isolated, no internet path, flow logs", func(t *testing.T) {
		stack := newStack(t)
		v := NewConsumerVpc(stack, jsii.String("Net"), nil)
		tpl := template(stack)
		tpl.HasResourceProperties(jsii.String("AWS::EC2::VPC"), obj{"CidrBlock": "10.0.0.0/16"})
		tpl.ResourceCountIs(jsii.String("AWS::EC2::Subnet"), jsii.Number(3))
		tpl.HasResourceProperties(jsii.String("AWS::EC2::Subnet"), obj{
			"AvailabilityZone": obj{"Fn::Select": []any{2, obj{"Fn::GetAZs": ""}}},
			"Tags":             assertions.Match_ArrayWith(&[]any{obj{"Key": "aws-cdk:subnet-type", "Value": "Isolated"}}),
		})
		tpl.ResourceCountIs(jsii.String("AWS::EC2::InternetGateway"), jsii.Number(0))
		tpl.ResourceCountIs(jsii.String("AWS::EC2::NatGateway"), jsii.Number(0))
		tpl.ResourceCountIs(jsii.String("AWS::EC2::VPCEndpoint"), jsii.Number(2))
		tpl.HasResourceProperties(jsii.String("AWS::EC2::FlowLog"), obj{"TrafficType": "ALL"})
		tpl.HasResourceProperties(jsii.String("AWS::Logs::LogGroup"), obj{"RetentionInDays": 30})
		if v.Vpc == nil || v.FlowLogGroup == nil {
			t.Fatal("Vpc and FlowLogGroup must be set")
		}
		cdktest.CfnLint(t, tpl)
	})
	t.Run("options", func(t *testing.T) {
		stack := newStack(t)
		NewConsumerVpc(stack, jsii.String("Net"), &ConsumerVpcProps{Cidr: jsii.String("10.50.0.0/16"), AvailabilityZones: []string{"us-west-2b"}, FlowLogRetention: logs.RetentionDays_ONE_WEEK})
		tpl := template(stack)
		tpl.HasResourceProperties(jsii.String("AWS::EC2::VPC"), obj{"CidrBlock": "10.50.0.0/16"})
		tpl.ResourceCountIs(jsii.String("AWS::EC2::Subnet"), jsii.Number(1))
		tpl.HasResourceProperties(jsii.String("AWS::EC2::Subnet"), obj{"AvailabilityZone": "us-west-2b"})
		tpl.HasResourceProperties(jsii.String("AWS::Logs::LogGroup"), obj{"RetentionInDays": 7})
	})
	t.Run("validation", func(t *testing.T) {
		cdktest.MustPanic(t, func() {
			NewConsumerVpc(newStack(t), jsii.String("Net"), &ConsumerVpcProps{MaxAzs: jsii.Number(0), AvailabilityZones: []string{}})
		}, "consumer.ConsumerVpc: MaxAzs 0: give AvailabilityZones or MaxAzs, not both", "AvailabilityZones is empty", "MaxAzs 0: want a whole number from 1 to 6")
	})
}
