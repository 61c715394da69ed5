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
	tpl := template(t, stack)

	tpl.HasResourceProperties(jsii.String("AWS::EC2::VPC"), obj{"CidrBlock": "10.0.0.0/16", "EnableDnsHostnames": true, "EnableDnsSupport": true})
	// Every default zone of us-west-2, by AZ ID; each zone's CIDR follows
	// from its number, so zones can come and go without moving the others.
	tpl.ResourceCountIs(jsii.String("AWS::EC2::Subnet"), jsii.Number(4))
	for i, cidr := range []string{"10.0.0.0/20", "10.0.16.0/20", "10.0.32.0/20", "10.0.48.0/20"} {
		tpl.HasResourceProperties(jsii.String("AWS::EC2::Subnet"), obj{
			"AvailabilityZoneId":  []string{"usw2-az1", "usw2-az2", "usw2-az3", "usw2-az4"}[i],
			"AvailabilityZone":    assertions.Match_Absent(),
			"CidrBlock":           cidr,
			"MapPublicIpOnLaunch": false,
			"Tags":                assertions.Match_ArrayWith(&[]any{obj{"Key": "aws-cdk:subnet-type", "Value": "Isolated"}}),
		})
	}
	if got := v.AvailabilityZoneIds; len(got) != 4 || got[0] != "usw2-az1" || got[3] != "usw2-az4" {
		t.Errorf("AvailabilityZoneIds = %v, want usw2-az1 to usw2-az4", got)
	}
	tpl.ResourceCountIs(jsii.String("AWS::EC2::RouteTable"), jsii.Number(4))
	tpl.ResourceCountIs(jsii.String("AWS::EC2::SubnetRouteTableAssociation"), jsii.Number(4))
	tpl.ResourceCountIs(jsii.String("AWS::EC2::NatGateway"), jsii.Number(0))
	tpl.ResourceCountIs(jsii.String("AWS::EC2::InternetGateway"), jsii.Number(0))
	tpl.ResourceCountIs(jsii.String("AWS::EC2::Route"), jsii.Number(0))
	tpl.ResourceCountIs(jsii.String("AWS::EC2::VPCEndpoint"), jsii.Number(2))
	for _, svc := range []string{"s3", "dynamodb"} {
		tpl.HasResourceProperties(jsii.String("AWS::EC2::VPCEndpoint"), obj{
			"VpcEndpointType": "Gateway",
			"ServiceName":     obj{"Fn::Join": []any{"", []any{"com.amazonaws.", obj{"Ref": "AWS::Region"}, "." + svc}}},
			"RouteTableIds":   assertions.Match_ArrayWith(&[]any{obj{"Ref": assertions.Match_StringLikeRegexp(jsii.String("^NetPrivateusw2az4RouteTable"))}}),
		})
	}
	tpl.HasResourceProperties(jsii.String("AWS::EC2::FlowLog"), obj{"TrafficType": "ALL", "ResourceType": "VPC", "LogDestinationType": "cloud-watch-logs"})
	tpl.HasResourceProperties(jsii.String("AWS::Logs::LogGroup"), obj{"RetentionInDays": 30})
	// The default security group loses both of the rules AWS gives it.
	for _, action := range []string{"revokeSecurityGroupIngress", "revokeSecurityGroupEgress"} {
		tpl.HasResourceProperties(jsii.String("Custom::AWS"), obj{"Create": obj{"Fn::Join": []any{"", assertions.Match_ArrayWith(&[]any{
			assertions.Match_StringLikeRegexp(jsii.String(`^\{"action":"` + action + `","ignoreErrorCodesMatching":"InvalidPermission.NotFound","parameters":\{"GroupId":"$`)),
			obj{"Fn::GetAtt": []any{assertions.Match_StringLikeRegexp(jsii.String("^NetVpc")), "DefaultSecurityGroup"}},
		})}}})
	}
	// The function may do that to that one group only.
	tpl.HasResourceProperties(jsii.String("AWS::IAM::Policy"), obj{"PolicyDocument": obj{"Statement": assertions.Match_ArrayWith(&[]any{obj{
		"Action": "ec2:RevokeSecurityGroupEgress", "Effect": "Allow",
		"Resource": obj{"Fn::Join": []any{"", []any{"arn:aws:ec2:us-west-2:123456789012:security-group/", obj{"Fn::GetAtt": []any{assertions.Match_StringLikeRegexp(jsii.String("^NetVpc")), "DefaultSecurityGroup"}}}}},
	}})}})
	// The template fix: no redundant DependsOn left on CDK's handler.
	tpl.HasResource(jsii.String("AWS::Lambda::Function"), obj{"DependsOn": assertions.Match_Absent()})
	if v.Vpc == nil || v.FlowLogGroup == nil || v.InterfaceEndpoints != nil {
		t.Fatal("Vpc and FlowLogGroup set, no interface endpoints by default")
	}
	cdktest.AssertNoLookups(t, awscdk.App_Of(stack).(awscdk.App))
	cdktest.CfnLint(t, tpl)
}

