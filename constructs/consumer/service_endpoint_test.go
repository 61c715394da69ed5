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
	tpl := template(t, stack)
	tpl.HasResourceProperties(jsii.String("AWS::EC2::VPCEndpoint"), obj{
		"VpcEndpointType": "Interface", "ServiceName": dogsService, "PrivateDnsEnabled": false,
		"SubnetIds": []any{
			obj{"Ref": assertions.Match_StringLikeRegexp(jsii.String("^VpcPrivateusw2az1"))},
			obj{"Ref": assertions.Match_StringLikeRegexp(jsii.String("^VpcPrivateusw2az2"))},
		},
		"SecurityGroupIds": []any{obj{"Fn::GetAtt": []any{assertions.Match_StringLikeRegexp(jsii.String("^DogsSecurityGroup")), "GroupId"}}},
		"ServiceRegion":    assertions.Match_Absent(),
	})
	// Only the service port, only from the VPC, nothing out.
	tpl.HasResourceProperties(jsii.String("AWS::EC2::SecurityGroup"), obj{
		"GroupDescription":     assertions.Match_StringLikeRegexp(jsii.String("^Interface endpoint")),
		"SecurityGroupIngress": []any{obj{"CidrIp": "10.0.0.0/16", "FromPort": 8080, "ToPort": 8080, "IpProtocol": "tcp"}},
		"SecurityGroupEgress":  []any{obj{"CidrIp": "255.255.255.255/32", "IpProtocol": "icmp", "FromPort": 252, "ToPort": 86}},
	})
	// Nobody read the addresses: no lookup.
	tpl.ResourceCountIs(jsii.String("Custom::AWS"), jsii.Number(2)) // the VPC's default security group only
	if ep.Port != 8080 || ep.DnsName == nil || fmt.Sprint(ep.AvailabilityZoneIds) != "[usw2-az1 usw2-az2]" {
		t.Fatalf("Port %v, DnsName %v, AvailabilityZoneIds %v", ep.Port, ep.DnsName, ep.AvailabilityZoneIds)
	}
	dns := stack.Resolve(ep.DnsName)
	want := `{"Fn::Select":[1,{"Fn::Split":[":",{"Fn::Select":[0,{"Fn::GetAtt":["DogsEndpoint`
	if got := mustJSON(t, dns); len(got) < len(want) || got[:len(want)] != want {
		t.Fatalf("DnsName resolves to %s, want the regional entry of DnsEntries", got)
	}
	cdktest.AssertNoOpenIngress(t, tpl)
	cdktest.CfnLint(t, tpl)
}

// TestServiceEndpointAddresses: one address per AZ, read from the
// endpoint's own network interfaces by an SDK call with a narrow response,
// made only when asked for.
func TestServiceEndpointAddresses(t *testing.T) {
	for _, azs := range []int{1, 2, 3} {
		t.Run(fmt.Sprintf("%d AZ", azs), func(t *testing.T) {
			stack := newStack(t)
			ep := NewServiceEndpoint(stack, jsii.String("Dogs"), &ServiceEndpointProps{Vpc: newVpc(stack, azs), ServiceName: jsii.String(dogsService)})
			ips := ep.IpAddresses()
			if len(ips) != azs || len(ep.IpAddresses()) != azs {
				t.Fatalf("IpAddresses = %d, want %d", len(ips), azs)
			}
			for i, ip := range ips {
				got := mustJSON(t, stack.Resolve(ip))
				want := `{"Fn::GetAtt":["DogsAddresses`
				if len(got) < len(want) || got[:len(want)] != want || !contains(got, fmt.Sprintf("NetworkInterfaces.%d.PrivateIpAddress", i)) {
					t.Fatalf("IpAddresses[%d] = %s", i, got)
				}
			}
			tpl := template(t, stack)
			found := 0
			for _, r := range cdktest.Resources(t, tpl) {
				create := mustJSON(t, r.Properties["Create"])
				if r.Type != "Custom::AWS" || !contains(create, "describeNetworkInterfaces") {
					continue
				}
				found++
				// Keyed to the endpoint's interfaces: it runs again when they change.
				for i := range azs {
					for _, frag := range []string{
						fmt.Sprintf(`{"Fn::Select":[%d,{"Fn::GetAtt":["DogsEndpoint`, i),
						fmt.Sprintf("NetworkInterfaces.%d.PrivateIpAddress", i),
					} {
						if !contains(create, frag) {
							t.Fatalf("Create %s lacks %s", create, frag)
						}
					}
				}
				if contains(create, fmt.Sprintf("NetworkInterfaces.%d.", azs)) || contains(create, "description") {
					t.Fatalf("Create %s asks for more than the endpoint's addresses", create)
				}
			}
			if found != 1 {
				t.Fatalf("%d address lookups, want 1 however often IpAddresses is called", found)
			}
			tpl.HasResourceProperties(jsii.String("AWS::IAM::Policy"), obj{"PolicyDocument": obj{"Statement": []any{obj{
				"Action": "ec2:DescribeNetworkInterfaces", "Effect": "Allow", "Resource": "*",
			}}}})
			// The function logs to a group the stack creates first.
			tpl.HasResourceProperties(jsii.String("AWS::Lambda::Function"), obj{
				"LoggingConfig": obj{"LogGroup": obj{"Ref": assertions.Match_StringLikeRegexp(jsii.String("^SdkCallLogs"))}},
			})
			tpl.ResourcePropertiesCountIs(jsii.String("AWS::Logs::LogGroup"), obj{"RetentionInDays": 30}, jsii.Number(2)) // flow logs and this
			cdktest.HasNagSuppression(tpl, "AWS::IAM::Policy", "AwsSolutions-IAM5", "EC2 Describe actions support no resource-level permissions")
			cdktest.CfnLint(t, tpl)
		})
	}
}

