package provider

import (
	"strings"
	"testing"

	"github.com/aws/aws-cdk-go/awscdk/v2/assertions"
	ec2 "github.com/aws/aws-cdk-go/awscdk/v2/awsec2"
	"github.com/aws/jsii-runtime-go"
)

func ipProps(vpc ec2.IVpc) *IpProviderProps {
	return &IpProviderProps{
		ProviderOptions: ProviderOptions{
			Vpc:             vpc,
			EndpointService: EndpointServiceOptions{AllowedPrincipals: []string{"111111111111"}},
		},
		Addresses:         []string{"10.0.0.20"},
		ExternalAddresses: []string{"192.168.10.5", "100.64.0.7"},
	}
}

// TestIpProvider: addresses in the VPC are registered as they are, those
// beyond it in every zone, on the target port, and the load balancer may
// send to them alone.
func TestIpProvider(t *testing.T) {
	stack := newStack(t)
	props := ipProps(newVpc(stack))
	props.Port, props.TargetPort = jsii.Number(443), jsii.Number(8443)
	p := NewIpProvider(stack, jsii.String("Legacy"), props)
	if *p.Contract().Port != 443 || *p.Connections().DefaultPort().ToString() != "8443" {
		t.Fatalf("Contract().Port = %v, Connections() port %s; want 443 and 8443", *p.Contract().Port, *p.Connections().DefaultPort().ToString())
	}
	tpl := template(t, stack)
	tpl.HasResourceProperties(jsii.String("AWS::ElasticLoadBalancingV2::TargetGroup"), obj{
		"TargetType": "ip", "Port": 8443, "Protocol": "TCP",
		"Targets": []any{
			obj{"Id": "10.0.0.20", "AvailabilityZone": assertions.Match_Absent()},
			obj{"Id": "192.168.10.5", "AvailabilityZone": "all"},
			obj{"Id": "100.64.0.7", "AvailabilityZone": "all"},
		},
	})
	tpl.HasResourceProperties(jsii.String("AWS::ElasticLoadBalancingV2::Listener"), obj{"Port": 443})
	tpl.HasResourceProperties(jsii.String("AWS::EC2::SecurityGroup"), obj{
		"GroupDescription": assertions.Match_StringLikeRegexp(jsii.String("^Load balancer of a PrivateLink service")),
		"SecurityGroupEgress": assertions.Match_ArrayWith(&[]any{
			assertions.Match_ObjectLike(&map[string]any{"CidrIp": "10.0.0.20/32", "FromPort": 8443, "ToPort": 8443, "IpProtocol": "tcp"}),
			assertions.Match_ObjectLike(&map[string]any{"CidrIp": "192.168.10.5/32", "FromPort": 8443, "ToPort": 8443, "IpProtocol": "tcp"}),
			assertions.Match_ObjectLike(&map[string]any{"CidrIp": "100.64.0.7/32", "FromPort": 8443, "ToPort": 8443, "IpProtocol": "tcp"}),
		}),
	})
	assertNoOpenIngress(t, tpl)
}

func TestIpProviderValidation(t *testing.T) {
	for _, tc := range []struct {
		name    string
		change  func(*IpProviderProps)
		vpcCidr string
		want    []string
	}{
		{"no address", func(p *IpProviderProps) { p.Addresses, p.ExternalAddresses = nil, nil }, "10.0.0.0/16",
			[]string{"Addresses and ExternalAddresses are empty: want the IPv4 addresses of the servers, such as 10.0.1.20"}},
		{"not IPv4", func(p *IpProviderProps) { p.Addresses = []string{"fd00::1", "10.0.0.300"} }, "10.0.0.0/16",
			[]string{`Addresses[0] "fd00::1": want an IPv4 address such as 10.0.1.20`, `Addresses[1] "10.0.0.300": want an IPv4 address`}},
		{"outside the VPC", func(p *IpProviderProps) { p.Addresses = []string{"10.1.0.5"} }, "10.0.0.0/16",
			[]string{`Addresses[0] "10.1.0.5": not in the VPC's CIDR block 10.0.0.0/16; list an address beyond the VPC in ExternalAddresses`}},
		{"external in the VPC", func(p *IpProviderProps) { p.ExternalAddresses = []string{"10.0.3.3"} }, "10.0.0.0/16",
			[]string{`ExternalAddresses[0] "10.0.3.3": in the VPC's CIDR block 10.0.0.0/16; list it in Addresses`}},
		{"public", func(p *IpProviderProps) { p.ExternalAddresses = []string{"8.8.8.8", "172.32.0.1", "100.128.0.1"} }, "10.0.0.0/16",
			[]string{`ExternalAddresses[0] "8.8.8.8": ELB accepts outside the VPC only 10.0.0.0/8, 172.16.0.0/12, 192.168.0.0/16 (RFC 1918) and 100.64.0.0/10 (RFC 6598), never a public address`,
				`ExternalAddresses[1] "172.32.0.1": ELB accepts`, `ExternalAddresses[2] "100.128.0.1": ELB accepts`}},
		{"twice", func(p *IpProviderProps) { p.ExternalAddresses = []string{"192.168.0.1", "192.168.0.1"} }, "",
			[]string{`ExternalAddresses[1] "192.168.0.1": already ExternalAddresses[0]; a target is registered once`}},
		{"VPC CIDR unknown: only the ranges are checked", func(p *IpProviderProps) {
			p.Addresses = []string{"10.9.9.9"}
			p.ExternalAddresses = []string{"1.1.1.1"}
		}, "",
			[]string{`ExternalAddresses[0] "1.1.1.1": ELB accepts`}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			props := ipProps(nil)
			props.Vpc = importedVpc(newStack(t))
			tc.change(props)
			err := props.validate("us-west-2", tc.vpcCidr)
			wantErr(t, err, append([]string{"provider.IpProvider: "}, tc.want...)...)
			if n := strings.Count(err.Error(), "provider.IpProvider"); n != len(tc.want) {
				t.Fatalf("%d problems, want %d: %v", n, len(tc.want), err)
			}
		})
	}
	t.Run("the VPC's CIDR block, when known", func(t *testing.T) {
		stack := newStack(t)
		if got := vpcCidr(newVpc(stack)); got != DefaultVpcCidr {
			t.Errorf("ProviderVpc: %q, want %q", got, DefaultVpcCidr)
		}
		if got := vpcCidr(ec2.Vpc_FromVpcAttributes(stack, jsii.String("NoCidr"), &ec2.VpcAttributes{VpcId: jsii.String("vpc-1"), AvailabilityZones: jsii.Strings("a")})); got != "" {
			t.Errorf("imported without a CIDR block: %q, want unknown", got)
		}
		if got := vpcCidr(ec2.NewVpc(stack, jsii.String("Made"), nil)); got != "" {
			t.Errorf("a CDK Vpc's CIDR block is a token: %q, want unknown", got)
		}
	})
	t.Run("constructor panics before building", func(t *testing.T) {
		stack := newStack(t)
		props := ipProps(newVpc(stack))
		props.Addresses = []string{"10.200.0.1"}
		mustPanic(t, func() { NewIpProvider(stack, jsii.String("Legacy"), props) }, "Test/Legacy", `Addresses[0] "10.200.0.1": not in the VPC's CIDR block`)
		if stack.Node().TryFindChild(jsii.String("Legacy")) != nil {
			t.Fatal("a construct was created before validation failed")
		}
	})
}