func TestProviderVpcRegions(t *testing.T) {
	for _, tc := range []struct {
		region string
		want   []string
	}{
		{"us-east-1", []string{"use1-az1", "use1-az2", "use1-az4", "use1-az5", "use1-az6"}},
		{"eu-central-1", []string{"euc1-az1", "euc1-az2", "euc1-az3"}},
		{"ap-southeast-2", []string{"apse2-az1", "apse2-az2", "apse2-az3"}},
	} {
		t.Run(tc.region, func(t *testing.T) {
			stack := cdktest.NewStackIn(t, "210987654321", tc.region)
			v := NewProviderVpc(stack, jsii.String("Net"), nil)
			if len(v.AvailabilityZoneIds) != len(tc.want) {
				t.Fatalf("AvailabilityZoneIds = %v, want %v", v.AvailabilityZoneIds, tc.want)
			}
			tpl := template(t, stack)
			for i, id := range tc.want {
				if v.AvailabilityZoneIds[i] != id {
					t.Errorf("AvailabilityZoneIds[%d] = %s, want %s", i, v.AvailabilityZoneIds[i], id)
				}
				tpl.HasResourceProperties(jsii.String("AWS::EC2::Subnet"), obj{"AvailabilityZoneId": id})
			}
			cdktest.AssertNoLookups(t, awscdk.App_Of(stack).(awscdk.App))
		})
	}
}