func TestServiceEndpointZones(t *testing.T) {
	t.Run("chosen zones", func(t *testing.T) {
		stack := newStack(t)
		ep := NewServiceEndpoint(stack, jsii.String("Dogs"), &ServiceEndpointProps{Vpc: newVpc(stack, 3), ServiceName: jsii.String(dogsService),
			AvailabilityZoneIds: []string{"usw2-az3"}})
		template(t, stack).HasResourceProperties(jsii.String("AWS::EC2::VPCEndpoint"), obj{
			"SubnetIds": []any{obj{"Ref": assertions.Match_StringLikeRegexp(jsii.String("^VpcPrivateusw2az3"))}},
		})
		if len(ep.IpAddresses()) != 1 {
			t.Fatal("one address per chosen zone")
		}
	})
	t.Run("by default, the VPC's zones the provider covers", func(t *testing.T) {
		stack := newStack(t)
		ep := NewServiceEndpoint(stack, jsii.String("Dogs"), &ServiceEndpointProps{Vpc: newVpc(stack, 3), ServiceName: jsii.String(dogsService),
			ProviderAvailabilityZoneIds: []string{"usw2-az2", "usw2-az3", "usw2-az4"}})
		if fmt.Sprint(ep.AvailabilityZoneIds) != "[usw2-az2 usw2-az3]" {
			t.Fatalf("AvailabilityZoneIds = %v", ep.AvailabilityZoneIds)
		}
		template(t, stack).HasResourceProperties(jsii.String("AWS::EC2::VPCEndpoint"), obj{"SubnetIds": []any{
			obj{"Ref": assertions.Match_StringLikeRegexp(jsii.String("^VpcPrivateusw2az2"))}, obj{"Ref": assertions.Match_StringLikeRegexp(jsii.String("^VpcPrivateusw2az3"))},
		}})
	})
	t.Run("imported VPC: zones declared for the chosen subnets", func(t *testing.T) {
		stack := newStack(t)
		ep := NewServiceEndpoint(stack, jsii.String("Dogs"), &ServiceEndpointProps{Vpc: importedVpc(stack, "theirs", 2), ServiceName: jsii.String(dogsService),
			AvailabilityZoneIds: []string{"usw2-az4", "usw2-az1"}, ProviderAvailabilityZoneIds: []string{"usw2-az1", "usw2-az4"}})
		if fmt.Sprint(ep.AvailabilityZoneIds) != "[usw2-az4 usw2-az1]" {
			t.Fatalf("AvailabilityZoneIds = %v", ep.AvailabilityZoneIds)
		}
	})
	for _, tc := range []struct {
		name  string
		props func(awscdk.Stack) *ServiceEndpointProps
		want  string
	}{
		{"chosen zone outside the provider's", func(s awscdk.Stack) *ServiceEndpointProps {
			return &ServiceEndpointProps{Vpc: newVpc(s, 3), ServiceName: jsii.String(dogsService), AvailabilityZoneIds: []string{"usw2-az1", "usw2-az3"}, ProviderAvailabilityZoneIds: []string{"usw2-az1", "usw2-az2"}}
		}, `AvailabilityZoneIds ["usw2-az1" "usw2-az3"]: the provider covers ["usw2-az1" "usw2-az2"] only, so the endpoint would fail at deploy time in ["usw2-az3"]`},
		{"no zone in common", func(s awscdk.Stack) *ServiceEndpointProps {
			return &ServiceEndpointProps{Vpc: newVpc(s, 2), ServiceName: jsii.String(dogsService), ProviderAvailabilityZoneIds: []string{"usw2-az3", "usw2-az4"}}
		}, `Subnets: the VPC's zones ["usw2-az1" "usw2-az2"] and the provider's ["usw2-az3" "usw2-az4"] have none in common`},
		{"zone the VPC lacks", func(s awscdk.Stack) *ServiceEndpointProps {
			return &ServiceEndpointProps{Vpc: newVpc(s, 2), ServiceName: jsii.String(dogsService), AvailabilityZoneIds: []string{"usw2-az4"}}
		}, `AvailabilityZoneIds[0] "usw2-az4": the subnets Subnets selects are in usw2-az1, usw2-az2 only`},
		{"imported VPC: count mismatch", func(s awscdk.Stack) *ServiceEndpointProps {
			return &ServiceEndpointProps{Vpc: importedVpc(s, "theirs", 2), ServiceName: jsii.String(dogsService), AvailabilityZoneIds: []string{"usw2-az4"}}
		}, `AvailabilityZoneIds ["usw2-az4"]: 1 AZ IDs for the 2 subnets (one per AZ) that Subnets selects`},
		{"imported VPC: declared zone outside the provider's", func(s awscdk.Stack) *ServiceEndpointProps {
			return &ServiceEndpointProps{Vpc: importedVpc(s, "theirs", 1), ServiceName: jsii.String(dogsService), AvailabilityZoneIds: []string{"usw2-az4"}, ProviderAvailabilityZoneIds: []string{"usw2-az1"}}
		}, `AvailabilityZoneIds ["usw2-az4"]: the provider covers ["usw2-az1"] only`},
		{"subnet type the VPC lacks", func(s awscdk.Stack) *ServiceEndpointProps {
			return &ServiceEndpointProps{Vpc: newVpc(s, 2), ServiceName: jsii.String(dogsService), Subnets: &ec2.SubnetSelection{SubnetType: ec2.SubnetType_PUBLIC}}
		}, "Subnets selects nothing aws-cdk-lib can give: ThereSubnetGroups: There are no 'Public' subnet groups in this VPC. Available types: Isolated,Deprecated_Isolated; want a selection of subnets the VPC has"},
		{"imported VPC without a CIDR, no peers", func(s awscdk.Stack) *ServiceEndpointProps {
			vpc := ec2.Vpc_FromVpcAttributes(s, jsii.String("NoCidr"), &ec2.VpcAttributes{
				VpcId: jsii.String("vpc-0123456789abcdef0"), AvailabilityZones: jsii.Strings("us-west-2a"),
				PrivateSubnetIds: jsii.Strings("subnet-0123456789abcdef1"), PrivateSubnetRouteTableIds: jsii.Strings("rtb-0123456789abcdef1"),
			})
			return &ServiceEndpointProps{Vpc: vpc, ServiceName: jsii.String(dogsService)}
		}, "AllowedPeers is empty, and Vpc (imported without its CIDR block) has no CIDR to admit by default: give AllowedPeers (the security groups or CIDRs of the clients), or import the VPC with VpcCidrBlock"},
		{"zero subnets", func(s awscdk.Stack) *ServiceEndpointProps {
			return &ServiceEndpointProps{Vpc: newVpc(s, 2), ServiceName: jsii.String(dogsService), Subnets: &ec2.SubnetSelection{SubnetGroupName: jsii.String("Private"), SubnetFilters: &[]ec2.SubnetFilter{ec2.SubnetFilter_ByIds(jsii.Strings("subnet-elsewhere"))}}}
		}, "Subnets selects no subnet of the VPC: want a selection that matches at least one subnet"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			stack := newStack(t)
			props := tc.props(stack)
			cdktest.MustPanic(t, func() { NewServiceEndpoint(stack, jsii.String("Dogs"), props) }, "consumer.ServiceEndpoint at Test/Dogs: "+tc.want)
			if stack.Node().TryFindChild(jsii.String("Dogs")) != nil {
				t.Fatal("a construct was created before validation failed")
			}
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
	tpl := template(t, stack)
	tpl.HasResourceProperties(jsii.String("AWS::EC2::VPCEndpoint"), obj{
		"ServiceRegion": "us-east-1", "PrivateDnsEnabled": true,
		"SubnetIds": []any{obj{"Ref": assertions.Match_StringLikeRegexp(jsii.String("^VpcPrivateusw2az1"))}, obj{"Ref": assertions.Match_StringLikeRegexp(jsii.String("^VpcPrivateusw2az3"))}},
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
	template(t, stack).HasResourceProperties(jsii.String("AWS::EC2::VPCEndpoint"), obj{
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
		{"nil name", ServiceEndpointProps{}, "us-west-2", []string{"Vpc is nil", "ServiceName is nil: want the provider's Contract() as Service, or its endpoint service name"}},
		{"bad name", ServiceEndpointProps{ServiceName: jsii.String("vpce-svc-0051")}, "us-west-2", []string{`ServiceName "vpce-svc-0051": want an endpoint service name such as com.amazonaws.vpce.us-west-2.vpce-svc-0123456789abcdef0`}},
		{"port", ServiceEndpointProps{ServiceName: jsii.String(dogsService), Port: jsii.Number(65536)}, "us-west-2", []string{"Port 65536: want a whole number from 1 to 65535"}},
		{"region mismatch", ServiceEndpointProps{ServiceName: jsii.String("com.amazonaws.vpce.us-east-1.vpce-svc-00511039988fe3e47")}, "us-west-2",
			[]string{"the service is in us-east-1 but this stack is in us-west-2; set ServiceRegion to \"us-east-1\""}},
		{"region mismatch of a provider's name in the same app", ServiceEndpointProps{ServiceName: jsii.String("com.amazonaws.vpce.eu-central-1.${Token[TOKEN.42]}")}, "us-east-1",
			[]string{`ServiceName "com.amazonaws.vpce.eu-central-1.<the provider's service ID>": the service is in eu-central-1 but this stack is in us-east-1; set ServiceRegion to "eu-central-1"`}},
		{"service region disagrees with name", ServiceEndpointProps{ServiceName: jsii.String(dogsService), ServiceRegion: jsii.String("eu-west-1")}, "us-west-2",
			[]string{`ServiceRegion "eu-west-1": the service name "` + dogsService + `" is in us-west-2`}},
		{"bad service region", ServiceEndpointProps{ServiceName: jsii.String(dogsService), ServiceRegion: jsii.String("west")}, "us-west-2", []string{`ServiceRegion "west": want an AWS region name`}},
		{"AZ name for an AZ ID", ServiceEndpointProps{ServiceName: jsii.String(dogsService), AvailabilityZoneIds: []string{"us-west-2a"}}, "us-west-2", []string{`AvailabilityZoneIds[0] "us-west-2a": want an AZ ID such as usw2-az1`}},
		{"provider zones of another region", ServiceEndpointProps{ServiceName: jsii.String(dogsService), ProviderAvailabilityZoneIds: []string{"euc1-az1"}}, "us-west-2", []string{`ProviderAvailabilityZoneIds[0] "euc1-az1": not an AZ ID of us-west-2`}},
		{"provider zones of a cross-region service", ServiceEndpointProps{ServiceName: jsii.String("com.amazonaws.vpce.us-east-1.vpce-svc-00511039988fe3e47"), ServiceRegion: jsii.String("us-east-1"), ProviderAvailabilityZoneIds: []string{"usw2-az1"}}, "us-west-2",
			[]string{`ProviderAvailabilityZoneIds ["usw2-az1"]: the service is in another region (ServiceRegion "us-east-1"), whose zones do not constrain where this endpoint goes; leave ProviderAvailabilityZoneIds unset`}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			props := tc.props
			if props.Vpc == nil && tc.name != "nil name" {
				props.Vpc = importedVpc(newStack(t), "v", 1)
			}
			cdktest.WantErr(t, props.validate(tc.region), append([]string{"consumer.ServiceEndpoint: "}, tc.want...)...)
		})
	}
	t.Run("region unknown at synth: mismatch not judged", func(t *testing.T) {
		props := ServiceEndpointProps{Vpc: importedVpc(newStack(t), "v", 1), ServiceName: jsii.String("com.amazonaws.vpce.us-east-1.vpce-svc-00511039988fe3e47")}
		if err := props.validate(*awscdk.Aws_REGION()); err != nil {
			t.Fatal(err)
		}
	})
	t.Run("constructor panics before building", func(t *testing.T) {
		stack := newStack(t)
		cdktest.MustPanic(t, func() {
			NewServiceEndpoint(stack, jsii.String("Dogs"), &ServiceEndpointProps{ServiceName: jsii.String("x")})
		},
			"consumer.ServiceEndpoint at Test/Dogs: Vpc is nil", `ServiceName "x"`)
		if stack.Node().TryFindChild(jsii.String("Dogs")) != nil {
			t.Fatal("a construct was created before validation failed")
		}
	})
}
