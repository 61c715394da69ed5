package consumer

import (
	"fmt"
	"testing"

	"github.com/aws/aws-cdk-go/awscdk/v2"
	"github.com/aws/aws-cdk-go/awscdk/v2/assertions"
	ec2 "github.com/aws/aws-cdk-go/awscdk/v2/awsec2"
	"github.com/aws/jsii-runtime-go"

	"github.com/cdk-privatelink/cdk-privatelink/internal/cdktest"
)

func TestServiceEndpointDefaults(t *testing.T) {
	stack := newStack(t)
	ep := NewServiceEndpoint(stack, jsii.String("Dogs"), &ServiceEndpointProps{Vpc: newVpc(stack, 2), ServiceName: jsii.String(dogsService)})
	tpl := template(stack)
	tpl.HasResourceProperties(jsii.String("AWS::EC2::VPCEndpoint"), obj{
		"VpcEndpointType": "Interface", "ServiceName": dogsService, "PrivateDnsEnabled": false,
		"SubnetIds":        []any{obj{"Ref": assertions.Match_AnyValue()}, obj{"Ref": assertions.Match_AnyValue()}},
		"SecurityGroupIds": []any{obj{"Fn::GetAtt": []any{assertions.Match_StringLikeRegexp(jsii.String("^DogsSecurityGroup")), "GroupId"}}},
		"ServiceRegion":    assertions.Match_Absent(),
	})
	// Only the service port, only from the VPC, nothing out.
	tpl.HasResourceProperties(jsii.String("AWS::EC2::SecurityGroup"), obj{
		"GroupDescription": assertions.Match_StringLikeRegexp(jsii.String("^Interface endpoint")),
		"SecurityGroupIngress": []any{obj{
			"CidrIp": obj{"Fn::GetAtt": []any{"Vpc8378EB38", "CidrBlock"}}, "FromPort": 8080, "ToPort": 8080, "IpProtocol": "tcp",
		}},
		"SecurityGroupEgress": []any{obj{"CidrIp": "255.255.255.255/32", "IpProtocol": "icmp", "FromPort": 252, "ToPort": 86}},
	})
	if ep.Port != 8080 || ep.DnsName == nil {
		t.Fatalf("Port %v, DnsName %v", ep.Port, ep.DnsName)
	}
	dns := stack.Resolve(ep.DnsName)
	want := `{"Fn::Select":[1,{"Fn::Split":[":",{"Fn::Select":[0,{"Fn::GetAtt":["DogsEndpoint`
	if got := mustJSON(t, dns); len(got) < len(want) || got[:len(want)] != want {
		t.Fatalf("DnsName resolves to %s, want the regional entry of DnsEntries", got)
	}
	cdktest.AssertNoOpenIngress(t, tpl)
	cdktest.HasNagSuppression(tpl, "AWS::EC2::SecurityGroup", "CdkNagValidationFailure", "VPC's own CIDR block")
	cdktest.HasNagSuppression(tpl, "AWS::IAM::Policy", "AwsSolutions-IAM5", "ec2:DescribeNetworkInterfaces supports no resource-level permissions")
}