func TestProviderVpcOptions(t *testing.T) {
	t.Run("interface endpoints for ECR and Logs, in 2 AZs", func(t *testing.T) {
		stack := newStack(t)
		v := NewProviderVpc(stack, jsii.String("Net"), &ProviderVpcProps{InterfaceEndpoints: jsii.Bool(true)})
		tpl := template(t, stack)
		if len(v.InterfaceEndpoints) != 3 {
			t.Fatalf("InterfaceEndpoints = %d, want 3", len(v.InterfaceEndpoints))
		}
		two := []any{obj{"Ref": assertions.Match_StringLikeRegexp(jsii.String("^NetPrivateusw2az1[0-9A-F]+$"))}, obj{"Ref": assertions.Match_StringLikeRegexp(jsii.String("^NetPrivateusw2az2[0-9A-F]+$"))}}
		for _, svc := range []string{"ecr.api", "ecr.dkr", "logs"} {
			tpl.HasResourceProperties(jsii.String("AWS::EC2::VPCEndpoint"), obj{
				"VpcEndpointType": "Interface", "PrivateDnsEnabled": true,
				"ServiceName": "com.amazonaws.us-west-2." + svc,
				"SubnetIds":   two,
			})
		}
		// Their groups admit 443 from the VPC's CIDR, a literal cdk-nag can
		// judge: no suppression needed.
		tpl.HasResourceProperties(jsii.String("AWS::EC2::SecurityGroup"), obj{
			"SecurityGroupIngress": []any{obj{"CidrIp": "10.0.0.0/16", "FromPort": 443, "ToPort": 443, "IpProtocol": "tcp"}},
		})
		tpl.ResourceCountIs(jsii.String("AWS::EC2::NatGateway"), jsii.Number(0))
		cdktest.CfnLint(t, tpl)
	})
	t.Run("a CloudFormation endpoint alone, for instances' readiness signals", func(t *testing.T) {
		stack := newStack(t)
		v := NewProviderVpc(stack, jsii.String("Net"), &ProviderVpcProps{CloudFormationEndpoint: jsii.Bool(true), InterfaceEndpointAzIds: []string{"usw2-az2"}})
		tpl := template(t, stack)
		tpl.ResourcePropertiesCountIs(jsii.String("AWS::EC2::VPCEndpoint"), obj{"VpcEndpointType": "Interface"}, jsii.Number(1))
		tpl.HasResourceProperties(jsii.String("AWS::EC2::VPCEndpoint"), obj{
			"VpcEndpointType": "Interface", "PrivateDnsEnabled": true, "ServiceName": "com.amazonaws.us-west-2.cloudformation",
			"SubnetIds": []any{obj{"Ref": assertions.Match_StringLikeRegexp(jsii.String("^NetPrivateusw2az2"))}},
		})
		if len(v.InterfaceEndpoints) != 1 {
			t.Fatalf("InterfaceEndpoints = %d, want 1", len(v.InterfaceEndpoints))
		}
		cdktest.CfnLint(t, tpl)
	})
	t.Run("interface endpoints in chosen zones", func(t *testing.T) {
		stack := newStack(t)
		NewProviderVpc(stack, jsii.String("Net"), &ProviderVpcProps{InterfaceEndpoints: jsii.Bool(true), InterfaceEndpointAzIds: []string{"usw2-az3"}})
		template(t, stack).HasResourceProperties(jsii.String("AWS::EC2::VPCEndpoint"), obj{
			"VpcEndpointType": "Interface",
			"SubnetIds":       []any{obj{"Ref": assertions.Match_StringLikeRegexp(jsii.String("^NetPrivateusw2az3"))}},
		})
	})
	t.Run("NAT gateways: public subnets, private with egress through the zone's NAT", func(t *testing.T) {
		stack := newStack(t)
		NewProviderVpc(stack, jsii.String("Net"), &ProviderVpcProps{NatGateways: jsii.Number(1), MaxAzs: jsii.Number(2), Cidr: jsii.String("10.20.0.0/16")})
		tpl := template(t, stack)
		tpl.HasResourceProperties(jsii.String("AWS::EC2::VPC"), obj{"CidrBlock": "10.20.0.0/16"})
		tpl.ResourceCountIs(jsii.String("AWS::EC2::NatGateway"), jsii.Number(1))
		tpl.ResourceCountIs(jsii.String("AWS::EC2::InternetGateway"), jsii.Number(1))
		tpl.ResourceCountIs(jsii.String("AWS::EC2::Subnet"), jsii.Number(4))
		tpl.HasResourceProperties(jsii.String("AWS::EC2::Subnet"), obj{"CidrBlock": "10.20.128.0/20", "AvailabilityZoneId": "usw2-az1",
			"Tags": assertions.Match_ArrayWith(&[]any{obj{"Key": "aws-cdk:subnet-type", "Value": "Public"}})})
		tpl.HasResourceProperties(jsii.String("AWS::EC2::Subnet"), obj{"CidrBlock": "10.20.16.0/20", "AvailabilityZoneId": "usw2-az2",
			"Tags": assertions.Match_ArrayWith(&[]any{obj{"Key": "aws-cdk:subnet-type", "Value": "Private"}})})
		// Both private subnets route through the one NAT gateway.
		tpl.ResourcePropertiesCountIs(jsii.String("AWS::EC2::Route"), obj{"NatGatewayId": obj{"Ref": assertions.Match_StringLikeRegexp(jsii.String("^NetPublicusw2az1Nat"))}}, jsii.Number(2))
		tpl.ResourcePropertiesCountIs(jsii.String("AWS::EC2::Route"), obj{"GatewayId": obj{"Ref": assertions.Match_StringLikeRegexp(jsii.String("^NetInternetGateway"))}}, jsii.Number(2))
		cdktest.CfnLint(t, tpl)
	})
	t.Run("explicit AZ IDs and flow log retention", func(t *testing.T) {
		stack := newStack(t)
		v := NewProviderVpc(stack, jsii.String("Net"), &ProviderVpcProps{AvailabilityZoneIds: []string{"usw2-az3", "usw2-az1"}, FlowLogRetention: logs.RetentionDays_ONE_YEAR})
		tpl := template(t, stack)
		tpl.ResourceCountIs(jsii.String("AWS::EC2::Subnet"), jsii.Number(2))
		tpl.HasResourceProperties(jsii.String("AWS::EC2::Subnet"), obj{"AvailabilityZoneId": "usw2-az3", "CidrBlock": "10.0.32.0/20"})
		tpl.HasResourceProperties(jsii.String("AWS::Logs::LogGroup"), obj{"RetentionInDays": 365})
		if v.AvailabilityZoneIds[0] != "usw2-az3" || v.AvailabilityZoneIds[1] != "usw2-az1" {
			t.Fatalf("AvailabilityZoneIds = %v, want the given order", v.AvailabilityZoneIds)
		}
	})
	t.Run("environment-agnostic stack with explicit AZ IDs", func(t *testing.T) {
		stack := cdktest.NewAgnosticStack(t)
		NewProviderVpc(stack, jsii.String("Net"), &ProviderVpcProps{AvailabilityZoneIds: []string{"euc1-az2"}})
		template(t, stack).HasResourceProperties(jsii.String("AWS::EC2::Subnet"), obj{"AvailabilityZoneId": "euc1-az2"})
	})
}

