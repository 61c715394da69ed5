package consumer

import (
	"testing"

	"github.com/aws/aws-cdk-go/awscdk/v2"
	"github.com/aws/aws-cdk-go/awscdk/v2/assertions"
	logs "github.com/aws/aws-cdk-go/awscdk/v2/awslogs"
	"github.com/aws/jsii-runtime-go"

	"github.com/cdk-privatelink/cdk-privatelink/internal/cdktest"
)

func TestConsumerVpc(t *testing.T) {
	t.Run("defaults: 2 zones by AZ ID, isolated, no internet path, flow logs", func(t *testing.T) {
		stack := newStack(t)
		v := NewConsumerVpc(stack, jsii.String("Net"), nil)
		tpl := template(t, stack)
		tpl.HasResourceProperties(jsii.String("AWS::EC2::VPC"), obj{"CidrBlock": "10.0.0.0/16"})
		tpl.ResourceCountIs(jsii.String("AWS::EC2::Subnet"), jsii.Number(2))
		for _, id := range []string{"usw2-az1", "usw2-az2"} {
			tpl.HasResourceProperties(jsii.String("AWS::EC2::Subnet"), obj{
				"AvailabilityZoneId": id, "AvailabilityZone": assertions.Match_Absent(),
				"Tags": assertions.Match_ArrayWith(&[]any{obj{"Key": "aws-cdk:subnet-type", "Value": "Isolated"}}),
			})
		}
		tpl.ResourceCountIs(jsii.String("AWS::EC2::InternetGateway"), jsii.Number(0))
		tpl.ResourceCountIs(jsii.String("AWS::EC2::NatGateway"), jsii.Number(0))
		tpl.ResourceCountIs(jsii.String("AWS::EC2::VPCEndpoint"), jsii.Number(2))
		tpl.HasResourceProperties(jsii.String("AWS::EC2::FlowLog"), obj{"TrafficType": "ALL"})
		tpl.HasResourceProperties(jsii.String("AWS::Logs::LogGroup"), obj{"RetentionInDays": 30})
		if v.Vpc == nil || v.FlowLogGroup == nil || len(v.AvailabilityZoneIds) != 2 {
			t.Fatal("Vpc, FlowLogGroup and AvailabilityZoneIds must be set")
		}
		cdktest.AssertNoLookups(t, awscdk.App_Of(stack).(awscdk.App))
		cdktest.CfnLint(t, tpl)
	})
	t.Run("options", func(t *testing.T) {
		stack := newStack(t)
		v := NewConsumerVpc(stack, jsii.String("Net"), &ConsumerVpcProps{Cidr: jsii.String("10.50.0.0/20"), AvailabilityZoneIds: []string{"usw2-az3"}, FlowLogRetention: logs.RetentionDays_ONE_WEEK})
		tpl := template(t, stack)
		tpl.HasResourceProperties(jsii.String("AWS::EC2::VPC"), obj{"CidrBlock": "10.50.0.0/20"})
		tpl.ResourceCountIs(jsii.String("AWS::EC2::Subnet"), jsii.Number(1))
		tpl.HasResourceProperties(jsii.String("AWS::EC2::Subnet"), obj{"AvailabilityZoneId": "usw2-az3", "CidrBlock": "10.50.2.0/24"})
		tpl.HasResourceProperties(jsii.String("AWS::Logs::LogGroup"), obj{"RetentionInDays": 7})
		if v.AvailabilityZoneIds[0] != "usw2-az3" {
			t.Fatalf("AvailabilityZoneIds = %v", v.AvailabilityZoneIds)
		}
	})
	t.Run("MaxAzs", func(t *testing.T) {
		stack := cdktest.NewStackIn(t, "111111111111", "us-east-1")
		v := NewConsumerVpc(stack, jsii.String("Net"), &ConsumerVpcProps{MaxAzs: jsii.Number(3)})
		if len(v.AvailabilityZoneIds) != 3 || v.AvailabilityZoneIds[2] != "use1-az4" {
			t.Fatalf("AvailabilityZoneIds = %v, want the first 3 defaults of us-east-1 (no use1-az3)", v.AvailabilityZoneIds)
		}
	})
	t.Run("validation", func(t *testing.T) {
		for _, tc := range []struct {
			props  ConsumerVpcProps
			region string
			want   []string
		}{
			{ConsumerVpcProps{MaxAzs: jsii.Number(0), AvailabilityZoneIds: []string{}}, "us-west-2",
				[]string{"consumer.ConsumerVpc: MaxAzs 0: give AvailabilityZoneIds or MaxAzs, not both", "AvailabilityZoneIds is empty", "MaxAzs 0: want a whole number from 1 to 6"}},
			{ConsumerVpcProps{AvailabilityZoneIds: []string{"us-west-2b"}}, "us-west-2", []string{`consumer.ConsumerVpc: AvailabilityZoneIds[0] "us-west-2b": want an AZ ID such as usw2-az1`}},
			{ConsumerVpcProps{}, *awscdk.Aws_REGION(), []string{"consumer.ConsumerVpc: AvailabilityZoneIds is nil and the stack's region is not known at synth"}},
		} {
			_, err := tc.props.validate(tc.region)
			cdktest.WantErr(t, err, tc.want...)
		}
		stack := newStack(t)
		cdktest.MustPanic(t, func() { NewConsumerVpc(stack, jsii.String("Net"), &ConsumerVpcProps{MaxAzs: jsii.Number(9)}) }, "consumer.ConsumerVpc at Test/Net: MaxAzs 9")
		if stack.Node().TryFindChild(jsii.String("Net")) != nil {
			t.Fatal("a construct was created before validation failed")
		}
	})
}