// TestServiceEndpointAddresses: one address per AZ, read from the
// endpoint's own interfaces by an SDK call with a narrow response.
func TestServiceEndpointAddresses(t *testing.T) {
	for _, azs := range []int{1, 2, 3} {
		t.Run(fmt.Sprintf("%d AZ", azs), func(t *testing.T) {
			stack := newStack(t)
			ep := NewServiceEndpoint(stack, jsii.String("Dogs"), &ServiceEndpointProps{Vpc: newVpc(stack, azs), ServiceName: jsii.String(dogsService)})
			if len(ep.IpAddresses) != azs {
				t.Fatalf("IpAddresses = %d, want %d", len(ep.IpAddresses), azs)
			}
			for i, ip := range ep.IpAddresses {
				got := mustJSON(t, stack.Resolve(ip))
				want := `{"Fn::GetAtt":["DogsAddresses`
				if len(got) < len(want) || got[:len(want)] != want || !contains(got, fmt.Sprintf("NetworkInterfaces.%d.PrivateIpAddress", i)) {
					t.Fatalf("IpAddresses[%d] = %s", i, got)
				}
			}
			tpl := template(stack)
			tpl.ResourceCountIs(jsii.String("Custom::AWS"), jsii.Number(1))
			cr := cdktest.Resources(t, tpl)
			for _, r := range cr {
				if r.Type != "Custom::AWS" {
					continue
				}
				create := mustJSON(t, r.Properties["Create"])
				for _, frag := range []string{`\"service\":\"EC2\"`, `\"action\":\"describeNetworkInterfaces\"`, `VPC Endpoint Interface `, `\"Name\":\"description\"`} {
					if !contains(create, frag) {
						t.Fatalf("Create %s lacks %s", create, frag)
					}
				}
				for i := range azs {
					if !contains(create, fmt.Sprintf("NetworkInterfaces.%d.PrivateIpAddress", i)) {
						t.Fatalf("Create %s lacks output path %d", create, i)
					}
				}
				if contains(create, fmt.Sprintf("NetworkInterfaces.%d.", azs)) {
					t.Fatalf("Create %s asks for more addresses than AZs", create)
				}
			}
			tpl.HasResourceProperties(jsii.String("AWS::IAM::Policy"), obj{"PolicyDocument": obj{"Statement": []any{obj{
				"Action": "ec2:DescribeNetworkInterfaces", "Effect": "Allow", "Resource": "*",
			}}}})
		})
	}
}

func TestServiceEndpointOptions(t *testing.T) {
	stack := newStack(t)
	vpc := newVpc(stack, 3)
	NewServiceEndpoint(stack, jsii.String("Dogs"), &ServiceEndpointProps{
		Vpc: vpc, ServiceName: jsii.String("com.amazonaws.vpce.us-east-1.vpce-svc-00511039988fe3e47"),
		Port: jsii.Number(443), PrivateDnsEnabled: jsii.Bool(true), ServiceRegion: jsii.String("us-east-1"),
		Subnets:      &ec2.SubnetSelection{Subnets: &[]ec2.ISubnet{(*vpc.IsolatedSubnets())[0], (*vpc.IsolatedSubnets())[2]}},
		AllowedPeers: []ec2.IPeer{ec2.Peer_Ipv4(jsii.String("10.9.0.0/16")), ec2.Peer_PrefixList(jsii.String("pl-0123456789abcdef0"))},
	})
	tpl := template(stack)
	tpl.HasResourceProperties(jsii.String("AWS::EC2::VPCEndpoint"), obj{
		"ServiceRegion": "us-east-1", "PrivateDnsEnabled": true,
		"SubnetIds": []any{obj{"Ref": assertions.Match_AnyValue()}, obj{"Ref": assertions.Match_AnyValue()}},
	})
	tpl.HasResourceProperties(jsii.String("AWS::EC2::SecurityGroup"), obj{
		"GroupDescription": assertions.Match_StringLikeRegexp(jsii.String("^Interface endpoint")),
		"SecurityGroupIngress": []any{
			obj{"CidrIp": "10.9.0.0/16", "FromPort": 443, "ToPort": 443, "IpProtocol": "tcp", "Description": "service port"},
		},
	})
	// CDK writes prefix-list rules as resources of their own.
	tpl.HasResourceProperties(jsii.String("AWS::EC2::SecurityGroupIngress"), obj{
		"SourcePrefixListId": "pl-0123456789abcdef0", "FromPort": 443, "ToPort": 443, "IpProtocol": "tcp", "Description": "service port",
	})
}

func TestServiceEndpointTokenServiceName(t *testing.T) {
	stack := newStack(t)
	name := awscdk.Fn_GetStackOutput(jsii.String("dognames-provider"), jsii.String("DogNamesServiceName"), nil, nil)
	NewServiceEndpoint(stack, jsii.String("Dogs"), &ServiceEndpointProps{Vpc: newVpc(stack, 2), ServiceName: name})
	template(stack).HasResourceProperties(jsii.String("AWS::EC2::VPCEndpoint"), obj{
		"ServiceName": obj{"Fn::GetStackOutput": assertions.Match_AnyValue()},
	})
}