func TestProviderVpcValidation(t *testing.T) {
	for _, tc := range []struct {
		name   string
		region string
		props  ProviderVpcProps
		want   string
	}{
		{"AZ IDs and MaxAzs", "us-west-2", ProviderVpcProps{AvailabilityZoneIds: []string{"usw2-az1"}, MaxAzs: jsii.Number(2)}, "MaxAzs 2: give AvailabilityZoneIds or MaxAzs, not both"},
		{"empty AZ IDs", "us-west-2", ProviderVpcProps{AvailabilityZoneIds: []string{}}, "AvailabilityZoneIds is empty: want at least one AZ ID"},
		{"AZ name instead of ID", "us-west-2", ProviderVpcProps{AvailabilityZoneIds: []string{"us-west-2a"}}, `AvailabilityZoneIds[0] "us-west-2a": want an AZ ID such as usw2-az1`},
		{"AZ ID of another region", "us-west-2", ProviderVpcProps{AvailabilityZoneIds: []string{"use1-az1"}}, `AvailabilityZoneIds[0] "use1-az1": not an AZ ID of us-west-2, whose AZ IDs start with usw2-`},
		{"AZ ID twice", "us-west-2", ProviderVpcProps{AvailabilityZoneIds: []string{"usw2-az1", "usw2-az1"}}, `AvailabilityZoneIds[1] "usw2-az1": listed twice`},
		{"MaxAzs 0", "us-west-2", ProviderVpcProps{MaxAzs: jsii.Number(0)}, "MaxAzs 0: want a whole number from 1 to 6"},
		{"MaxAzs over the region's", "us-west-2", ProviderVpcProps{MaxAzs: jsii.Number(5)}, "MaxAzs 5: us-west-2 has 4 default AZ IDs (usw2-az1, usw2-az2, usw2-az3, usw2-az4); want at most 4"},
		{"NatGateways 7", "us-west-2", ProviderVpcProps{NatGateways: jsii.Number(7)}, "NatGateways 7: want a whole number from 0 to 6"},
		{"more NAT than AZs", "us-west-2", ProviderVpcProps{NatGateways: jsii.Number(3), AvailabilityZoneIds: []string{"usw2-az1", "usw2-az2"}}, "NatGateways 3: more than the 2 AZs of the VPC"},
		{"CIDR", "us-west-2", ProviderVpcProps{Cidr: jsii.String("10.0.0.0/8")}, `Cidr "10.0.0.0/8": want a prefix length from /16 to /24`},
		{"CIDR host bits", "us-west-2", ProviderVpcProps{Cidr: jsii.String("10.0.0.1/16")}, `Cidr "10.0.0.1/16": want an IPv4 network in CIDR notation`},
		{"misspelt region", "us-wset-2", ProviderVpcProps{}, `AvailabilityZoneIds is nil: region "us-wset-2" has no default AZ IDs in this library (it knows ap-east-1,`},
		{"region without defaults", "ap-southeast-3", ProviderVpcProps{}, `AvailabilityZoneIds is nil: region "ap-southeast-3" has no default AZ IDs in this library`},
		{"environment-agnostic", *awscdk.Aws_REGION(), ProviderVpcProps{}, "AvailabilityZoneIds is nil and the stack's region is not known at synth"},
		{"endpoint zones outside the VPC", "us-west-2", ProviderVpcProps{InterfaceEndpoints: jsii.Bool(true), MaxAzs: jsii.Number(2), InterfaceEndpointAzIds: []string{"usw2-az4"}}, `InterfaceEndpointAzIds ["usw2-az4"]: usw2-az4 is not one of the VPC's AZ IDs`},
		{"endpoint zones without endpoints", "us-west-2", ProviderVpcProps{InterfaceEndpointAzIds: []string{"usw2-az1"}}, `InterfaceEndpointAzIds ["usw2-az1"]: InterfaceEndpoints and CloudFormationEndpoint are not true, so there are no interface endpoints to place; set one of them or drop InterfaceEndpointAzIds`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, _, err := tc.props.validate(tc.region)
			wantErr(t, err, "provider.ProviderVpc: "+tc.want)
		})
	}
	t.Run("constructor panics before building", func(t *testing.T) {
		stack := newStack(t)
		mustPanic(t, func() { NewProviderVpc(stack, jsii.String("Net"), &ProviderVpcProps{MaxAzs: jsii.Number(9)}) }, "provider.ProviderVpc at Test/Net: MaxAzs 9")
		if stack.Node().TryFindChild(jsii.String("Net")) != nil {
			t.Fatal("a construct was created before validation failed")
		}
	})
}
