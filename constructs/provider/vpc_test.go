package provider

import (
	"testing"

	"github.com/aws/aws-cdk-go/awscdk/v2"
	"github.com/aws/aws-cdk-go/awscdk/v2/assertions"
	logs "github.com/aws/aws-cdk-go/awscdk/v2/awslogs"
	"github.com/aws/jsii-runtime-go"

	"github.com/cdk-privatelink/cdk-privatelink/internal/cdktest"
)

func TestProviderVpcDefaults(t *testing.T) {
	stack := newStack(t)
	v := NewProviderVpc(stack, jsii.String("Net"), nil)
	tpl := template(stack)

	tpl.HasResourceProperties(jsii.String("AWS::EC2::VPC"), obj{"CidrBlock": "10.0.0.0/16"})
	tpl.ResourceCountIs(jsii.String("AWS::EC2::Subnet"), jsii.Number(3))
	for i := range 3 {
		tpl.HasResourceProperties(jsii.String("AWS::EC2::Subnet"), obj{
			"AvailabilityZone":    obj{"Fn::Select": []any{i, obj{"Fn::GetAZs": ""}}},
			"MapPublicIpOnLaunch": false,
			"Tags":                assertions.Match_ArrayWith(&[]any{obj{"Key": "aws-cdk:subnet-type", "Value": "Isolated"}}),
		})
	}
	tpl.ResourceCountIs(jsii.String("AWS::EC2::NatGateway"), jsii.Number(0))
	tpl.ResourceCountIs(jsii.String("AWS::EC2::InternetGateway"), jsii.Number(0))
	tpl.ResourceCountIs(jsii.String("AWS::EC2::VPCEndpoint"), jsii.Number(2))
	for _, svc := range []string{"s3", "dynamodb"} {
		tpl.HasResourceProperties(jsii.String("AWS::EC2::VPCEndpoint"), obj{
			"VpcEndpointType": "Gateway",
			"ServiceName":     obj{"Fn::Join": []any{"", []any{"com.amazonaws.", obj{"Ref": "AWS::Region"}, "." + svc}}},
		})
	}
	tpl.HasResourceProperties(jsii.String("AWS::EC2::FlowLog"), obj{"TrafficType": "ALL", "ResourceType": "VPC", "LogDestinationType": "cloud-watch-logs"})
	tpl.HasResourceProperties(jsii.String("AWS::Logs::LogGroup"), obj{"RetentionInDays": 30})
	// The template fix: no redundant DependsOn left on CDK's provider handler.
	tpl.HasResource(jsii.String("AWS::Lambda::Function"), obj{"DependsOn": assertions.Match_Absent()})
	if v.Vpc == nil || v.FlowLogGroup == nil || v.InterfaceEndpoints != nil {
		t.Fatal("Vpc and FlowLogGroup set, no interface endpoints by default")
	}
}

func TestProviderVpcOptions(t *testing.T) {
	t.Run("interface endpoints for ECR and Logs", func(t *testing.T) {
		stack := newStack(t)
		v := NewProviderVpc(stack, jsii.String("Net"), &ProviderVpcProps{InterfaceEndpoints: jsii.Bool(true)})
		tpl := template(stack)
		if len(v.InterfaceEndpoints) != 3 {
			t.Fatalf("InterfaceEndpoints = %d, want 3", len(v.InterfaceEndpoints))
		}
		for _, svc := range []string{"ecr.api", "ecr.dkr", "logs"} {
			tpl.HasResourceProperties(jsii.String("AWS::EC2::VPCEndpoint"), obj{
				"VpcEndpointType": "Interface", "PrivateDnsEnabled": true,
				"ServiceName": obj{"Fn::Join": []any{"", []any{"com.amazonaws.", obj{"Ref": "AWS::Region"}, "." + svc}}},
			})
		}
		tpl.ResourceCountIs(jsii.String("AWS::EC2::NatGateway"), jsii.Number(0))
		tpl.ResourcePropertiesCountIs(jsii.String("AWS::EC2::SecurityGroup"), obj{}, jsii.Number(3))
		cdktest.HasNagSuppression(tpl, "AWS::EC2::SecurityGroup", "CdkNagValidationFailure", "VPC's own CIDR block")
	})
	t.Run("NAT gateways: public subnets, private with egress", func(t *testing.T) {
		stack := newStack(t)
		NewProviderVpc(stack, jsii.String("Net"), &ProviderVpcProps{NatGateways: jsii.Number(1), MaxAzs: jsii.Number(2), Cidr: jsii.String("10.20.0.0/16")})
		tpl := template(stack)
		tpl.HasResourceProperties(jsii.String("AWS::EC2::VPC"), obj{"CidrBlock": "10.20.0.0/16"})
		tpl.ResourceCountIs(jsii.String("AWS::EC2::NatGateway"), jsii.Number(1))
		tpl.ResourceCountIs(jsii.String("AWS::EC2::InternetGateway"), jsii.Number(1))
		tpl.ResourceCountIs(jsii.String("AWS::EC2::Subnet"), jsii.Number(4))
		tpl.HasResourceProperties(jsii.String("AWS::EC2::Subnet"), obj{"Tags": assertions.Match_ArrayWith(&[]any{obj{"Key": "aws-cdk:subnet-type", "Value": "Private"}})})
	})
	t.Run("explicit AZs and flow log retention", func(t *testing.T) {
		app := cdktest.NewApp(t, map[string]any{
			"availability-zones:account=222222222222:region=us-west-2": []string{"us-west-2a", "us-west-2b", "us-west-2c"},
		})
		stack := awscdk.NewStack(app, jsii.String("Test"), &awscdk.StackProps{Env: &awscdk.Environment{Account: jsii.String("222222222222"), Region: jsii.String("us-west-2")}})
		NewProviderVpc(stack, jsii.String("Net"), &ProviderVpcProps{AvailabilityZones: []string{"us-west-2b", "us-west-2c"}, FlowLogRetention: logs.RetentionDays_ONE_YEAR})
		tpl := template(stack)
		tpl.ResourceCountIs(jsii.String("AWS::EC2::Subnet"), jsii.Number(2))
		tpl.HasResourceProperties(jsii.String("AWS::EC2::Subnet"), obj{"AvailabilityZone": "us-west-2c"})
		tpl.HasResourceProperties(jsii.String("AWS::Logs::LogGroup"), obj{"RetentionInDays": 365})
	})
}

func TestProviderVpcValidation(t *testing.T) {
	for _, tc := range []struct {
		name  string
		props ProviderVpcProps
		want  string
	}{
		{"AZs and MaxAzs", ProviderVpcProps{AvailabilityZones: []string{"us-west-2a"}, MaxAzs: jsii.Number(2)}, "MaxAzs 2: give AvailabilityZones or MaxAzs, not both"},
		{"empty AZs", ProviderVpcProps{AvailabilityZones: []string{}}, "AvailabilityZones is empty: want at least one AZ name"},
		{"MaxAzs 0", ProviderVpcProps{MaxAzs: jsii.Number(0)}, "MaxAzs 0: want a whole number from 1 to 6"},
		{"NatGateways 7", ProviderVpcProps{NatGateways: jsii.Number(7)}, "NatGateways 7: want a whole number from 0 to 6"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			wantErr(t, tc.props.validate(), "provider.ProviderVpc: "+tc.want)
		})
	}
	t.Run("constructor panics", func(t *testing.T) {
		mustPanic(t, func() { NewProviderVpc(newStack(t), jsii.String("Net"), &ProviderVpcProps{MaxAzs: jsii.Number(9)}) }, "provider.ProviderVpc: MaxAzs 9")
	})
}