func TestServiceEndpointValidation(t *testing.T) {
	for _, tc := range []struct {
		name   string
		props  ServiceEndpointProps
		region string
		want   []string
	}{
		{"nil name", ServiceEndpointProps{}, "us-west-2", []string{"Vpc is nil", "ServiceName is nil: want the provider's endpoint service name"}},
		{"bad name", ServiceEndpointProps{ServiceName: jsii.String("vpce-svc-0051")}, "us-west-2", []string{`ServiceName "vpce-svc-0051": want an endpoint service name such as com.amazonaws.vpce.us-west-2.vpce-svc-0123456789abcdef0`}},
		{"port", ServiceEndpointProps{ServiceName: jsii.String(dogsService), Port: jsii.Number(65536)}, "us-west-2", []string{"Port 65536: want a whole number from 1 to 65535"}},
		{"region mismatch", ServiceEndpointProps{ServiceName: jsii.String("com.amazonaws.vpce.us-east-1.vpce-svc-00511039988fe3e47")}, "us-west-2",
			[]string{"the service is in us-east-1 but this stack is in us-west-2; set ServiceRegion to \"us-east-1\""}},
		{"service region disagrees with name", ServiceEndpointProps{ServiceName: jsii.String(dogsService), ServiceRegion: jsii.String("eu-west-1")}, "us-west-2",
			[]string{`ServiceRegion "eu-west-1": the service name "` + dogsService + `" is in us-west-2`}},
		{"bad service region", ServiceEndpointProps{ServiceName: jsii.String(dogsService), ServiceRegion: jsii.String("west")}, "us-west-2", []string{`ServiceRegion "west": want an AWS region name`}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			props := tc.props
			if props.Vpc == nil && tc.name != "nil name" {
				props.Vpc = ec2.Vpc_FromVpcAttributes(newStack(t), jsii.String("V"), &ec2.VpcAttributes{VpcId: jsii.String("vpc-0123456789abcdef0"), AvailabilityZones: jsii.Strings("us-west-2a")})
			}
			cdktest.WantErr(t, props.validate(tc.region), append([]string{"consumer.ServiceEndpoint: "}, tc.want...)...)
		})
	}
	t.Run("region unknown at synth: mismatch not judged", func(t *testing.T) {
		props := ServiceEndpointProps{Vpc: ec2.Vpc_FromVpcAttributes(newStack(t), jsii.String("V"), &ec2.VpcAttributes{VpcId: jsii.String("vpc-0123456789abcdef0"), AvailabilityZones: jsii.Strings("a")}),
			ServiceName: jsii.String("com.amazonaws.vpce.us-east-1.vpce-svc-00511039988fe3e47")}
		if err := props.validate(*awscdk.Aws_REGION()); err != nil {
			t.Fatal(err)
		}
	})
	t.Run("zero subnets", func(t *testing.T) {
		stack := newStack(t)
		vpc := newVpc(stack, 2)
		cdktest.MustPanic(t, func() {
			NewServiceEndpoint(stack, jsii.String("Dogs"), &ServiceEndpointProps{Vpc: vpc, ServiceName: jsii.String(dogsService),
				Subnets: &ec2.SubnetSelection{AvailabilityZones: jsii.Strings("us-west-2d")}})
		}, "consumer.ServiceEndpoint: Subnets selects no subnet of the VPC")
	})
	t.Run("constructor panics before building", func(t *testing.T) {
		stack := newStack(t)
		cdktest.MustPanic(t, func() {
			NewServiceEndpoint(stack, jsii.String("Dogs"), &ServiceEndpointProps{ServiceName: jsii.String("x")})
		},
			"consumer.ServiceEndpoint: Vpc is nil", `ServiceName "x"`)
		if stack.Node().TryFindChild(jsii.String("Dogs")) != nil {
			t.Fatal("a construct was created before validation failed")
		}
	})
}
